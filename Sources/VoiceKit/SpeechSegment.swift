/// A stretch of speech found by `VoiceActivityDetector`, in seconds from the start of the audio.
public struct SpeechSegment: Sendable, Equatable, CustomStringConvertible {
    /// Start time in seconds (≥ 0).
    public let startSeconds: Double
    /// End time in seconds (> start, ≤ the audio's duration).
    public let endSeconds: Double

    public init(startSeconds: Double, endSeconds: Double) {
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
    }

    public var durationSeconds: Double { endSeconds - startSeconds }

    public var description: String {
        "\(String(format: "%.2f", startSeconds))–\(String(format: "%.2f", endSeconds)) s"
    }
}
