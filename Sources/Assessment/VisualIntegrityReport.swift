/// `cheating_detection.visual`: the reference's fields, then our evidence (`timeline`, `baseline`).
public struct VisualIntegrityReport: Codable, Sendable, Equatable {
    public var totalFramesAnalyzed: Int
    public var suspiciousFrames: Int
    /// Percent of analysed frames that are suspicious: the answer's cheating score.
    public var suspiciousPercentage: Double
    public var faceDetectedPercentage: Double
    /// 100 − `suspiciousPercentage`, as the API reference defines it.
    public var confidenceScore: Double
    public var verdict: Verdict
    /// "Eyes off-screen: 45 frames (6.35%)", most frames first.
    public var issuesDetected: [String]
    /// Every flagged interval, in time order.
    public var timeline: [Finding]
    /// The candidate's usual pose that head and gaze are measured from.
    public var baseline: Baseline
    public var analysedFramesPerSecond: Double

    public struct Baseline: Codable, Sendable, Equatable {
        public var yawDegrees: Double
        public var pitchDegrees: Double
        public var gazeHorizontal: Double
        public var gazeVertical: Double

        enum CodingKeys: String, CodingKey {
            case yawDegrees = "yaw_deg"
            case pitchDegrees = "pitch_deg"
            case gazeHorizontal = "gaze_h"
            case gazeVertical = "gaze_v"
        }
    }

    enum CodingKeys: String, CodingKey {
        case verdict, timeline, baseline
        case totalFramesAnalyzed = "total_frames_analyzed"
        case suspiciousFrames = "suspicious_frames"
        case suspiciousPercentage = "suspicious_percentage"
        case faceDetectedPercentage = "face_detected_percentage"
        case confidenceScore = "confidence_score"
        case issuesDetected = "issues_detected"
        case analysedFramesPerSecond = "analysed_frames_per_second"
    }
}
