import Foundation
import Testing
@testable import VoiceKit

/// The VAD finds real speech placed at known times in silence and in noise, rejects a noise
/// burst, and agrees with webrtcvad mode 3 on most 30 ms windows.
@Suite struct VoiceActivityDetectorTests {
    static let edgeTolerance = 0.2

    /// The speech extent of a reference clip in seconds: webrtcvad's smoothed mask
    /// (≥ 5 of 8 windows speech), first to last kept 30 ms window.
    static func speechExtent(_ utterance: ReferenceData.Utterance) -> ClosedRange<Double> {
        let mask = utterance.maskAfterMovingAverage
        let first = mask.firstIndex(of: true)!, last = mask.lastIndex(of: true)!
        return (Double(first) * 0.03)...(Double(last + 1) * 0.03)
    }

    /// Two librivox clips separated by a 2.5 s gap, padded at both ends; returns the signal and
    /// the true speech extents.
    static func paddedSpeech() throws -> (TestSignals.Timeline, [ClosedRange<Double>]) {
        let utterances = try TestFixtures.reference().utterances
        var timeline = TestSignals.Timeline()
        var truth: [ClosedRange<Double>] = []
        timeline.appendSilence(seconds: 1.5)
        for (index, utterance) in [utterances[0], utterances[1]].enumerated() {
            timeline.append(try TestFixtures.audio(of: utterance))
            let extent = speechExtent(utterance)
            let start = timeline.starts.last!
            truth.append((start + extent.lowerBound)...(start + extent.upperBound))
            timeline.appendSilence(seconds: index == 0 ? 2.5 : 1.5)
        }
        return (timeline, truth)
    }

    static func check(_ segments: [SpeechSegment], truth: [ClosedRange<Double>], label: String) {
        var report: [String] = []
        for extent in truth {
            let overlapping = segments.filter { $0.endSeconds > extent.lowerBound - edgeTolerance && $0.startSeconds < extent.upperBound + edgeTolerance }
            guard let first = overlapping.first, let last = overlapping.last else {
                Issue.record("\(label): no segment for speech at \(extent)"); continue
            }
            let startError = first.startSeconds - extent.lowerBound, endError = last.endSeconds - extent.upperBound
            report.append(String(format: "%@ speech %.2f–%.2f: start error %+.3f s, end error %+.3f s (%d segments)",
                                 label, extent.lowerBound, extent.upperBound, startError, endError, overlapping.count))
            #expect(abs(startError) <= edgeTolerance, "\(label): start \(first.startSeconds) vs \(extent.lowerBound)")
            #expect(abs(endError) <= edgeTolerance, "\(label): end \(last.endSeconds) vs \(extent.upperBound)")
        }
        for segment in segments where !truth.contains(where: {
            segment.endSeconds > $0.lowerBound - edgeTolerance && segment.startSeconds < $0.upperBound + edgeTolerance }) {
            Issue.record("\(label): segment \(segment) lies outside the speech")
        }
        print(report.joined(separator: "\n"))
    }

    @Test func findsSpeechPaddedWithSilence() throws {
        let (timeline, truth) = try Self.paddedSpeech()
        Self.check(VoiceActivityDetector().segments(timeline.samples), truth: truth, label: "silence")
    }

    /// White noise under the whole signal (speech-to-noise 15 dB) and a 1 s burst of louder
    /// noise (speech-to-noise 3 dB) in the middle of the gap, which must not count as speech.
    @Test func findsSpeechInNoiseAndRejectsANoiseBurst() throws {
        var (timeline, truth) = try Self.paddedSpeech()
        let speechRMS = TestSignals.rms(try TestFixtures.audio(of: TestFixtures.reference().utterances[0]))
        timeline.mix(TestSignals.noise(count: timeline.samples.count, rms: speechRMS * pow(10, -15.0 / 20), seed: 7))
        let gapMiddle = (truth[0].upperBound + truth[1].lowerBound) / 2
        timeline.mix(TestSignals.noise(count: 16_000, rms: speechRMS * pow(10, -3.0 / 20), seed: 11), atSeconds: gapMiddle - 0.5)
        Self.check(VoiceActivityDetector().segments(timeline.samples), truth: truth, label: "noise")
    }

    @Test func pureNoiseAndSilenceHaveNoSpeech() {
        #expect(VoiceActivityDetector().segments([Float](repeating: 0, count: 48_000)).isEmpty)
        #expect(VoiceActivityDetector().segments(TestSignals.noise(count: 48_000, rms: 0.05, seed: 3)).isEmpty)
    }

    /// Window-level agreement with webrtcvad mode 3 on the 14 reference clips (not bit-compatible;
    /// docs/voice.md records the figures).
    @Test func agreesWithWebRTCModeThreeOnMostWindows() throws {
        let vad = VoiceActivityDetector()
        var agreements: [Double] = []
        for utterance in try TestFixtures.reference().utterances.dropLast() {
            let audio = GE2EPreprocessing.normalizeVolume(try TestFixtures.audio(of: utterance))
            let mine = vad.speechDecisions(audio, windowLength: 480)
            let same = zip(mine, utterance.webrtcFlags).filter { $0 == $1 }.count
            agreements.append(Double(same) / Double(mine.count))
        }
        let mean = agreements.reduce(0, +) / Double(agreements.count)
        print("VAD agreement with webrtcvad mode 3 per clip: \(agreements.map { String(format: "%.3f", $0) }) mean \(String(format: "%.3f", mean))")
        #expect(mean >= 0.85)
    }
}
