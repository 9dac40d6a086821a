import AnswerScoring
import Foundation
import ServiceClients
import Synchronization
import Testing
import TestSupport

/// A reply's tokens as a server would give them: each piece with its probability and the
/// alternatives at its position (probabilities, turned into log-probabilities here).
func tokens(_ pieces: [(String, Double, [(String, Double)])]) -> [TokenLogprob] {
    pieces.map { token, probability, alternatives in
        TokenLogprob(token: token, logprob: log(probability),
                     topLogprobs: alternatives.map { .init(token: $0.0, logprob: log($0.1)) })
    }
}

/// Splits a reply into plain tokens of probability 1, except `scored` pieces, which the caller gives.
func replyTokens(_ parts: [Any]) -> [TokenLogprob] {
    parts.flatMap { part -> [TokenLogprob] in
        if let text = part as? String { return [TokenLogprob(token: text, logprob: 0)] }
        return tokens(part as! [(String, Double, [(String, Double)])])
    }
}

@Suite struct ScoreWeightingTests {
    @Test func oneTokenNumbersAreTheExpectationOverNumericAlternatives() throws {
        // Llama 3 writes 0–999 as one token.
        let reply = replyTokens([#"{"kualitas_jawaban":"#, [(" 80", 0.6, [(" 80", 0.6), (" 70", 0.2), (" 90", 0.1), (" \"", 0.1)])], "}"])
        let text = reply.map(\.token).joined()
        let range = try #require(ScoreReply.valueRangeForTesting(of: "kualitas_jawaban", in: text))
        let score = try #require(ScoreWeighting.score(at: range, stated: 80, tokens: reply))
        // (0.6·80 + 0.2·70 + 0.1·90) / 0.9: the non-numeric alternative is left out.
        #expect(abs(score.weighted - (0.6 * 80 + 0.2 * 70 + 0.1 * 90) / 0.9) < 1e-9)
        #expect(abs(try #require(score.probability) - 0.6) < 1e-9)
        #expect(score.alternatives.map(\.value) == [80, 70, 90])
    }

    @Test func digitTokensAreWeightedByPlace() throws {
        // Gemma writes one digit per token.
        let reply = replyTokens([#"{"koherensi": "#,
                                 [("7", 0.6, [("7", 0.6), ("8", 0.3), ("6", 0.1)])],
                                 [("5", 0.5, [("5", 0.5), ("0", 0.5)])], ","])
        let text = reply.map(\.token).joined()
        let range = try #require(ScoreReply.valueRangeForTesting(of: "koherensi", in: text))
        #expect(range.count == 2)
        let score = try #require(ScoreWeighting.score(at: range, stated: 75, tokens: reply))
        #expect(abs(score.weighted - (10 * 7.2 + 2.5)) < 1e-9)   // tens 7.2, units 2.5
        #expect(abs(try #require(score.probability) - 0.3) < 1e-9)
        #expect(score.alternatives.map(\.value) == [75, 85, 65])
    }

    @Test func alternativesOutsideTheScaleAreDropped() throws {
        // "100" as three digits: a "9" in the hundreds would be 900.
        let reply = replyTokens([#"{"relevansi": "#,
                                 [("1", 0.5, [("1", 0.5), ("9", 0.3), ("0", 0.2)])],
                                 [("0", 1.0, [("0", 1.0)])], [("0", 1.0, [("0", 1.0)])], "}"])
        let range = try #require(ScoreReply.valueRangeForTesting(of: "relevansi", in: reply.map(\.token).joined()))
        let score = try #require(ScoreWeighting.score(at: range, stated: 100, tokens: reply))
        #expect(abs(score.weighted - 100 * 0.5 / 0.7) < 1e-9)   // "1" → 100 and "0" → 0 weighed; "9" dropped
        #expect(score.weighted <= 100)
    }

    @Test func repliesAreReadLeniently() throws {
        let fenced = "```json\n{\"analisis_llm\": \"Kandidat {menjelaskan} \\\"tim\\\".\", \"kualitas_jawaban\": \"72\", \"koherensi\": 140, \"relevansi\": 65.4}\n```"
        let reply = try ScoreReply(parsing: fenced)
        #expect(reply.scores == ["kualitas_jawaban": 72, "koherensi": 100, "relevansi": 65])
        #expect(reply.analysis == "Kandidat {menjelaskan} \"tim\".")
        #expect(throws: ScoreReply.Problem.noJSONObject) { try ScoreReply(parsing: "I think it is good.") }
        #expect(throws: ScoreReply.Problem.missing("relevansi")) {
            try ScoreReply(parsing: #"{"analisis_llm":"a","kualitas_jawaban":1,"koherensi":2}"#)
        }
    }

    @Test func summaryNumbersFollowTheDocumentedFormulas() {
        func answer(_ k: Double, _ c: Double, _ r: Double, confidence: Double?) -> AnswerAssessment {
            AnswerAssessment(kualitasJawaban: k, koherensi: c, relevansi: r, analisisLlm: "a", logprobsConfidence: confidence,
                             scorer: .llm, llmModel: "m", reportLanguage: .id)
        }
        let answers = [answer(60, 70, 80, confidence: 90), answer(30, 40, 50, confidence: 70), answer(90, 90, 90, confidence: nil)]
        #expect(answers[0].totalScore == 70)
        #expect(answers[0].finalScoreLlm == 70)   // no 70 + 0.3 × floor
        let summary = AssessmentSummary(answers: answers, kesimpulan: "k", reusedSingleAnalysis: false,
                                        kesimpulanConfidence: nil, reportLanguage: .id)
        let expectedAverage: Double = (70 + 40 + 90) / 3
        #expect(summary.avgTotalLlm == expectedAverage)
        #expect(summary.finalScoreLlm == summary.avgTotalLlm)
        #expect(summary.avgLogprobsConfidence == 80)
        #expect(summary.rataRataConfidenceScore == 80)
        #expect(summary.summaryLogprobsConfidence
                == "Confidence score logprobs dari LLM untuk semua pertanyaan (2/3): rata-rata = 80.00%, min = 70.00%, max = 90.00%")
    }
}
