/// `cheating_detection` of one answer: visual and audio integrity and the combined verdict.
///
/// The answer's `cheating_score` is the visual suspicious-frame percentage (as in the API
/// reference's example); `final_verdict` is the worse of the two halves' verdicts, so a second
/// voice makes the answer High Risk whatever the picture shows (as the original system does);
/// `overall_confidence_score` is the mean of the two halves' confidences.
public struct CheatingDetection: Codable, Sendable, Equatable {
    public var visual: VisualIntegrityReport?
    public var audio: AudioIntegrityReport?
    public var finalVerdict: Verdict
    public var overallConfidenceScore: Double
    public var cheatingScore: Double

    public init(visual: VisualIntegrityReport?, audio: AudioIntegrityReport?) {
        self.visual = visual
        self.audio = audio
        finalVerdict = [visual?.verdict, audio?.verdict].compactMap { $0 }.max() ?? .safe
        let confidences = [visual?.confidenceScore, audio?.confidenceScore].compactMap { $0 }
        overallConfidenceScore = confidences.isEmpty ? 0 : rounded(confidences.reduce(0, +) / Double(confidences.count), 2)
        cheatingScore = visual?.suspiciousPercentage ?? 0
    }

    /// Every flagged interval of both halves, in time order.
    public var timeline: [Finding] {
        ((visual?.timeline ?? []) + (audio?.timeline ?? [])).sorted { $0.startSeconds < $1.startSeconds }
    }

    enum CodingKeys: String, CodingKey {
        case visual, audio
        case finalVerdict = "final_verdict"
        case overallConfidenceScore = "overall_confidence_score"
        case cheatingScore = "cheating_score"
    }
}
