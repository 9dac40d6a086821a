import Foundation
import Testing
@testable import VoiceKit

/// Where the tests find the model, the reference data and the speech recordings.
enum TestFixtures {
    /// The repository root, computed from this file's real location (Tests/VoiceKitTests/…; symlinks resolved).
    static let repoRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `VOICE_ENCODER_PATH`, or <repo>/models/resemblyzer/pretrained.pt.
    static var checkpointURL: URL {
        if let path = ProcessInfo.processInfo.environment["VOICE_ENCODER_PATH"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return repoRoot.appendingPathComponent("models/resemblyzer/pretrained.pt")
    }

    /// Resemblyzer's outputs on pocketsphinx-testdata (`VOICE_REFERENCE_JSON` overrides).
    static var referenceURL: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["VOICE_REFERENCE_JSON"]
            ?? "/work/shared/reference/ge2e-reference.json")
    }

    static let testData = "/usr/share/pocketsphinx/test/data/"
    static let librivoxPaths = ["0870", "0880", "0890", "0920", "0930"].map {
        testData + "librivox/sense_and_sensibility_01_austen_64kb-\($0).wav"
    }
    static let cardsPaths = (1...5).map { testData + "cards/00\($0).wav" }

    /// The encoder, loaded once. Fails the calling test, naming the fetch script, when the
    /// checkpoint is missing.
    static func encoder() throws -> VoiceEncoder {
        let url = checkpointURL
        guard FileManager.default.fileExists(atPath: url.path) else {
            Issue.record("Voice encoder checkpoint not found at \(url.path): run scripts/fetch-voice-encoder.sh (or set VOICE_ENCODER_PATH)")
            throw VoiceKitError.missingCheckpoint(url.path)
        }
        return try sharedEncoder.get()
    }

    private static let sharedEncoder = Result { try VoiceEncoder(checkpoint: checkpointURL) }

    static func reference() throws -> ReferenceData {
        try sharedReference.get()
    }

    private static let sharedReference = Result { try ReferenceData(url: referenceURL) }

    /// 16-bit PCM mono audio as float (int16/32768): a RIFF WAV, or headerless little-endian.
    static func loadAudio(_ path: String) throws -> [Float] {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var pcm = data[...]
        if data.starts(with: Array("RIFF".utf8)) {
            var offset = 12
            pcm = []
            while offset + 8 <= data.count {
                let id = String(decoding: data[offset..<(offset + 4)], as: UTF8.self)
                let size = Int(data[offset + 4]) | Int(data[offset + 5]) << 8 | Int(data[offset + 6]) << 16 | Int(data[offset + 7]) << 24
                if id == "data" { pcm = data[(offset + 8)..<min(data.count, offset + 8 + size)]; break }
                offset += 8 + size + size % 2
            }
        }
        return stride(from: pcm.startIndex, to: pcm.endIndex - 1, by: 2).map {
            Float(Int16(bitPattern: UInt16(pcm[$0]) | UInt16(pcm[$0 + 1]) << 8)) / 32768
        }
    }

    /// A clip of the reference: its audio as Resemblyzer loaded it (concat5 joins the five
    /// librivox files in file-name order).
    static func audio(of utterance: ReferenceData.Utterance) throws -> [Float] {
        try utterance.inputPaths.flatMap { try loadAudio($0) }
    }
}

/// Per-window speech decisions recorded from webrtcvad mode 3 in the reference JSON.
struct RecordedDecisions: SpeechWindowClassifier {
    let decisions: [Bool]
    func speechDecisions(_ samples: [Float], windowLength: Int) -> [Bool] {
        precondition(samples.count / windowLength == decisions.count, "recorded decisions for a different signal")
        return decisions
    }
}
