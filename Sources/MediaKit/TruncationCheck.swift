/// Decides whether a file ended long before the duration its header declares, which is how a
/// cut-off upload shows once its header could be read (an MP4 with its index in front, a WebM,
/// an AVI): the demuxer simply runs out of packets early, or fails on the broken last one.
enum TruncationCheck {
    /// Complete files end within a frame or an audio packet (under 0.1 s) of their declared
    /// duration (the test media: within 3 ms); a cut-off file falls short by the part that is
    /// missing. Half a second, or 2 % of long files, separates the two.
    static func toleranceSeconds(declaredSeconds: Double) -> Double {
        max(0.5, 0.02 * declaredSeconds)
    }

    /// Throws `.truncated` when the packets reached less of the timeline than the header declares.
    /// - Parameters:
    ///   - declaredSeconds: the header's promise (`InputFile.declaredDurationSeconds`); nil skips the check.
    ///   - reachedSeconds: the end of the last packet read (`DecodeLoop.Outcome.demuxedEndSeconds`).
    static func verify(declaredSeconds: Double?, reachedSeconds: Double) throws(MediaError) {
        guard let declaredSeconds else { return }
        if reachedSeconds < declaredSeconds - toleranceSeconds(declaredSeconds: declaredSeconds) {
            throw .truncated(decodedSeconds: reachedSeconds, expectedSeconds: declaredSeconds)
        }
    }
}
