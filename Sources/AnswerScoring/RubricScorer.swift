// The transparent rubric scorer used when no chat endpoint is configured. Deterministic,
// explainable, no model: every score comes with the numbers behind it. The pipeline of the
// scorer, one file each: RubricText (words and sentences) → RubricQuestion (kind and terms) →
// RubricFeatures (counts) → RubricSubscores (0–1, weights in RubricWeights) → the three scores
// here → RubricAnalysis (the written report). Word lists live in RubricLexicon.

/// The language of a transcript or of a written report.
public enum TextLanguage: String, Codable, Sendable, CaseIterable {
    case en, id
}

/// One answer to score.
public struct RubricInput: Sendable {
    public var question: String
    /// The transcript in the interview language.
    public var transcript: String
    public var language: TextLanguage
    /// The answer's duration, if known (seconds).
    public var durationSeconds: Double?

    public init(question: String, transcript: String, language: TextLanguage, durationSeconds: Double? = nil) {
        self.question = question
        self.transcript = transcript
        self.language = language
        self.durationSeconds = durationSeconds
    }
}

/// The rubric's verdict on one answer: three scores on 0–100 and the evidence behind them.
public struct RubricScore: Codable, Sendable, Equatable {
    public var kualitasJawaban: Double
    public var koherensi: Double
    public var relevansi: Double
    /// 2–4 sentences in the report language that quote the transcript as evidence.
    public var analysis: String
    public var evidence: RubricEvidence
}

/// The measured features each score is computed from.
public struct RubricEvidence: Codable, Sendable, Equatable {
    public var wordCount: Int
    public var sentenceCount: Int
    /// Content terms of the question (stop words removed, lightly stemmed) and those the answer uses.
    public var questionTerms: [String]
    public var coveredTerms: [String]
    /// 0–1 sub-scores.
    public var relevance: Double
    public var structure: Double
    public var specificity: Double
    public var length: Double
    /// Discourse markers found (first/then/because/pertama/kemudian/karena …).
    public var structureMarkers: [String]
    /// Concrete details found: numbers, example markers, named things, first-person actions.
    public var specificityMarkers: [String]
    /// Share of words that are immediate repeats or filler (um, eh, like, jadi …).
    public var fillerRatio: Double
    /// What the question asks for: `past_situation`, `steps`, `reasons` or `general`.
    public var questionKind: String
    /// The transcript passage the analysis quotes ("…" where a sentence was cut); empty without speech.
    public var quote: String

    enum CodingKeys: String, CodingKey {
        case relevance, structure, specificity, length, quote
        case wordCount = "word_count"
        case sentenceCount = "sentence_count"
        case questionTerms = "question_terms"
        case coveredTerms = "covered_terms"
        case structureMarkers = "structure_markers"
        case specificityMarkers = "specificity_markers"
        case fillerRatio = "filler_ratio"
        case questionKind = "question_kind"
    }
}

/// Scores an answer from features of its transcript against the question, with no model.
/// Thread-safe (a value with no state); the same input always gives the same score.
public struct RubricScorer: Sendable {
    /// Reported as `llm_model` when this scorer filled the fields.
    public static let modelName = "rubric-scorer-v1 (no LLM configured)"

    public init() {}

    /// Scores on 0–100 with one decimal and no floor; an answer without words (or with nothing
    /// but fillers) scores 0 on all three. The analysis is written in `reportLanguage`, whatever
    /// the interview language.
    public func score(_ input: RubricInput, reportLanguage: TextLanguage) -> RubricScore {
        let features = RubricFeatures(input)
        guard features.contentWordCount > 0 else {
            let analysis = RubricAnalysis.noSpeech(in: reportLanguage, onlyFillers: features.wordCount > 0)
            return RubricScore(kualitasJawaban: 0, koherensi: 0, relevansi: 0, analysis: analysis, evidence: evidence(features, nil))
        }
        let scores = RubricSubscores(features)
        typealias Q = RubricWeights.Quality
        typealias C = RubricWeights.Coherence
        typealias R = RubricWeights.Relevancy
        let quality = Q.specificity * scores.specificity + Q.length * scores.length
            + Q.structure * scores.structure + Q.relevance * scores.relevance
        let coherence = C.structure * scores.structure + C.fluency * scores.fluency + C.length * scores.length
        let relevancy = R.relevance * scores.relevance + R.length * scores.length
        return RubricScore(
            kualitasJawaban: percent(quality), koherensi: percent(coherence), relevansi: percent(relevancy),
            analysis: RubricAnalysis.write(features, scores, in: reportLanguage), evidence: evidence(features, scores))
    }

    private func evidence(_ features: RubricFeatures, _ scores: RubricSubscores?) -> RubricEvidence {
        RubricEvidence(
            wordCount: features.wordCount, sentenceCount: features.sentenceCount,
            questionTerms: features.question.terms.map(\.stem), coveredTerms: features.coveredTerms.map(\.stem),
            relevance: rounded(scores?.relevance ?? 0), structure: rounded(scores?.structure ?? 0),
            specificity: rounded(scores?.specificity ?? 0), length: rounded(scores?.length ?? 0),
            structureMarkers: features.distinctMarkers, specificityMarkers: features.specificityMarkers,
            fillerRatio: rounded(features.disfluentShare), questionKind: features.question.kind.rawValue,
            quote: scores == nil ? "" : RubricAnalysis.quotation(features) ?? "")
    }

    private func percent(_ share: Double) -> Double { (1000 * min(1, max(0, share))).rounded() / 10 }
    private func rounded(_ share: Double) -> Double { (1000 * share).rounded() / 1000 }
}
