import Foundation
import ServiceClients

/// How the chat model is asked.
public struct LLMOptions: Sendable, Equatable {
    /// How to ask for JSON: `json_schema` (OpenAI's `response_format`, also vLLM, Ollama,
    /// llama.cpp's own server), `json_object_schema` (llama-cpp-python's server: `json_object`
    /// with a `schema`), `json_object`, or `none` (the prompt alone).
    public enum JSONMode: String, Sendable, CaseIterable { case jsonSchema = "json_schema", jsonObjectSchema = "json_object_schema", jsonObject = "json_object", none }

    public var reportLanguage: TextLanguage
    public var maxTokens: Int
    public var summaryMaxTokens: Int
    public var temperature: Double
    /// Alternatives per token position (OpenAI allows up to 20; some providers 5).
    public var topLogprobs: Int
    public var jsonMode: JSONMode

    public init(reportLanguage: TextLanguage = .id, maxTokens: Int = 600, summaryMaxTokens: Int = 500,
                temperature: Double = 0, topLogprobs: Int = 5, jsonMode: JSONMode = .jsonSchema) {
        self.reportLanguage = reportLanguage
        self.maxTokens = maxTokens
        self.summaryMaxTokens = summaryMaxTokens
        self.temperature = temperature
        self.topLogprobs = topLogprobs
        self.jsonMode = jsonMode
    }

    var responseFormat: ResponseFormat? {
        switch jsonMode {
        case .jsonSchema: .jsonSchema(name: "interview_answer_score", schema: ScorePrompt.replySchema)
        case .jsonObjectSchema: .jsonObjectWithSchema(ScorePrompt.replySchema)
        case .jsonObject: .jsonObject
        case .none: nil
        }
    }
}

/// Scores answers and writes the summary with a chat model; falls back to the rubric scorer for
/// an answer whose reply stays unreadable, and says so in the answer's `note`.
///
/// Service failures (wrong key, unreachable, rate limit after retries) are thrown as
/// ``ServiceError``, for the caller to put the session off; they never turn into rubric scores.
public struct LLMAssessor: Sendable {
    public let client: ChatClient
    public let options: LLMOptions

    public init(client: ChatClient, options: LLMOptions) {
        self.client = client
        self.options = options
    }

    public var modelName: String { client.endpoint.model }

    /// One answer. An empty transcript is not sent: it scores 0 by the rubric, said so.
    public func assess(question: String, transcript: String, language: TextLanguage,
                       durationSeconds: Double? = nil) async throws(ServiceError) -> AnswerAssessment {
        let input = RubricInput(question: question, transcript: transcript, language: language, durationSeconds: durationSeconds)
        guard !transcript.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return AnswerAssessment(rubric: RubricScorer().score(input, reportLanguage: options.reportLanguage),
                                    reportLanguage: options.reportLanguage,
                                    note: "No speech was transcribed, so the answer was not sent to \(modelName).")
        }
        var messages = [ChatMessage(.system, ScorePrompt.system),
                        ChatMessage(.user, ScorePrompt.answer(question: question, transcript: transcript, language: language,
                                                              reportLanguage: options.reportLanguage))]
        var problems: [String] = []
        for _ in 0..<2 {
            let completion = try await client.complete(request(messages, maxTokens: options.maxTokens, json: true))
            do {
                let reply = try ScoreReply(parsing: completion.text)
                return assessment(from: reply, completion: completion)
            } catch {
                problems.append("\(error)")
                messages.append(ChatMessage(.assistant, completion.text))
                messages.append(ChatMessage(.user, ScorePrompt.retryReminder))
            }
        }
        let fallback = RubricScorer().score(input, reportLanguage: options.reportLanguage)
        return AnswerAssessment(rubric: fallback, reportLanguage: options.reportLanguage,
                                note: "\(modelName) gave no usable reply twice (\(problems.joined(separator: "; "))); the rubric scorer scored this answer.")
    }

    /// `kesimpulan_llm` over the assessed answers: the model's summary for two or more, the
    /// single analysis reused for one (as the reference).
    public func summarize(_ lines: [ScorePrompt.SummaryLine]) async throws(ServiceError) -> AssessmentSummary {
        let answers = lines.map(\.assessment)
        if lines.count <= 1 {
            return RubricSummary.single(lines, reportLanguage: options.reportLanguage)
        }
        let messages = [ChatMessage(.system, ScorePrompt.summarySystem),
                        ChatMessage(.user, ScorePrompt.summary(lines, reportLanguage: options.reportLanguage))]
        let completion = try await client.complete(request(messages, maxTokens: options.summaryMaxTokens, json: false))
        let text = Self.stripFences(completion.text)
        guard !text.isEmpty else {
            var summary = RubricSummary.multiple(lines, reportLanguage: options.reportLanguage)
            summary.note = "\(modelName) returned an empty summary; this one is assembled from the per-answer analyses."
            return summary
        }
        let confidence = completion.response.tokens.flatMap { tokens -> Double? in
            let finite = tokens.map(\.logprob).filter(\.isFinite)
            return finite.isEmpty ? nil : 100 * exp(finite.reduce(0, +) / Double(finite.count))
        }
        return AssessmentSummary(answers: answers, kesimpulan: text, reusedSingleAnalysis: false,
                                 kesimpulanConfidence: confidence, reportLanguage: options.reportLanguage)
    }

    private func request(_ messages: [ChatMessage], maxTokens: Int, json: Bool) -> ChatRequest {
        ChatRequest(model: modelName, messages: messages, maxTokens: maxTokens, temperature: options.temperature,
                    logprobs: true, topLogprobs: options.topLogprobs, responseFormat: json ? options.responseFormat : nil,
                    seed: 0)
    }

    private func assessment(from reply: ScoreReply, completion: ChatCompletion) -> AnswerAssessment {
        let tokens = completion.response.tokens ?? []
        let tokenText = tokens.map(\.token).joined()
        var weighted: [String: WeightedScore] = [:]
        if !tokens.isEmpty {
            for key in ScorePrompt.scoreKeys {
                guard let stated = reply.scores[key], let range = ScoreReply.valueRange(of: key, in: tokenText),
                      let score = ScoreWeighting.score(at: range, stated: stated, tokens: tokens) else { continue }
                weighted[key] = score
            }
        }
        func value(_ key: String) -> Double { weighted[key]?.weighted ?? Double(reply.scores[key] ?? 0) }
        var notes: [String] = []
        if let refused = completion.formatRefused {
            notes.append("The endpoint refused the JSON response format (\(refused)); the reply was read from free text.")
        }
        let evidence: AnswerAssessment.ScoreEvidence?
        let confidence: Double?
        if let k = weighted["kualitas_jawaban"], let c = weighted["koherensi"], let r = weighted["relevansi"] {
            evidence = .init(kualitasJawaban: k, koherensi: c, relevansi: r)
            confidence = [k, c, r].compactMap(\.probability).reduce(0, +) / 3 * 100
        } else {
            evidence = nil
            confidence = nil
            notes.append(tokens.isEmpty
                ? "The endpoint gave no logprobs: the scores are the integers the model wrote, unweighted, with no confidence."
                : "The scores could not be found among the reply's tokens: they are the integers the model wrote, unweighted.")
        }
        return AnswerAssessment(kualitasJawaban: value("kualitas_jawaban"), koherensi: value("koherensi"),
                                relevansi: value("relevansi"), analisisLlm: reply.analysis, logprobsConfidence: confidence,
                                scorer: .llm, llmModel: modelName, reportLanguage: options.reportLanguage,
                                scoreEvidence: evidence, note: notes.isEmpty ? nil : notes.joined(separator: " "))
    }

    static func stripFences(_ text: String) -> String {
        var lines = text.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n")
        if lines.first?.hasPrefix("```") == true { lines.removeFirst() }
        if lines.last?.hasPrefix("```") == true { lines.removeLast() }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// `kesimpulan_llm` without a model: the single analysis reused, or the analyses assembled.
public enum RubricSummary {
    public static func single(_ lines: [ScorePrompt.SummaryLine], reportLanguage: TextLanguage) -> AssessmentSummary {
        let answers = lines.map(\.assessment)
        let prefix = reportLanguage == .id ? "Ringkasan Penilaian: " : "Assessment Summary: "
        let text = answers.first.map { prefix + $0.analisisLlm }
            ?? (reportLanguage == .id ? "Tidak ada hasil penilaian yang tersedia." : "No assessment results are available.")
        return AssessmentSummary(answers: answers, kesimpulan: text, reusedSingleAnalysis: !answers.isEmpty,
                                 kesimpulanConfidence: nil, reportLanguage: reportLanguage)
    }

    public static func multiple(_ lines: [ScorePrompt.SummaryLine], reportLanguage: TextLanguage) -> AssessmentSummary {
        guard lines.count > 1 else { return single(lines, reportLanguage: reportLanguage) }
        let answers = lines.map(\.assessment)
        let average = answers.map(\.totalScore).reduce(0, +) / Double(answers.count)
        let best = lines.max { $0.assessment.totalScore < $1.assessment.totalScore }!
        let weakest = lines.min { $0.assessment.totalScore < $1.assessment.totalScore }!
        func score(_ value: Double) -> String { String(format: "%.1f", value) }
        let perAnswer = lines.map { line in
            reportLanguage == .id
                ? "Pertanyaan \(line.number) (skor total \(score(line.assessment.totalScore))): \(line.assessment.analisisLlm)"
                : "Question \(line.number) (total score \(score(line.assessment.totalScore))): \(line.assessment.analisisLlm)"
        }.joined(separator: " ")
        let opening = reportLanguage == .id
            ? "Ringkasan ini disusun oleh penilai rubrik berbasis aturan, bukan oleh LLM. Rata-rata skor total \(answers.count) jawaban adalah \(score(average)); skor tertinggi pada pertanyaan \(best.number) (\(score(best.assessment.totalScore))) dan terendah pada pertanyaan \(weakest.number) (\(score(weakest.assessment.totalScore)))."
            : "This summary was assembled by the rule-based rubric scorer, not by an LLM. The \(answers.count) answers average a total score of \(score(average)); the highest is question \(best.number) (\(score(best.assessment.totalScore))) and the lowest question \(weakest.number) (\(score(weakest.assessment.totalScore)))."
        return AssessmentSummary(answers: answers, kesimpulan: opening + "\n\n" + perAnswer, reusedSingleAnalysis: false,
                                 kesimpulanConfidence: nil, reportLanguage: reportLanguage)
    }
}
