/// Mono samples placed on a media file's timeline: sample `i` plays at `i / sampleRate` seconds
/// from the timeline's origin, so audio stays aligned with the video even when the stream has
/// gaps or overlapping timestamps.
///
/// A chunk that starts later than the track's end (a gap in the stream) is preceded by silence;
/// one that starts earlier (overlapping timestamps) loses its overlapping start. Differences up
/// to `toleranceSeconds` are ignored, so timestamp jitter and codec rounding never add clicks; for
/// a stream without gaps the result is the plain concatenation, as `ffmpeg -ar 16000 -ac 1` gives.
struct SampleTimeline: Sendable {
    /// 40 ms: below the ~45 ms at which viewers notice audio leading video (ITU-R BT.1359), and
    /// above the 1 ms timestamp rounding of Matroska and the 20 ms frames of Opus.
    static let toleranceSeconds = 0.04

    let sampleRate: Int
    /// Silence is never added beyond this point of the timeline, in samples, so a corrupt or
    /// crafted timestamp far in the future cannot make the track (and memory) grow without bound;
    /// decoded audio past it is still appended, contiguously.
    let paddingLimit: Int
    private(set) var samples: [Float] = []

    /// - Parameter paddingLimitSeconds: the timeline's known length (see `paddingLimit`).
    init(sampleRate: Int, paddingLimitSeconds: Double) {
        self.sampleRate = sampleRate
        self.paddingLimit = Int((paddingLimitSeconds * Double(sampleRate)).rounded(.up))
    }

    /// Appends `chunk`, whose first sample belongs at `startSeconds` on the timeline; `nil`
    /// means "right after the previous chunk".
    mutating func append(_ chunk: [Float], startingAt startSeconds: Double?) {
        guard let startSeconds else {
            samples += chunk
            return
        }
        let offset = Int((startSeconds * Double(sampleRate)).rounded()) - samples.count
        let tolerance = Int(Self.toleranceSeconds * Double(sampleRate))
        if offset > tolerance {
            samples += repeatElement(0, count: min(offset, max(0, paddingLimit - samples.count)))
            samples += chunk
        } else if offset < -tolerance {
            samples += chunk.dropFirst(-offset)
        } else {
            samples += chunk
        }
    }
}
