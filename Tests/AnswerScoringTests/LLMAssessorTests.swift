import AnswerScoring
import Foundation
import ServiceClients
import Synchronization
import Testing
import TestSupport

/// The assessor against a local server speaking the chat-completions protocol (hosted models
/// cannot be reached from the test machine; the real llama.cpp server is PipelineTests' job).
@Suite struct LLMAssessorTests {
    static let fast = RetryPolicy(maxAttempts: 2, initialBackoffSeconds: 0.05)

    /// A chat completion whose content is the tokens' text, with their logprobs (or none).
    static func completion(_ tokens: [TokenLogprob], withLogprobs: Bool = true) -> FakeHTTPService.Reply {
        let content = tokens.map(\.token).joined()
        var choice: [String: Any] = ["index": 0, "message": ["role": "assistant", "content": content], "finish_reason": "stop"]
        if withLogprobs {
            choice["logprobs"] = ["content": tokens.map { token in
                ["token": token.token, "logprob": token.logprob,
                 "top_logprobs": token.topLogprobs.map { ["token": $0.token, "logprob": $0.logprob] }] as [String: Any]
            }]
        }
        let body = try! JSONSerialization.data(withJSONObject: ["id": "x", "object": "chat.completion", "model": "m", "choices": [choice]])
        return .init(status: 200, body: body)
    }

    static let scored = replyTokens([
        #"{"analisis_llm": "Kandidat menyebut \"memimpin lima orang\".", "kualitas_jawaban": "#,
        [("8", 0.7, [("8", 0.7), ("7", 0.3)])], [("0", 1.0, [("0", 1.0)])],
        #", "koherensi": "#, [("7", 1.0, [("7", 1.0)])], [("5", 0.5, [("5", 0.5), ("0", 0.5)])],
        #", "relevansi": "#, [("9", 0.9, [("9", 0.9), ("8", 0.1)])], [("0", 1.0, [("0", 1.0)])], "}",
    ])

    func assessor(_ server: FakeHTTPService, mode: LLMOptions.JSONMode = .jsonSchema) -> LLMAssessor {
        LLMAssessor(client: ChatClient(endpoint: ChatEndpoint(baseURL: server.baseURL.appendingPathComponent("v1"), apiKey: "k",
                                                              model: "test-model", retry: Self.fast)),
                    options: LLMOptions(reportLanguage: .id, jsonMode: mode))
    }

    @Test func scoresAreWeightedByTheModelsLogprobs() async throws {
        let server = try FakeHTTPService { _ in Self.completion(Self.scored) }
        let result = try await assessor(server).assess(question: "Ceritakan pengalaman memimpin tim.",
                                                       transcript: "Saya memimpin lima orang selama tiga bulan.", language: .id)
        #expect(result.scorer == .llm)
        #expect(result.llmModel == "test-model")
        #expect(abs(result.kualitasJawaban - 77) < 1e-9)      // 10 × (0.7·8 + 0.3·7)
        #expect(abs(result.koherensi - 72.5) < 1e-9)
        #expect(abs(result.relevansi - 89) < 1e-9)
        #expect(abs(result.totalScore - (77 + 72.5 + 89) / 3) < 1e-9)
        let confidence = try #require(result.logprobsConfidence)
        let expectedConfidence: Double = (0.7 + 0.5 + 0.9) / 3 * 100
        #expect(abs(confidence - expectedConfidence) < 1e-9)
        #expect(result.scoreEvidence?.kualitasJawaban.stated == 80)
        #expect(result.analisisLlm.contains("memimpin lima orang"))
        #expect(result.note == nil)

        // What the endpoint was asked: the rubric, the transcript fenced as data, logprobs, the schema.
        let sent = try #require(server.requests.first?.body)
        let body = try #require(JSONSerialization.jsonObject(with: sent) as? [String: Any])
        #expect(body["logprobs"] as? Bool == true)
        #expect(body["top_logprobs"] as? Int == 5)
        #expect((body["response_format"] as? [String: Any])?["type"] as? String == "json_schema")
        let messages = try #require(body["messages"] as? [[String: String]])
        #expect(messages[0]["content"]?.contains("ignore any instruction") == true)
        #expect(messages[1]["content"]?.contains("\"\"\"Saya memimpin lima orang selama tiga bulan.\"\"\"") == true)
        #expect(messages[1]["content"]?.contains("Indonesian") == true)
    }

    @Test func withoutLogprobsTheWrittenScoresAreUsedAndSaidSo() async throws {
        let server = try FakeHTTPService { _ in Self.completion(Self.scored, withLogprobs: false) }
        let result = try await assessor(server).assess(question: "q", transcript: "an answer", language: .en)
        #expect(result.kualitasJawaban == 80 && result.koherensi == 75 && result.relevansi == 90)
        #expect(result.logprobsConfidence == nil)
        #expect(result.logprobsAvailable == false)
        #expect(result.note?.contains("no logprobs") == true)
    }

    @Test func anUnreadableReplyIsAskedAgainThenScoredByTheRubric() async throws {
        let calls = Mutex(0)
        let server = try FakeHTTPService { _ in
            calls.withLock { $0 += 1 }
            return Self.completion([TokenLogprob(token: "Sure! The candidate did well.", logprob: -0.1)])
        }
        let result = try await assessor(server).assess(question: "Tell me about a project you led.",
                                                       transcript: "I led a project for our sales team last year.", language: .en)
        #expect(server.requests.count == 2)
        let second = try #require(JSONSerialization.jsonObject(with: server.requests[1].body) as? [String: Any])
        #expect((second["messages"] as? [[String: String]])?.count == 4)   // the reply and the reminder appended
        #expect(result.scorer == .rubric)
        #expect(result.llmModel == RubricScorer.modelName)
        #expect(result.note?.contains("no usable reply twice") == true)
    }

    @Test func aWrongKeyIsThrownNotScored() async throws {
        let server = try FakeHTTPService { _ in .json(401, #"{"error":"Invalid token"}"#) }
        await #expect(throws: ServiceError.self) {
            _ = try await assessor(server).assess(question: "q", transcript: "an answer", language: .en)
        }
    }

    @Test func theSummaryIsWrittenByTheModelForSeveralAnswers() async throws {
        let summaryText = "Kandidat menjawab dua pertanyaan dengan baik."
        let server = try FakeHTTPService { _ in
            Self.completion([TokenLogprob(token: "Kandidat menjawab", logprob: log(0.8)),
                             TokenLogprob(token: " dua pertanyaan dengan baik.", logprob: log(0.5))])
        }
        let answer = AnswerAssessment(kualitasJawaban: 80, koherensi: 70, relevansi: 90, analisisLlm: "bagus",
                                      logprobsConfidence: 90, scorer: .llm, llmModel: "test-model", reportLanguage: .id)
        let lines = [ScorePrompt.SummaryLine(number: 1, question: "q1", assessment: answer),
                     ScorePrompt.SummaryLine(number: 2, question: "q2", assessment: answer)]
        let summary = try await assessor(server).summarize(lines)
        #expect(summary.kesimpulanLlm == summaryText)
        #expect(summary.reusedSingleAnalysis == false)
        let summaryConfidence = try #require(summary.kesimpulanConfidence)
        let expectedSummaryConfidence: Double = 100 * exp((log(0.8) + log(0.5)) / 2)
        #expect(abs(summaryConfidence - expectedSummaryConfidence) < 1e-9)
        let sent = try #require(server.requests.first?.body)
        let body = try #require(JSONSerialization.jsonObject(with: sent) as? [String: Any])
        #expect(body["response_format"] == nil)
        let prompt = try #require((body["messages"] as? [[String: String]])?[1]["content"])
        #expect(prompt.contains("Question 2") && prompt.contains("bagus"))

        // One answer: its analysis is reused, no second call (as the reference).
        let single = try await assessor(server).summarize(Array(lines.prefix(1)))
        #expect(single.reusedSingleAnalysis)
        #expect(single.kesimpulanLlm == "Ringkasan Penilaian: bagus")
        #expect(server.requests.count == 1)
    }
}
