import Assessment
import FaceKit
import Testing

@Suite struct SummaryTests {
    /// The API reference's example: confidences 91.3, 78.4, 89.1 give 86.27, EXCELLENT.
    @Test func nonVerbalScoreIsTheMeanOfItsParts() {
        var builder = TrackBuilder()
        builder.add(seconds: 10)
        var (facial, eyes) = FacialDelivery.analyze(builder.track)
        facial.confidence = 78.4
        eyes.confidence = 89.1
        var speech = SpeechDelivery.analyze(speech: [], durationSeconds: 10, wordCount: 0, meanWordProbability: nil)
        speech.confidence = 91.3
        let analysis = NonVerbalAnalysis(speech: speech, facial: facial, eyes: eyes)
        #expect(analysis.nonVerbalConfidenceScore == 86.27 && analysis.performanceStatus == .excellent)
        #expect(NonVerbalAnalysis(speech: speech, facial: nil, eyes: nil).nonVerbalConfidenceScore == 91.3)
        #expect(PerformanceStatus(confidence: 84.99) == .good && PerformanceStatus(confidence: 50) == .fair
            && PerformanceStatus(confidence: 49.9) == .poor)
    }

    /// Three answers, Safe / Medium / High, averaging 6.11 %: the session is Medium Risk, as in
    /// the API reference's example; the summary and the flagged questions say why.
    @Test func sessionVerdictIsTheBandOfTheAverage() throws {
        let answers = [0.0, 8.0, 10.33].enumerated().map { index, missingSeconds in
            var builder = TrackBuilder()
            builder.add(seconds: 100) { t in t < missingSeconds ? nil : TrackBuilder.frontal() }
            let visual = VisualIntegrity.analyze(builder.track)
            return AnsweredQuestion(number: index + 1, question: "Q\(index + 1)", cheating: CheatingDetection(visual: visual, audio: nil),
                                    nonVerbal: nil)
        }
        // Make the third High Risk by a second face for a while, keeping its score.
        var third = answers[2]
        third.cheating!.finalVerdict = .highRisk
        let aggregate = try #require(CheatingAggregate([answers[0], answers[1], third]))
        #expect(aggregate.avgCheatingScore == 6.11)
        #expect(aggregate.finalAggregateVerdict == .mediumRisk && aggregate.riskLevel == "MEDIUM")
        #expect(aggregate.verdictDistribution == .init(safe: 1, mediumRisk: 1, highRisk: 1))
        #expect(aggregate.questionsWithIssues.map(\.questionNumber) == [2, 3])
        #expect(aggregate.questionsWithIssues[0].issues == ["Visual: Face not visible (120 frames)"])
        #expect(aggregate.summary == "Analyzed 3 question(s). Average cheating score: 6.11%. Verdict distribution: Safe=1, Medium Risk=1, High Risk=1. 2 question(s) flagged with potential issues. Common visual indicators: Face not visible.")
        #expect(CheatingAggregate([AnsweredQuestion(number: 1, question: "Q", cheating: nil, nonVerbal: nil)]) == nil)
    }
}
