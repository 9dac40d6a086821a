// Measuring helpers: WAV input, the process's peak memory, machine facts, word error rate.

import Foundation

struct BenchError: Error, CustomStringConvertible {
    let description: String
}

enum Audio {
    /// Samples of a 16 kHz mono 16-bit PCM WAV file as floats (s16 / 32768, as faster-whisper's
    /// decoder gives them).
    static func readWav(_ path: String) throws -> [Float] {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchError(description: "cannot read \(path)") }
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        guard bytes.count >= 12, String(decoding: bytes[0..<4], as: UTF8.self) == "RIFF" else {
            throw BenchError(description: "\(path) is not a WAV file")
        }
        var offset = 12
        var format: (channels: Int, rate: Int, bits: Int)?
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = u32(offset + 4)
            if id == "fmt " { format = (u16(offset + 10), u32(offset + 12), u16(offset + 22)) }
            if id == "data" {
                guard let format, format == (1, 16_000, 16) else {
                    throw BenchError(description: "\(path) must be 16 kHz mono 16-bit PCM (ffmpeg -i in -ar 16000 -ac 1 -c:a pcm_s16le out.wav)")
                }
                let count = min(size, bytes.count - offset - 8) / 2
                return (0..<count).map { i in
                    Float(Int16(bitPattern: UInt16(u16(offset + 8 + 2 * i)))) / 32768
                }
            }
            offset += 8 + size + (size & 1)
        }
        throw BenchError(description: "\(path) has no data chunk")
    }
}

enum Machine {
    /// VmHWM, the peak resident set of this process, in megabytes (2^20 bytes).
    static func peakRSSMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Double(line.split(separator: " ")[1]) else { return 0 }
        return kilobytes / 1024
    }

    /// User + system CPU seconds used by this process so far, all threads.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The 1-minute load average.
    static func loadAverage() -> Double {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return Double(text.split(separator: " ").first ?? "") ?? 0
    }

    /// CPU model, core count, memory and kernel, for the results file.
    static func description() -> [String: String] {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown"
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }.map { Set($0.split(separator: " ")) } ?? []
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let memoryKB = meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
            .flatMap { Double($0.split(separator: " ")[1]) } ?? 0
        let kernel = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
        return [
            "cpu": model,
            "logical_cores": String(ProcessInfo.processInfo.activeProcessorCount),
            "simd": ["avx2", "fma", "avx512f", "f16c"].filter { flags.contains(Substring($0)) }.joined(separator: " "),
            "memory_gb": String(format: "%.1f", memoryKB / 1_048_576),
            "kernel": kernel,
        ]
    }
}

enum Agreement {
    /// Words for WER: lowercased, '-' as a space, only letters, digits and spaces kept (so
    /// "Mr." is "mr" and "ill-disposed" is two words, as in the human transcripts).
    static func words(_ text: String) -> [String] {
        let lowered = text.lowercased().replacingOccurrences(of: "-", with: " ")
        let kept = lowered.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == " " }
        return String(String.UnicodeScalarView(kept)).split(separator: " ").map(String.init)
    }

    /// Levenshtein distance between two sequences.
    static func editDistance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// Word error rate of `hypothesis` against `reference`.
    static func wordErrorRate(reference: String, hypothesis: String) -> Double {
        let r = words(reference), h = words(hypothesis)
        return r.isEmpty ? (h.isEmpty ? 0 : 1) : Double(editDistance(r, h)) / Double(r.count)
    }

    /// 1 − edit distance / longer length: 1 for identical token sequences.
    static func tokenAgreement(_ a: [Int], _ b: [Int]) -> Double {
        let longer = max(a.count, b.count)
        return longer == 0 ? 1 : 1 - Double(editDistance(a, b)) / Double(longer)
    }
}
