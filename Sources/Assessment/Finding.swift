/// What a flagged moment is about: the API reference's visual indicators plus the second voice.
public enum Indicator: String, Codable, Sendable, CaseIterable {
    case faceMissing = "face_missing"
    case multipleFaces = "multiple_faces"
    case headTurned = "head_turned"
    case eyesOffScreen = "eyes_off_screen"
    case secondVoice = "second_voice"

    /// How reviewers read it in `issues_detected` and summaries (the reference's wording).
    public var label: String {
        switch self {
        case .faceMissing: "Face not visible"
        case .multipleFaces: "Multiple faces"
        case .headTurned: "Head turned away"
        case .eyesOffScreen: "Eyes off-screen"
        case .secondVoice: "Second voice"
        }
    }
}

/// One flagged interval of an answer video, with the numbers behind it: our extension of the
/// reference's `cheating_detection` (`timeline`), so that a reviewer can check every finding.
public struct Finding: Codable, Sendable, Equatable {
    public var indicator: Indicator
    /// Seconds from the start of the video.
    public var startSeconds: Double
    public var endSeconds: Double
    /// Analysed frames inside the interval that showed the indicator (nil for audio findings).
    public var frames: Int?
    /// The measurement that crossed its threshold ("face_count", "yaw_deg", ...), its most
    /// extreme value in the interval, and the threshold it was compared with.
    public var measure: String
    public var peak: Double
    public var threshold: Double
    /// Session-relative path of a JPEG of the interval's first frame (`evidence/<n>/<k>.jpg`),
    /// set by the stage once the snapshot is written.
    public var snapshot: String?

    public init(indicator: Indicator, startSeconds: Double, endSeconds: Double, frames: Int?, measure: String,
                peak: Double, threshold: Double, snapshot: String? = nil) {
        self.indicator = indicator
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.frames = frames
        self.measure = measure
        self.peak = peak
        self.threshold = threshold
        self.snapshot = snapshot
    }

    public var durationSeconds: Double { endSeconds - startSeconds }

    enum CodingKeys: String, CodingKey {
        case indicator, frames, measure, peak, threshold, snapshot
        case startSeconds = "start_s"
        case endSeconds = "end_s"
    }
}
