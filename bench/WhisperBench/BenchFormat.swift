// The files the benchmark writes and reads. `run` writes one `EngineRun` per process;
// bench/faster_whisper_run.py writes the same schema for faster-whisper, so that `report` treats
// every engine alike.

import Foundation

/// One engine process: its model load, then every (clip, beam size) transcription once.
struct EngineRun: Codable {
    /// "ours", "faster-whisper-int8", "faster-whisper-float32".
    var engine: String
    var engineVersion: String
    var computeType: String
    var threads: Int
    var loadSeconds: Double
    /// VmHWM of the process after all runs (megabytes of 2^20 bytes).
    var peakRSSMegabytes: Double
    /// /proc/loadavg's 1-minute figure when the process ended.
    var loadAverage: Double
    var runs: [ClipRun]

    enum CodingKeys: String, CodingKey {
        case engine, threads, runs
        case engineVersion = "engine_version"
        case computeType = "compute_type"
        case loadSeconds = "load_seconds"
        case peakRSSMegabytes = "peak_rss_mb"
        case loadAverage = "load_average"
    }
}

/// One timed transcription.
struct ClipRun: Codable {
    /// The audio file's name without directory and extension.
    var clip: String
    var durationSeconds: Double
    var beamSize: Int
    /// Wall seconds of the transcribe call, features included, decoding of the file excluded.
    var seconds: Double
    /// User + system CPU seconds of the whole process (all threads) during the call: less
    /// sensitive than wall time to other processes, but it counts threads that spin.
    var cpuSeconds: Double
    var text: String
    /// All segments' token ids in order, timestamp tokens included.
    var tokens: [Int]

    enum CodingKeys: String, CodingKey {
        case clip, seconds, text, tokens
        case durationSeconds = "duration_s"
        case beamSize = "beam_size"
        case cpuSeconds = "cpu_seconds"
    }
}

enum BenchIO {
    static func write<T: Encodable>(_ value: T, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(value).write(to: URL(fileURLWithPath: path))
    }

    static func read<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
