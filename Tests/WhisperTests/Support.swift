import Foundation
import Testing
@testable import Whisper

/// All Whisper tests, one at a time: they share one loaded model and the machine's cores.
@Suite(.serialized) struct WhisperTestSuite {}

/// A fixture the tests need is missing; the message says how to get it.
struct MissingFixture: Error, CustomStringConvertible {
    let description: String
}

enum Fixtures {
    /// The repository root, from this file's location (Tests/WhisperTests/Support.swift).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `$WHISPER_MODEL_DIR`, else `<repo>/models/whisper-base`.
    static var modelDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["WHISPER_MODEL_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return repositoryRoot.appendingPathComponent("models/whisper-base")
    }

    /// `$WHISPER_REFERENCE_DIR`, else `<repo>/../shared/reference` (the project's reference outputs).
    static func referenceFile(_ name: String) throws -> URL {
        let directory = ProcessInfo.processInfo.environment["WHISPER_REFERENCE_DIR"].map { URL(fileURLWithPath: $0) }
            ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/reference")
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MissingFixture(description: "reference file \(url.path) is missing (set WHISPER_REFERENCE_DIR)")
        }
        return url
    }

    /// The model, loaded once for all tests. Missing weights fail the test with instructions.
    static func model() throws -> WhisperModel { try sharedModel.get() }

    private static let sharedModel: Result<WhisperModel, any Error> = Result {
        let directory = modelDirectory
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.bin").path) else {
            throw MissingFixture(description: "Whisper model not found in \(directory.path): run scripts/fetch-models.sh (or set WHISPER_MODEL_DIR)")
        }
        return try WhisperModel(directory: directory, threads: 2)
    }

    static let librivoxDirectory = "/usr/share/pocketsphinx/test/data/librivox/"
    /// The five LibriVox clip ids in file-name order.
    static let librivoxClips = ["0870", "0880", "0890", "0920", "0930"]

    /// One LibriVox clip of Debian's pocketsphinx-testdata as float samples (s16 / 32768).
    static func librivox(_ clip: String) throws -> [Float] {
        try readWav(librivoxDirectory + "sense_and_sensibility_01_austen_64kb-\(clip).wav")
    }

    /// The five clips joined without gaps (24.73 s), the reference's `librivox_concat`.
    static func librivoxConcatenation() throws -> [Float] {
        try librivoxClips.flatMap { try librivox($0) }
    }

    /// Human transcripts from `librivox/transcription`, by clip id.
    static func librivoxTranscripts() throws -> [String: String] {
        let text = try String(contentsOfFile: librivoxDirectory + "transcription", encoding: .utf8)
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let open = line.lastIndex(of: "("), let dash = line.lastIndex(of: "-") else { continue }
            let clip = String(line[line.index(after: dash)...].prefix(4))
            let words = line[..<open].replacingOccurrences(of: "<s>", with: "").replacingOccurrences(of: "</s>", with: "")
            result[clip] = words.trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    /// Reads a 16-bit PCM mono WAV file.
    static func readWav(_ path: String) throws -> [Float] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MissingFixture(description: "\(path) is missing: apt-get install pocketsphinx-testdata")
        }
        let bytes = [UInt8](data)
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = u32(offset + 4)
            if id == "data" {
                let count = min(size, bytes.count - offset - 8) / 2
                return (0..<count).map { i in
                    let at = offset + 8 + 2 * i
                    return Float(Int16(bitPattern: UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8)) / 32768
                }
            }
            offset += 8 + size + (size & 1)
        }
        throw MissingFixture(description: "\(path) has no data chunk")
    }

    /// A float32 little-endian C-order `.npy` array: (shape, values).
    static func readNpy(_ url: URL) throws -> ([Int], [Float]) {
        let bytes = [UInt8](try Data(contentsOf: url))
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let header = String(decoding: bytes[10..<10 + headerLength], as: UTF8.self)
        guard header.contains("'<f4'"), header.contains("'fortran_order': False"),
              let open = header.firstIndex(of: "("), let close = header.firstIndex(of: ")") else {
            throw MissingFixture(description: "\(url.path): unsupported npy header \(header)")
        }
        let shape = header[header.index(after: open)..<close].split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        let start = 10 + headerLength
        let count = (bytes.count - start) / 4
        let values = (0..<count).map { i -> Float in
            let at = start + 4 * i
            return Float(bitPattern: UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24)
        }
        return (shape, values)
    }

    /// The faster-whisper baseline (`whisper-baseline-asr.json`).
    static func baseline() throws -> [String: Any] {
        // Python's json writes an unbounded VAD option as the non-standard `Infinity`.
        let text = try String(contentsOf: try referenceFile("whisper-baseline-asr.json"), encoding: .utf8)
            .replacingOccurrences(of: ": Infinity", with: ": null")
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    /// The baseline run for `id` ("librivox/…-0870", "librivox_concat") with float32 weights.
    static func baselineRun(_ id: String, beamSize: Int) throws -> [String: Any] {
        let runs = try baseline()["runs"] as? [[String: Any]] ?? []
        guard let run = runs.first(where: {
            ($0["id"] as? String) == id && ($0["compute_type"] as? String) == "float32" && ($0["beam_size"] as? Int) == beamSize
        }) else { throw MissingFixture(description: "baseline has no float32 beam \(beamSize) run for \(id)") }
        return run
    }

    static func baselineTokens(_ run: [String: Any]) -> [[Int]] {
        (run["segments"] as? [[String: Any]] ?? []).map { $0["tokens"] as? [Int] ?? [] }
    }
}

/// Word error rate with the baseline's normalisation: lowercase, '-' → space, punctuation and
/// apostrophes dropped, split on whitespace. Returns (errors, reference words).
func wordErrors(reference: String, hypothesis: String) -> (errors: Int, words: Int) {
    func normalize(_ s: String) -> [String] {
        let lowered = s.lowercased().replacingOccurrences(of: "-", with: " ")
        let kept = lowered.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || CharacterSet.whitespaces.contains($0) }
        return String(String.UnicodeScalarView(kept)).split(whereSeparator: { $0 == " " }).map(String.init)
    }
    let r = normalize(reference), h = normalize(hypothesis)
    var previous = Array(0...h.count)
    for i in 1...max(1, r.count) where !r.isEmpty {
        var current = [i] + [Int](repeating: 0, count: h.count)
        for j in 1...max(1, h.count) where !h.isEmpty {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r[i - 1] == h[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return (r.isEmpty ? h.count : previous[h.count], r.count)
}
