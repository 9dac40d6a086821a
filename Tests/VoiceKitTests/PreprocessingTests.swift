import Foundation
import Testing
@testable import VoiceKit

/// Volume normalisation, trimming and partial slicing reproduce Resemblyzer exactly when given
/// webrtcvad's recorded decisions.
@Suite struct PreprocessingTests {
    @Test func preprocessingIsBitExactWithRecordedVADDecisions() throws {
        for utterance in try TestFixtures.reference().utterances {
            let audio = try TestFixtures.audio(of: utterance)
            #expect(audio.count == utterance.loadedLength, "\(utterance.id)")
            #expect(GE2EPreprocessing.keptWindows(speechDecisions: utterance.webrtcFlags) == utterance.maskAfterDilation,
                    "\(utterance.id): smoothing/dilation")
            let normalized = GE2EPreprocessing.normalizeVolume(audio)
            #expect((normalized != audio) == utterance.gainApplied, "\(utterance.id): gain decision")
            let trimmed = GE2EPreprocessing.trimSilence(normalized, classifier: RecordedDecisions(decisions: utterance.webrtcFlags))
            #expect(trimmed.count == utterance.preprocessedLength, "\(utterance.id): length")
            let tolerance: Float = utterance.gainApplied ? 1e-7 : 0   // float32 pow rounding of the gain
            for (mine, theirs) in zip(trimmed.prefix(5) + trimmed.suffix(5), utterance.preprocessedFirst5 + utterance.preprocessedLast5) {
                #expect(abs(mine - theirs) <= tolerance, "\(utterance.id): \(mine) vs \(theirs)")
            }
        }
    }

    @Test func partialSlicesMatchResemblyzer() throws {
        for utterance in try TestFixtures.reference().utterances {
            let slices = PartialSlices(sampleCount: utterance.preprocessedLength)
            #expect(slices.frameStarts.map { [$0, $0 + 160] } == utterance.melSlices, "\(utterance.id)")
            #expect(slices.sampleRanges.map { [$0.lowerBound, $0.upperBound] } == utterance.wavSlices, "\(utterance.id)")
            #expect(slices.paddedSampleCount == utterance.wavLengthFedToMel, "\(utterance.id)")
        }
    }

    @Test func volumeIsRaisedButNeverLowered() {
        let quiet = (0..<16_000).map { Float(sin(Double($0) * 0.05)) * 0.001 }
        let raised = GE2EPreprocessing.normalizeVolume(quiet)
        let sumSquares = raised.reduce(0.0) { $0 + Double($1) * Double($1) }
        let rms = (sumSquares / Double(raised.count)).squareRoot()
        #expect(abs(rms - 0.031622) < 1e-4)   // −30 dBFS
        let loud = quiet.map { $0 * 300 }
        #expect(GE2EPreprocessing.normalizeVolume(loud) == loud)
    }
}
