import Foundation
import Testing
@testable import VoiceKit

/// The native encoder reproduces Resemblyzer's embeddings of the 15 reference clips.
@Suite struct VoiceEncoderTests {
    /// Lowest end-to-end cosine accepted with VoiceKit's VAD in place of webrtcvad
    /// (measured minimum in docs/voice.md; the same-speaker/other-speaker margin is ~0.73/0.75,
    /// so the VAD swap must cost far less than that).
    static let endToEndMinimumCosine = 0.975

    /// Whole pipeline with webrtcvad's recorded decisions: everything but the VAD is VoiceKit's.
    @Test func embeddingsMatchResemblyzerWithRecordedVAD() throws {
        let encoder = try TestFixtures.encoder()
        var report: [String] = []
        for utterance in try TestFixtures.reference().utterances {
            let audio = try TestFixtures.audio(of: utterance)
            let embedding = try encoder.embedUtterance(audio, classifier: RecordedDecisions(decisions: utterance.webrtcFlags))
            let cosine = Kernels.cosine(embedding, utterance.embedding)
            let maxDiff = zip(embedding, utterance.embedding).map { abs($0 - $1) }.max() ?? 0
            report.append("\(utterance.id) cos=\(cosine) maxdiff=\(maxDiff)")
            #expect(cosine >= 0.999, "\(utterance.id): cosine \(cosine)")
            #expect(maxDiff < 1e-4, "\(utterance.id): max |diff| \(maxDiff)")
        }
        print(report.joined(separator: "\n"))
    }

    /// Whole pipeline with VoiceKit's own VAD deciding the trimming (not bit-compatible with
    /// webrtcvad, so the kept audio differs by a few 30 ms windows).
    @Test func embeddingsMatchResemblyzerEndToEndWithOwnVAD() throws {
        let encoder = try TestFixtures.encoder()
        var cosines: [String] = []
        for utterance in try TestFixtures.reference().utterances {
            let embedding = try encoder.embedUtterance(try TestFixtures.audio(of: utterance))
            let cosine = Kernels.cosine(embedding, utterance.embedding)
            cosines.append(String(format: "%@ %.5f", utterance.id, cosine))
            #expect(cosine >= Self.endToEndMinimumCosine, "\(utterance.id): cosine \(cosine)")
        }
        print("end-to-end cosines with own VAD:\n" + cosines.joined(separator: "\n"))
    }

    /// The partial embeddings, without preprocessing (network and mel alone).
    @Test func partialEmbeddingsOfUnpreprocessedExcerptsMatch() throws {
        let encoder = try TestFixtures.encoder()
        for excerpt in try TestFixtures.reference().excerpts {
            let audio = Array(try TestFixtures.loadAudio(excerpt.path).prefix(excerpt.sampleCount))
            let result = encoder.embedPartials(audio)
            #expect(result.partialEmbeddings.count == excerpt.partialEmbeddings.count)
            for (mine, theirs) in zip(result.partialEmbeddings, excerpt.partialEmbeddings) {
                let maxDiff = zip(mine, theirs).map { abs($0 - $1) }.max() ?? 0
                #expect(maxDiff < 1e-5, "\(excerpt.id): partial max |diff| \(maxDiff)")
            }
            #expect(Kernels.cosine(result.embedding, excerpt.embedding) >= 0.99999)
            #expect(try encoder.embedUtterance(audio, preprocess: false) == result.embedding)
        }
    }

    @Test func rejectsOtherSampleRates() throws {
        let encoder = try TestFixtures.encoder()
        #expect(throws: VoiceKitError.unsupportedSampleRate(44_100)) {
            try encoder.embedUtterance([0, 0, 0], sampleRate: 44_100)
        }
    }
}
