import Assessment
import FaceKit
import Testing
import VoiceKit

@Suite struct DeliveryTests {
    /// Blinks are counted at the times the eyes close; a long closure is not a blink; a noisy
    /// ratio hovering near the threshold counts once (hysteresis).
    @Test func blinksAreCountedWithThePersonsBaseline() throws {
        var builder = TrackBuilder()
        let blinkStarts = [2.0, 7.0, 13.0, 21.0, 33.0, 47.0]
        builder.add(seconds: 60) { t in
            // This person's open eyes measure 0.24 (narrow eyes: a fixed 0.2 cut would misfire).
            var ear = 0.24
            if blinkStarts.contains(where: { t >= $0 && t < $0 + 0.2 }) { ear = 0.08 }
            if (40..<42).contains(t) { ear = 0.07 }            // eyes kept closed: not a blink
            if (52..<52.4).contains(t) { ear = [0.16, 0.17, 0.165, 0.175, 0.16, 0.17][Int((t - 52) * 15) % 6] }
            return TrackBuilder.frontal(ear: ear)
        }
        let (_, eyes) = FacialDelivery.analyze(builder.track)
        #expect(eyes.totalBlinks == blinkStarts.count + 1)
        for start in blinkStarts { #expect(eyes.blinkTimes.contains { abs($0 - start) < 0.07 }) }
        #expect(eyes.blinkRatePerMin == 7 && eyes.blinkInterpretation == "Low")
        #expect(eyes.usualEyeAspectRatio == 0.24)
    }

    @Test func eyeContactIsTheShareOfFramesFacingTheScreen() {
        var builder = TrackBuilder()
        builder.add(seconds: 40) { t in
            if t < 4 { return nil }
            if (10..<16).contains(t) { return TrackBuilder.frontal(yaw: 30) }
            return TrackBuilder.frontal(yaw: 5)
        }
        let (facial, eyes) = FacialDelivery.analyze(builder.track)
        #expect(eyes.eyeContactPercentage == 75 && eyes.eyeContactInterpretation == "Good")
        #expect(facial.confidence == 90)
    }

    /// Smile intensity is measured from the person's own neutral mouth: a wide mouth at rest is
    /// not a smile; widening by 0.3 for a third of the time gives 0.1.
    @Test func smileAndBrowsAreMeasuredFromThePersonsNeutral() {
        var builder = TrackBuilder()
        builder.add(seconds: 30) { t in
            let smiling = Int(t) % 3 == 0
            return TrackBuilder.frontal(smile: smiling ? 1.6 : 1.3, brow: Int(t) % 5 == 0 ? 0.45 : 0.40)
        }
        let (facial, _) = FacialDelivery.analyze(builder.track)
        #expect(abs(facial.smileIntensity - 0.1) < 0.001 && facial.smileInterpretation == "Neutral")
        #expect(facial.neutralSmile == 1.3)
        #expect(abs(facial.eyebrowMovement - 0.02) < 0.001 && facial.eyebrowInterpretation == "Natural")
    }

    @Test func speechDeliveryFromSegmentsAndWords() {
        let speech = [(1.0, 10.0), (10.3, 20.0), (21.0, 30.0), (32.0, 44.0)].map { SpeechSegment(startSeconds: $0.0, endSeconds: $0.1) }
        let analysis = SpeechDelivery.analyze(speech: speech, durationSeconds: 50, wordCount: 100, meanWordProbability: 0.9)
        #expect(analysis.speakingTimeSeconds == 39.7 && analysis.speakingRatio == 0.79)
        #expect(analysis.speakingInterpretation == "Very active")
        #expect(analysis.speechRateWpm == 151.13 && analysis.speechInterpretation == "Ideal pace")
        // 0.3 s is shorter than a pause; the leading and trailing silences are not pauses.
        #expect(analysis.numPauses == 2 && analysis.pauses.map(\.startSeconds) == [20, 30])
        #expect(analysis.confidence == 90)
    }

    @Test func noSpeechHasNothingToMeasure() {
        let analysis = SpeechDelivery.analyze(speech: [], durationSeconds: 12, wordCount: 0, meanWordProbability: nil)
        #expect(analysis.speakingRatio == 0 && analysis.speechRateWpm == 0 && analysis.numPauses == 0 && analysis.confidence == 0)
    }

    @Test func interpretationBandEdgesAreStrictAsTheOriginal() {
        #expect(Interpretation.speakingRatio(0.65) == "Fairly active" && Interpretation.speakingRatio(0.66) == "Very active")
        #expect(Interpretation.speechRate(135) == "Ideal pace" && Interpretation.speechRate(165) == "Ideal pace")
        #expect(Interpretation.speechRate(165.5) == "Fast pace" && Interpretation.speechRate(134.9) == "Slow pace")
        #expect(Interpretation.blinkRate(25) == "Normal" && Interpretation.blinkRate(10) == "Low")
        #expect(Interpretation.eyeContact(75) == "Good" && Interpretation.eyeContact(55) == "Needs improvement")
    }
}
