import Foundation

/// `assessment/<n>.json`: one answer's scores, in the shape of the reference's `penilaian`,
/// with the evidence behind them.
///
/// - `kualitas_jawaban`, `koherensi`, `relevansi`: 0–100. From a chat model, each is the
///   probability-weighted value of the score it wrote (``WeightedScore``); from the rubric
///   scorer, the rubric's value.
/// - `total_score`: the mean of the three. `final_score_llm`: the same number (kept for the
///   reference's field; the original's `70 + 0.3 × total` floor is not copied).
/// - `logprobs_confidence`: the mean, over the three scores, of the probability the model gave
///   the value it wrote, ×100; nil when the endpoint gave no logprobs or no model scored.
public struct AnswerAssessment: Codable, Sendable, Equatable {
    public enum Scorer: String, Codable, Sendable { case llm, rubric }

    public var kualitasJawaban: Double
    public var koherensi: Double
    public var relevansi: Double
    public var totalScore: Double
    public var analisisLlm: String
    public var logprobsConfidence: Double?
    public var finalScoreLlm: Double
    /// Who scored: a chat model, or the rubric scorer (no endpoint, or the model's reply unusable).
    public var scorer: Scorer
    /// The chat model's name, or ``RubricScorer/modelName``.
    public var llmModel: String
    public var logprobsAvailable: Bool
    public var reportLanguage: TextLanguage
    /// The written scores and the alternatives the model weighed (chat models).
    public var scoreEvidence: ScoreEvidence?
    /// The measured features (rubric scorer).
    public var rubricEvidence: RubricEvidence?
    /// Anything a reviewer should know about how these scores were made.
    public var note: String?

    public struct ScoreEvidence: Codable, Sendable, Equatable {
        public var kualitasJawaban: WeightedScore
        public var koherensi: WeightedScore
        public var relevansi: WeightedScore

        enum CodingKeys: String, CodingKey {
            case koherensi, relevansi
            case kualitasJawaban = "kualitas_jawaban"
        }
    }

    public init(kualitasJawaban: Double, koherensi: Double, relevansi: Double, analisisLlm: String,
                logprobsConfidence: Double?, scorer: Scorer, llmModel: String, reportLanguage: TextLanguage,
                scoreEvidence: ScoreEvidence? = nil, rubricEvidence: RubricEvidence? = nil, note: String? = nil) {
        self.kualitasJawaban = kualitasJawaban
        self.koherensi = koherensi
        self.relevansi = relevansi
        totalScore = (kualitasJawaban + koherensi + relevansi) / 3
        self.analisisLlm = analisisLlm
        self.logprobsConfidence = logprobsConfidence
        finalScoreLlm = totalScore
        self.scorer = scorer
        self.llmModel = llmModel
        logprobsAvailable = logprobsConfidence != nil
        self.reportLanguage = reportLanguage
        self.scoreEvidence = scoreEvidence
        self.rubricEvidence = rubricEvidence
        self.note = note
    }

    /// The rubric scorer's assessment of an answer.
    public init(rubric: RubricScore, reportLanguage: TextLanguage, note: String? = nil) {
        self.init(kualitasJawaban: rubric.kualitasJawaban, koherensi: rubric.koherensi, relevansi: rubric.relevansi,
                  analisisLlm: rubric.analysis, logprobsConfidence: nil, scorer: .rubric, llmModel: RubricScorer.modelName,
                  reportLanguage: reportLanguage, rubricEvidence: rubric.evidence, note: note)
    }

    /// Writes `logprobs_confidence` always, as `null` when there is none (the reference's key).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kualitasJawaban, forKey: .kualitasJawaban)
        try container.encode(koherensi, forKey: .koherensi)
        try container.encode(relevansi, forKey: .relevansi)
        try container.encode(totalScore, forKey: .totalScore)
        try container.encode(analisisLlm, forKey: .analisisLlm)
        try container.encode(logprobsConfidence, forKey: .logprobsConfidence)
        try container.encode(finalScoreLlm, forKey: .finalScoreLlm)
        try container.encode(scorer, forKey: .scorer)
        try container.encode(llmModel, forKey: .llmModel)
        try container.encode(logprobsAvailable, forKey: .logprobsAvailable)
        try container.encode(reportLanguage, forKey: .reportLanguage)
        try container.encodeIfPresent(scoreEvidence, forKey: .scoreEvidence)
        try container.encodeIfPresent(rubricEvidence, forKey: .rubricEvidence)
        try container.encodeIfPresent(note, forKey: .note)
    }

    enum CodingKeys: String, CodingKey {
        case koherensi, relevansi, scorer, note
        case kualitasJawaban = "kualitas_jawaban"
        case totalScore = "total_score"
        case analisisLlm = "analisis_llm"
        case logprobsConfidence = "logprobs_confidence"
        case finalScoreLlm = "final_score_llm"
        case llmModel = "llm_model"
        case logprobsAvailable = "logprobs_available"
        case reportLanguage = "report_language"
        case scoreEvidence = "score_evidence"
        case rubricEvidence = "rubric_evidence"
    }
}

/// `assessment/summary.json`: the reference's `llm_results`, over the answers that were scored.
///
/// - `avg_total_llm`: mean `total_score`; `final_score_llm`: the same (see ``AnswerAssessment``).
/// - `avg_logprobs_confidence` = `rata_rata_confidence_score`: mean `logprobs_confidence` of the
///   answers that have one; nil when none has.
/// - `summary_logprobs_confidence`: that mean with its min and max, as the reference's sentence.
/// - `kesimpulan_llm`: written by the chat model from the per-answer results (two or more
///   answers), or the single answer's analysis (`reused_single_analysis`), or, with the rubric
///   scorer, assembled from its analyses.
public struct AssessmentSummary: Codable, Sendable, Equatable {
    public var kesimpulanLlm: String
    public var rataRataConfidenceScore: Double?
    public var avgTotalLlm: Double
    public var finalScoreLlm: Double
    public var avgLogprobsConfidence: Double?
    public var summaryLogprobsConfidence: String
    public var reusedSingleAnalysis: Bool
    public var llmModel: String
    public var scorer: AnswerAssessment.Scorer
    public var reportLanguage: TextLanguage
    public var logprobsAvailable: Bool
    /// The summary text's own confidence: exp(mean token log-probability) ×100, when written by a model.
    public var kesimpulanConfidence: Double?
    public var answersAssessed: Int
    /// The chat endpoint's host, when a model scored.
    public var llmEndpoint: String?
    public var note: String?

    /// Whether the chat model was Hugging Face's inference router (the reference's provider).
    public var hfApiUsed: Bool { scorer == .llm && (llmEndpoint?.hasSuffix("huggingface.co") ?? false) }

    enum CodingKeys: String, CodingKey {
        case scorer, note
        case llmEndpoint = "llm_endpoint"
        case kesimpulanLlm = "kesimpulan_llm"
        case rataRataConfidenceScore = "rata_rata_confidence_score"
        case avgTotalLlm = "avg_total_llm"
        case finalScoreLlm = "final_score_llm"
        case avgLogprobsConfidence = "avg_logprobs_confidence"
        case summaryLogprobsConfidence = "summary_logprobs_confidence"
        case reusedSingleAnalysis = "reused_single_analysis"
        case llmModel = "llm_model"
        case reportLanguage = "report_language"
        case logprobsAvailable = "logprobs_available"
        case kesimpulanConfidence = "kesimpulan_confidence"
        case answersAssessed = "answers_assessed"
    }
}

extension AssessmentSummary {
    /// Writes the reference's fields always, as `null` when there is no value (a reader of the
    /// reference's document expects the keys); the others only when present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kesimpulanLlm, forKey: .kesimpulanLlm)
        try container.encode(rataRataConfidenceScore, forKey: .rataRataConfidenceScore)
        try container.encode(avgTotalLlm, forKey: .avgTotalLlm)
        try container.encode(finalScoreLlm, forKey: .finalScoreLlm)
        try container.encode(avgLogprobsConfidence, forKey: .avgLogprobsConfidence)
        try container.encode(summaryLogprobsConfidence, forKey: .summaryLogprobsConfidence)
        try container.encode(reusedSingleAnalysis, forKey: .reusedSingleAnalysis)
        try container.encode(llmModel, forKey: .llmModel)
        try container.encode(scorer, forKey: .scorer)
        try container.encode(reportLanguage, forKey: .reportLanguage)
        try container.encode(logprobsAvailable, forKey: .logprobsAvailable)
        try container.encodeIfPresent(kesimpulanConfidence, forKey: .kesimpulanConfidence)
        try container.encode(answersAssessed, forKey: .answersAssessed)
        try container.encodeIfPresent(llmEndpoint, forKey: .llmEndpoint)
        try container.encodeIfPresent(note, forKey: .note)
    }

    /// The numeric part of the summary over `answers` (the text comes from the caller).
    public init(answers: [AnswerAssessment], kesimpulan: String, reusedSingleAnalysis: Bool,
                kesimpulanConfidence: Double?, reportLanguage: TextLanguage, note: String? = nil) {
        let totals = answers.map(\.totalScore)
        let confidences = answers.compactMap(\.logprobsConfidence)
        let average = totals.isEmpty ? 0 : totals.reduce(0, +) / Double(totals.count)
        let confidence = confidences.isEmpty ? nil : confidences.reduce(0, +) / Double(confidences.count)
        let scoredByModel = answers.first { $0.scorer == .llm }
        self.init(kesimpulanLlm: kesimpulan, rataRataConfidenceScore: confidence, avgTotalLlm: average,
                  finalScoreLlm: average, avgLogprobsConfidence: confidence,
                  summaryLogprobsConfidence: Self.confidenceSentence(confidences, answers: answers.count, language: reportLanguage),
                  reusedSingleAnalysis: reusedSingleAnalysis,
                  llmModel: scoredByModel?.llmModel ?? answers.first?.llmModel ?? RubricScorer.modelName,
                  scorer: scoredByModel == nil ? .rubric : .llm, reportLanguage: reportLanguage,
                  logprobsAvailable: !confidences.isEmpty, kesimpulanConfidence: kesimpulanConfidence,
                  answersAssessed: answers.count, llmEndpoint: nil, note: note)
    }

    /// The reference's sentence: "Confidence score logprobs dari LLM untuk semua pertanyaan:
    /// rata-rata = 90.03%, min = 85.7%, max = 93.4%", or why there is none.
    static func confidenceSentence(_ values: [Double], answers: Int, language: TextLanguage) -> String {
        guard let low = values.min(), let high = values.max() else {
            return language == .id
                ? "Tidak ada confidence score logprobs: jawaban dinilai tanpa logprobs dari LLM."
                : "No logprobs confidence: the answers were scored without LLM logprobs."
        }
        let mean = values.reduce(0, +) / Double(values.count)
        func percent(_ value: Double) -> String { String(format: "%.2f%%", value) }
        let partial = values.count < answers ? " (\(values.count)/\(answers))" : ""
        return language == .id
            ? "Confidence score logprobs dari LLM untuk semua pertanyaan\(partial): rata-rata = \(percent(mean)), min = \(percent(low)), max = \(percent(high))"
            : "LLM logprobs confidence over all questions\(partial): mean = \(percent(mean)), min = \(percent(low)), max = \(percent(high))"
    }
}
