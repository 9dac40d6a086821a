import Foundation

/// One answer's analyses, as the session-level summaries need them.
public struct AnsweredQuestion: Sendable {
    public var number: Int
    public var question: String
    public var cheating: CheatingDetection?
    public var nonVerbal: NonVerbalAnalysis?

    public init(number: Int, question: String, cheating: CheatingDetection?, nonVerbal: NonVerbalAnalysis?) {
        self.number = number
        self.question = question
        self.cheating = cheating
        self.nonVerbal = nonVerbal
    }
}

/// `aggregate_cheating_detection`: the session's integrity over all analysed answers.
///
/// `final_aggregate_verdict` is the band of the average cheating score (so the API reference's
/// example, one Safe, one Medium, one High answer averaging 6.11 %, is Medium Risk), raised to
/// High Risk when any answer has a second voice. Each answer's own verdict stays in its result,
/// with the intervals behind it, for the reviewer.
public struct CheatingAggregate: Codable, Sendable, Equatable {
    public var avgCheatingScore: Double
    public var avgOverallConfidence: Double
    public var verdictDistribution: VerdictDistribution
    public var questionsWithIssues: [QuestionWithIssues]
    public var allIndicators: AllIndicators
    public var riskLevel: String
    public var summary: String
    public var finalAggregateVerdict: Verdict

    public struct VerdictDistribution: Codable, Sendable, Equatable {
        public var safe = 0, mediumRisk = 0, highRisk = 0

        public init(safe: Int = 0, mediumRisk: Int = 0, highRisk: Int = 0) {
            self.safe = safe
            self.mediumRisk = mediumRisk
            self.highRisk = highRisk
        }
        enum CodingKeys: String, CodingKey {
            case safe = "Safe"
            case mediumRisk = "Medium Risk"
            case highRisk = "High Risk"
        }
    }

    public struct QuestionWithIssues: Codable, Sendable, Equatable {
        public var questionNumber: Int
        public var question: String
        public var verdict: Verdict
        public var cheatingScore: Double
        public var issues: [String]
        enum CodingKeys: String, CodingKey {
            case question, verdict, issues
            case questionNumber = "question_number"
            case cheatingScore = "cheating_score"
        }
    }

    public struct AllIndicators: Codable, Sendable, Equatable {
        public var visualIssues: VisualIssues
        public var audioIssues: AudioIssues
        enum CodingKeys: String, CodingKey {
            case visualIssues = "visual_issues"
            case audioIssues = "audio_issues"
        }
    }

    public struct VisualIssues: Codable, Sendable, Equatable {
        public var totalSuspiciousFrames: Int
        public var avgSuspiciousPercentage: Double
        public var commonIssues: [String]
        enum CodingKeys: String, CodingKey {
            case totalSuspiciousFrames = "total_suspicious_frames"
            case avgSuspiciousPercentage = "avg_suspicious_percentage"
            case commonIssues = "common_issues"
        }
    }

    public struct AudioIssues: Codable, Sendable, Equatable {
        public var avgNumSpeakers: Double
        public var questionsWithMultipleSpeakers: Int
        enum CodingKeys: String, CodingKey {
            case avgNumSpeakers = "avg_num_speakers"
            case questionsWithMultipleSpeakers = "questions_with_multiple_speakers"
        }
    }

    /// Nil when no answer was analysed.
    public init?(_ answers: [AnsweredQuestion]) {
        let analysed = answers.compactMap { answer in answer.cheating.map { (answer, $0) } }
        guard !analysed.isEmpty else { return nil }
        let count = Double(analysed.count)
        let scores = analysed.map(\.1.cheatingScore)
        avgCheatingScore = rounded(scores.reduce(0, +) / count, 2)
        avgOverallConfidence = rounded(analysed.map(\.1.overallConfidenceScore).reduce(0, +) / count, 2)
        var distribution = VerdictDistribution()
        for (_, detection) in analysed {
            switch detection.finalVerdict {
            case .safe: distribution.safe += 1
            case .mediumRisk: distribution.mediumRisk += 1
            case .highRisk: distribution.highRisk += 1
            }
        }
        verdictDistribution = distribution

        questionsWithIssues = analysed.filter { $0.1.finalVerdict != .safe }.map { answer, detection in
            var issues: [String] = []
            let visual = Self.visualCounts(detection)
            if !visual.isEmpty {
                issues.append("Visual: " + visual.map { "\($0.indicator.label) (\($0.frames) frames)" }.joined(separator: ", "))
            }
            if let audio = detection.audio {
                issues.append("Audio: \(audio.numSpeakersDetected) speaker(s) detected (\(audio.verdict.rawValue))")
            }
            return QuestionWithIssues(questionNumber: answer.number, question: answer.question, verdict: detection.finalVerdict,
                                      cheatingScore: detection.cheatingScore, issues: issues)
        }

        var framesPerIndicator: [Indicator: Int] = [:]
        for (_, detection) in analysed {
            for entry in Self.visualCounts(detection) { framesPerIndicator[entry.indicator, default: 0] += entry.frames }
        }
        let common = framesPerIndicator.sorted { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }.map(\.key.label)
        let speakers = analysed.compactMap { $0.1.audio?.numSpeakersDetected }
        let multiple = speakers.filter { $0 > 1 }.count
        let avgSpeakers = speakers.isEmpty ? 0 : rounded(Double(speakers.reduce(0, +)) / Double(speakers.count), 2)
        allIndicators = AllIndicators(
            visualIssues: VisualIssues(totalSuspiciousFrames: analysed.reduce(0) { $0 + ($1.1.visual?.suspiciousFrames ?? 0) },
                                       avgSuspiciousPercentage: avgCheatingScore, commonIssues: common),
            audioIssues: AudioIssues(avgNumSpeakers: avgSpeakers, questionsWithMultipleSpeakers: multiple))

        var verdict = Verdict(cheatingScore: avgCheatingScore)
        if multiple > 0 { verdict = .highRisk }
        finalAggregateVerdict = verdict
        riskLevel = verdict.riskLevel

        var parts = ["Analyzed \(analysed.count) question(s).",
                     "Average cheating score: \(String(format: "%.2f", avgCheatingScore))%.",
                     "Verdict distribution: Safe=\(distribution.safe), Medium Risk=\(distribution.mediumRisk), High Risk=\(distribution.highRisk)."]
        parts.append(questionsWithIssues.isEmpty ? "No question flagged." : "\(questionsWithIssues.count) question(s) flagged with potential issues.")
        if !common.isEmpty { parts.append("Common visual indicators: \(common.joined(separator: ", ")).") }
        if !speakers.isEmpty { parts.append("Average speakers detected: \(String(format: "%.1f", avgSpeakers)).") }
        summary = parts.joined(separator: " ")
    }

    /// Frames per visual indicator of one answer, most first.
    private static func visualCounts(_ detection: CheatingDetection) -> [(indicator: Indicator, frames: Int)] {
        var frames: [Indicator: Int] = [:]
        for finding in detection.visual?.timeline ?? [] { frames[finding.indicator, default: 0] += finding.frames ?? 0 }
        return frames.sorted { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }.map { ($0.key, $0.value) }
    }

    enum CodingKeys: String, CodingKey {
        case summary
        case avgCheatingScore = "avg_cheating_score"
        case avgOverallConfidence = "avg_overall_confidence"
        case verdictDistribution = "verdict_distribution"
        case questionsWithIssues = "questions_with_issues"
        case allIndicators = "all_indicators"
        case riskLevel = "risk_level"
        case finalAggregateVerdict = "final_aggregate_verdict"
    }
}

/// `aggregate_non_verbal_analysis`: the session's delivery measurements averaged over answers.
///
/// `summary` lists the averaged metrics with their labels in the API reference's format
/// ("speaking ratio 0.58 (fairly active), speech rate ~150 wpm (ideal), ..."), which the
/// dashboard reads.
public struct NonVerbalAggregate: Codable, Sendable, Equatable {
    public var overallConfidenceScore: Double
    public var overallPerformanceStatus: PerformanceStatus
    public var summary: String

    /// Nil when no answer was analysed.
    public init?(_ answers: [AnsweredQuestion]) {
        let analyses = answers.compactMap(\.nonVerbal)
        guard !analyses.isEmpty else { return nil }
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        overallConfidenceScore = rounded(mean(analyses.map(\.nonVerbalConfidenceScore))!, 2)
        overallPerformanceStatus = PerformanceStatus(confidence: overallConfidenceScore)

        let speech = analyses.compactMap(\.speechAnalysis)
        let facial = analyses.compactMap(\.facialExpressionAnalysis)
        let eyes = analyses.compactMap(\.eyeMovementAnalysis)
        var parts: [String] = []
        if let ratio = mean(speech.map(\.speakingRatio)) {
            parts.append("speaking ratio \(String(format: "%.2f", ratio)) (\(Interpretation.speakingRatio(ratio).lowercased()))")
        }
        if let rate = mean(speech.map(\.speechRateWpm)) {
            let label = Interpretation.speechRate(rate).replacingOccurrences(of: " pace", with: "").lowercased()
            parts.append("speech rate ~\(Int(rate.rounded())) wpm (\(label))")
        }
        if let contact = mean(eyes.map(\.eyeContactPercentage)) {
            parts.append("eye contact \(String(format: "%.1f", contact))% (\(Interpretation.eyeContact(contact).lowercased()))")
        }
        if let blinks = mean(eyes.map(\.blinkRatePerMin)) {
            parts.append("blink rate \(String(format: "%.1f", blinks))/min (\(Interpretation.blinkRate(blinks).lowercased()))")
        }
        if let smile = mean(facial.map(\.smileIntensity)) {
            parts.append("smile intensity \(String(format: "%.2f", smile)) (\(Interpretation.smile(smile).lowercased()))")
        }
        if let brow = mean(facial.map(\.eyebrowMovement)) {
            parts.append("eyebrow movement \(String(format: "%.2f", brow)) (\(Interpretation.eyebrow(brow).lowercased()))")
        }
        if let pauses = mean(speech.map { Double($0.numPauses) }) {
            let count = Int(pauses.rounded())
            parts.append("pauses \(count) (\(Interpretation.pauses(count).lowercased()))")
        }
        summary = parts.joined(separator: ", ")
    }

    enum CodingKeys: String, CodingKey {
        case summary
        case overallConfidenceScore = "overall_confidence_score"
        case overallPerformanceStatus = "overall_performance_status"
    }
}
