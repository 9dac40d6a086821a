/// Resamples a stream of frames to a constant frame rate, as a player would show it: output
/// frame `k` is at `k / framesPerSecond` seconds and shows the latest source frame presented at
/// or before that time; the first source frame also fills the slots before it. Frames are
/// dropped when the source rate is higher and repeated when it is lower.
struct FrameRateSampler: Sendable {
    /// Timestamps within 1 ms of a slot count as on it: Matroska rounds timestamps to 1 ms.
    static let toleranceSeconds = 0.001

    let framesPerSecond: Double
    private var nextSlot = 0

    init(framesPerSecond: Double) {
        precondition(framesPerSecond > 0, "frame rate must be positive")
        self.framesPerSecond = framesPerSecond
    }

    /// The time of slot `k`, in seconds.
    func time(ofSlot slot: Int) -> Double {
        Double(slot) / framesPerSecond
    }

    /// The slots before `seconds` not yet handed out: those the frame held so far covers when
    /// the next source frame is presented at `seconds` (or when the held frame ends there).
    mutating func slots(before seconds: Double) -> Range<Int> {
        let first = nextSlot
        while time(ofSlot: nextSlot) < seconds - Self.toleranceSeconds { nextSlot += 1 }
        return first..<nextSlot
    }
}
