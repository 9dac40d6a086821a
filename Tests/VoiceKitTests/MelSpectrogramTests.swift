import Testing
@testable import VoiceKit

/// The linear Slaney mel of the preprocessed audio matches librosa's to float32 rounding.
@Suite struct MelSpectrogramTests {
    @Test func filterbankCentresMatchLibrosa() throws {
        let reference = try TestFixtures.reference()
        let bank = MelFilterbank(sampleRate: 16_000, fftLength: 400, bandCount: 40)
        #expect(bank.centerFrequencies.count == reference.melCenterHz.count)
        for (mine, theirs) in zip(bank.centerFrequencies, reference.melCenterHz) {
            #expect(abs(mine - theirs) < 1e-9)
        }
    }

    @Test func melOfPreprocessedAudioMatchesResemblyzer() throws {
        let mel = MelSpectrogram()
        for utterance in try TestFixtures.reference().utterances {
            let audio = GE2EPreprocessing.trimSilence(GE2EPreprocessing.normalizeVolume(try TestFixtures.audio(of: utterance)),
                                                      classifier: RecordedDecisions(decisions: utterance.webrtcFlags))
            let frames = mel.frames(of: audio)
            #expect([frames.frameCount, frames.bandCount] == utterance.melShape, "\(utterance.id)")
            var sum = 0.0, sumSquares = 0.0
            for value in frames.values { sum += Double(value); sumSquares += Double(value) * Double(value) }
            let mean = sum / Double(frames.values.count)
            let std = (sumSquares / Double(frames.values.count) - mean * mean).squareRoot()
            #expect(abs(mean / utterance.melMean - 1) < 1e-5, "\(utterance.id): mean \(mean) vs \(utterance.melMean)")
            #expect(abs(std / utterance.melStd - 1) < 1e-5, "\(utterance.id): std \(std) vs \(utterance.melStd)")
            let maximum = Double(frames.values.max() ?? 1)
            for (index, expected) in [(0, utterance.melFrame0), (utterance.melMidIndex, utterance.melMid),
                                      (frames.frameCount - 1, utterance.melLast)] {
                for (mine, theirs) in zip(frames[index].prefix(5), expected) {
                    #expect(abs(Double(mine - theirs)) / maximum < 1e-6, "\(utterance.id) frame \(index): \(mine) vs \(theirs)")
                }
            }
        }
    }
}
