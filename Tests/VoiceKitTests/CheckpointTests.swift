import Foundation
import Testing
@testable import VoiceKit

/// The legacy-format reader finds every tensor where the format analysis
/// (whisper-ct2-format-and-baseline.md §4) located it, and the values agree with the reference.
@Suite struct CheckpointTests {
    @Test func readsResemblyzerCheckpointLayout() throws {
        _ = try TestFixtures.encoder()   // fails with the fetch-script message when absent
        let checkpoint = try TorchCheckpoint(contentsOf: TestFixtures.checkpointURL)
        let reference = try TestFixtures.reference()
        #expect(checkpoint.root["step"] == .int(reference.step))
        let state = try #require(checkpoint.root["model_state"])
        guard case .tensor(let ih0)? = state["lstm.weight_ih_l0"], case .tensor(let hh2)? = state["lstm.weight_hh_l2"],
              case .tensor(let linear)? = state["linear.weight"], case .tensor(let similarity)? = state["similarity_weight"] else {
            Issue.record("model_state lacks the GE2E tensors"); return
        }
        // The twelve LSTM tensors are views of one flat storage of 1,357,824 floats.
        #expect(ih0.storage == hh2.storage)
        #expect(ih0.storage.elementCount == 1_357_824)
        #expect(checkpoint.storageDataOffsets[ih0.storage.key] == 269_883)
        #expect(hh2.storageOffset == 1_089_536 && hh2.shape == [1024, 256])
        #expect(checkpoint.storageDataOffsets[linear.storage.key] == 7_731)
        #expect(try checkpoint.floats(of: similarity) == [Float(reference.similarityWeight)])
    }

    @Test func rejectsFilesThatAreNotCheckpoints() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("voicekit-not-a-checkpoint-\(getpid()).pt")
        try Data("PK\u{3}\u{4}not really a zip".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: VoiceKitError.self) { try TorchCheckpoint(contentsOf: url) }
        #expect(throws: VoiceKitError.missingCheckpoint("/nonexistent/pretrained.pt")) {
            try VoiceEncoder(checkpoint: URL(fileURLWithPath: "/nonexistent/pretrained.pt"))
        }
    }
}
