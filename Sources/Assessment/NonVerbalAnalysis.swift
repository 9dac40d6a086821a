/// `non_verbal_analysis` of one answer: speech, facial expression and eye parts, and the
/// confidence score over them.
///
/// `non_verbal_confidence_score` is the mean of the present parts' confidences, as in the API
/// reference's example (91.3, 78.4, 89.1 → 86.27); each part's confidence says how reliably it
/// was measured (see the parts). `performance_status` is that score's band. Both describe the
/// measurement, not the candidate: a reviewer decides.
public struct NonVerbalAnalysis: Codable, Sendable, Equatable {
    public var speechAnalysis: SpeechAnalysis?
    public var facialExpressionAnalysis: FacialExpressionAnalysis?
    public var eyeMovementAnalysis: EyeMovementAnalysis?
    public var nonVerbalConfidenceScore: Double
    public var performanceStatus: PerformanceStatus

    public init(speech: SpeechAnalysis?, facial: FacialExpressionAnalysis?, eyes: EyeMovementAnalysis?) {
        speechAnalysis = speech
        facialExpressionAnalysis = facial
        eyeMovementAnalysis = eyes
        let confidences = [speech?.confidence, facial?.confidence, eyes?.confidence].compactMap { $0 }
        nonVerbalConfidenceScore = confidences.isEmpty ? 0 : rounded(confidences.reduce(0, +) / Double(confidences.count), 2)
        performanceStatus = PerformanceStatus(confidence: nonVerbalConfidenceScore)
    }

    enum CodingKeys: String, CodingKey {
        case speechAnalysis = "speech_analysis"
        case facialExpressionAnalysis = "facial_expression_analysis"
        case eyeMovementAnalysis = "eye_movement_analysis"
        case nonVerbalConfidenceScore = "non_verbal_confidence_score"
        case performanceStatus = "performance_status"
    }
}
