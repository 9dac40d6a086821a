// WhisperBench: times the native Whisper engine and compares it with other engines' runs.
//
//   WhisperBench run --model DIR --out FILE [--threads 2] [--beams 1,5] [--language en] AUDIO.wav...
//     Loads the model once, transcribes every file with each beam size (after one untimed
//     warm-up), and writes an EngineRun JSON: wall seconds, tokens, text, peak RSS (VmHWM).
//
//   WhisperBench report --out FILE [--transcripts FILE] [--target-ratio 1.5] RUN.json...
//     Reads EngineRun files of any engines and rounds (scripts/bench.sh alternates engines in
//     each round), keeps each engine's best time per (file, beam), and writes the comparison:
//     RTF, ratios of "ours" to every other engine, token and WER agreement, WER against the
//     human transcripts, peak RSS. Prints a table.

import Foundation
import Whisper

let usage = """
    usage: WhisperBench run --model DIR --out FILE [--threads N] [--beams 1,5] [--language CODE] AUDIO.wav...
           WhisperBench report --out FILE [--transcripts FILE] [--target-ratio R] RUN.json...

    run      time the native engine on 16 kHz mono 16-bit WAV files (2 threads, greedy and beam 5 by default)
    report   combine run files of several engines and rounds into a results file and a table
    --transcripts  human transcripts, one "<s> text </s> (file-id)" per line (pocketsphinx format)
    """

/// `--name value` flags and the remaining positional arguments.
struct Arguments {
    var flags: [String: String] = [:]
    var positional: [String] = []

    init(_ arguments: ArraySlice<String>) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            if argument == "--help" || argument == "-h" { print(usage); exit(0) }
            if argument.hasPrefix("--") {
                guard let value = iterator.next() else { throw BenchError(description: "\(argument) needs a value\n\(usage)") }
                flags[String(argument.dropFirst(2))] = value
            } else {
                positional.append(argument)
            }
        }
    }

    func required(_ name: String) throws -> String {
        guard let value = flags[name] else { throw BenchError(description: "--\(name) is required\n\(usage)") }
        return value
    }
}

func clipName(_ path: String) -> String {
    URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
}

/// `text` padded with spaces to `width` characters, aligned right unless `right` is false.
func pad(_ text: String, _ width: Int, right: Bool = true) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return right ? fill + text : text + fill
}

func elapsed(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

// MARK: run

func runNative(_ arguments: Arguments) throws {
    let threads = Int(arguments.flags["threads"] ?? "2") ?? 2
    let beams = (arguments.flags["beams"] ?? "1,5").split(separator: ",").compactMap { Int($0) }
    let language = arguments.flags["language"] ?? "en"
    let out = try arguments.required("out")
    guard !arguments.positional.isEmpty else { throw BenchError(description: "no audio files\n\(usage)") }
    let clips = try arguments.positional.map { (name: clipName($0), samples: try Audio.readWav($0)) }

    let loadStart = DispatchTime.now()
    let model = try WhisperModel(directory: URL(fileURLWithPath: try arguments.required("model")), threads: threads)
    let loadSeconds = elapsed(since: loadStart)
    _ = try model.transcribe(samples: clips[0].samples, options: DecodingOptions(language: language, beamSize: 1))

    var runs: [ClipRun] = []
    for beam in beams {
        for clip in clips {
            let options = DecodingOptions(language: language, beamSize: beam)
            let start = DispatchTime.now()
            let cpuStart = Machine.cpuSeconds()
            let transcript = try model.transcribe(samples: clip.samples, options: options)
            let seconds = elapsed(since: start)
            let cpuSeconds = Machine.cpuSeconds() - cpuStart
            let duration = Double(clip.samples.count) / 16_000
            runs.append(ClipRun(clip: clip.name, durationSeconds: duration, beamSize: beam, seconds: seconds, cpuSeconds: cpuSeconds,
                                text: transcript.text, tokens: transcript.segments.flatMap(\.tokens)))
            print("ours       beam \(beam)  \(pad(clip.name, 44, right: false)) "
                  + String(format: "%6.2f s audio  %6.3f s  RTF %.3f  CPU %6.3f s", duration, seconds, seconds / duration, cpuSeconds))
        }
    }
    let run = EngineRun(engine: "ours", engineVersion: "Sources/Whisper", computeType: "float16 weights, float32 compute",
                        threads: threads, loadSeconds: loadSeconds, peakRSSMegabytes: Machine.peakRSSMegabytes(),
                        loadAverage: Machine.loadAverage(), runs: runs)
    try BenchIO.write(run, to: out)
    print(String(format: "ours       model load %.2f s, peak RSS %.0f MB", loadSeconds, run.peakRSSMegabytes))
}

// MARK: report

/// Human transcripts by file id, from pocketsphinx's "<s> text </s> (id)" lines.
func readTranscripts(_ path: String) throws -> [String: String] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var result: [String: String] = [:]
    for line in text.split(separator: "\n") {
        guard let open = line.lastIndex(of: "("), let close = line.lastIndex(of: ")"), open < close else { continue }
        let id = String(line[line.index(after: open)..<close])
        result[id] = line[..<open].replacingOccurrences(of: "<s>", with: "").replacingOccurrences(of: "</s>", with: "")
            .trimmingCharacters(in: .whitespaces)
    }
    return result
}

func report(_ arguments: Arguments) throws {
    let out = try arguments.required("out")
    let targetRatio = Double(arguments.flags["target-ratio"] ?? "1.5") ?? 1.5
    let transcripts = try arguments.flags["transcripts"].map(readTranscripts) ?? [:]
    let files = try arguments.positional.map { try BenchIO.read(EngineRun.self, from: $0) }
    let byEngine = Dictionary(grouping: files, by: \.engine)
    guard let ours = byEngine["ours"]?.first else { throw BenchError(description: "no run of engine \"ours\" among the inputs") }
    let others = byEngine.keys.filter { $0 != "ours" }.sorted()
    let engines = ["ours"] + others

    struct Key: Hashable { var clip: String; var beam: Int }
    func runs(_ engine: String, _ key: Key) -> [ClipRun] {
        (byEngine[engine] ?? []).flatMap(\.runs).filter { $0.clip == key.clip && $0.beamSize == key.beam }
    }
    func best(_ engine: String, _ key: Key) -> Double? { runs(engine, key).map(\.seconds).min() }
    func bestCPU(_ engine: String, _ key: Key) -> Double? { runs(engine, key).map(\.cpuSeconds).min() }
    func rounded(_ value: Double, _ digits: Int = 3) -> Double { (value * pow(10, Double(digits))).rounded() / pow(10, Double(digits)) }

    let keys = ours.runs.map { Key(clip: $0.clip, beam: $0.beamSize) }
    var rows: [[String: Any]] = []
    for key in keys {
        let first = runs("ours", key)[0]
        var row: [String: Any] = ["clip": key.clip, "beam_size": key.beam, "duration_s": rounded(first.durationSeconds, 2)]
        var seconds: [String: Any] = [:], all: [String: Any] = [:], rtf: [String: Any] = [:], ratio: [String: Any] = [:]
        var cpu: [String: Any] = [:]
        var identical: [String: Any] = [:], agreement: [String: Any] = [:], werVsOurs: [String: Any] = [:]
        var werHuman: [String: Any] = [:], deterministic: [String: Any] = [:]
        for engine in engines {
            let engineRuns = runs(engine, key)
            guard let time = best(engine, key), let reference = engineRuns.first else { continue }
            seconds[engine] = rounded(time)
            cpu[engine] = bestCPU(engine, key).map { rounded($0) }
            all[engine] = engineRuns.map { rounded($0.seconds) }
            rtf[engine] = rounded(time / first.durationSeconds, 4)
            deterministic[engine] = engineRuns.allSatisfy { $0.tokens == reference.tokens }
            if let human = transcripts[key.clip] { werHuman[engine] = rounded(Agreement.wordErrorRate(reference: human, hypothesis: reference.text), 4) }
            if engine != "ours", let ourTime = best("ours", key) {
                ratio[engine] = rounded(ourTime / time)
                identical[engine] = reference.tokens == first.tokens
                agreement[engine] = rounded(Agreement.tokenAgreement(first.tokens, reference.tokens), 4)
                werVsOurs[engine] = rounded(Agreement.wordErrorRate(reference: reference.text, hypothesis: first.text), 4)
            }
        }
        row["seconds_best"] = seconds
        row["seconds_all"] = all
        row["cpu_seconds_best"] = cpu
        row["rtf"] = rtf
        row["ratio_ours_to"] = ratio
        row["tokens_identical_to_ours"] = identical
        row["token_agreement_with_ours"] = agreement
        row["wer_of_ours_against"] = werVsOurs
        row["wer_vs_human"] = werHuman
        row["deterministic_across_rounds"] = deterministic
        rows.append(row)
    }

    // Totals per beam size over every file.
    var totals: [[String: Any]] = []
    for beam in Array(Set(keys.map(\.beam))).sorted() {
        let beamKeys = keys.filter { $0.beam == beam }
        let audio = beamKeys.map { runs("ours", $0)[0].durationSeconds }.reduce(0, +)
        var seconds: [String: Double] = [:], cpu: [String: Double] = [:]
        for engine in engines {
            let times = beamKeys.compactMap { best(engine, $0) }
            if times.count == beamKeys.count { seconds[engine] = times.reduce(0, +) }
            let cpuTimes = beamKeys.compactMap { bestCPU(engine, $0) }
            if cpuTimes.count == beamKeys.count { cpu[engine] = cpuTimes.reduce(0, +) }
        }
        var total: [String: Any] = ["beam_size": beam, "files": beamKeys.count, "audio_s": rounded(audio, 2),
                                    "seconds_best": seconds.mapValues { rounded($0) },
                                    "cpu_seconds_best": cpu.mapValues { rounded($0) },
                                    "rtf": seconds.mapValues { rounded($0 / audio, 4) }]
        if let ourTime = seconds["ours"] {
            total["ratio_ours_to"] = seconds.filter { $0.key != "ours" }.mapValues { rounded(ourTime / $0) }
        }
        if let ourCPU = cpu["ours"] {
            total["cpu_ratio_ours_to"] = cpu.filter { $0.key != "ours" }.mapValues { rounded(ourCPU / $0) }
        }
        totals.append(total)
    }

    var engineFacts: [String: Any] = [:]
    for engine in engines {
        let runsOfEngine = byEngine[engine] ?? []
        engineFacts[engine] = [
            "version": runsOfEngine[0].engineVersion, "compute_type": runsOfEngine[0].computeType,
            "threads": runsOfEngine[0].threads, "rounds": runsOfEngine.count,
            "load_seconds_best": rounded(runsOfEngine.map(\.loadSeconds).min() ?? 0),
            "peak_rss_mb": rounded(runsOfEngine.map(\.peakRSSMegabytes).max() ?? 0, 1),
        ] as [String: Any]
    }
    let loads = files.map(\.loadAverage)
    let results: [String: Any] = [
        "generated": ISO8601DateFormatter().string(from: Date()),
        "machine": Machine.description(),
        "load_average_1min": ["min": loads.min() ?? 0, "max": loads.max() ?? 0],
        "method": "wall (and CPU) seconds of one transcribe call (features included, file decoding and model load excluded), "
            + "language en, other options at faster-whisper 1.2.1's defaults; each engine in its own process "
            + "after one untimed warm-up; engines alternated within each round; best of the rounds",
        "target": "ours / faster-whisper-int8 <= \(targetRatio) (aim <= 1.0), on the totals",
        "engines": engineFacts,
        "clips": rows,
        "totals": totals,
    ]
    let data = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    try data.write(to: URL(fileURLWithPath: out))

    printTable(rows: rows, totals: totals, engines: engines, facts: engineFacts, targetRatio: targetRatio)
}

func printTable(rows: [[String: Any]], totals: [[String: Any]], engines: [String], facts: [String: Any], targetRatio: Double) {
    let short = ["ours": "ours", "faster-whisper-int8": "fw-int8", "faster-whisper-float32": "fw-f32"]
    let others = engines.filter { $0 != "ours" }
    func cell(_ value: Any?, _ format: String = "%.2f") -> String {
        (value as? Double).map { String(format: format, $0) } ?? "–"
    }
    var header = "clip                 audio s beam"
    for engine in engines { header += " " + pad(short[engine] ?? engine, 9) }
    for engine in others { header += " " + pad("÷" + (short[engine] ?? engine), 9) }
    header += "  RTF ours  tokens=fw-f32  WER ours"
    print(header)
    for row in rows {
        let clip = (row["clip"] as? String ?? "").replacingOccurrences(of: "sense_and_sensibility_01_austen_64kb-", with: "")
        var line = pad(clip, 20, right: false) + String(format: " %7.2f %4d", row["duration_s"] as? Double ?? 0, row["beam_size"] as? Int ?? 0)
        let seconds = row["seconds_best"] as? [String: Any] ?? [:]
        let ratios = row["ratio_ours_to"] as? [String: Any] ?? [:]
        for engine in engines { line += " " + pad(cell(seconds[engine]), 9) }
        for engine in others { line += " " + pad(cell(ratios[engine]), 9) }
        let identical = (row["tokens_identical_to_ours"] as? [String: Any])?["faster-whisper-float32"] as? Bool
        line += "  " + pad(cell((row["rtf"] as? [String: Any])?["ours"], "%.3f"), 8)
            + "  " + pad(identical.map { $0 ? "yes" : "no" } ?? "–", 13)
            + "  " + pad(cell((row["wer_vs_human"] as? [String: Any])?["ours"], "%.3f"), 8)
        print(line)
    }
    for total in totals {
        var line = pad("TOTAL", 20, right: false) + String(format: " %7.2f %4d", total["audio_s"] as? Double ?? 0, total["beam_size"] as? Int ?? 0)
        let seconds = total["seconds_best"] as? [String: Double] ?? [:]
        let ratios = total["ratio_ours_to"] as? [String: Double] ?? [:]
        for engine in engines { line += " " + pad(cell(seconds[engine]), 9) }
        for engine in others { line += " " + pad(cell(ratios[engine]), 9) }
        line += "  " + pad(cell((total["rtf"] as? [String: Double])?["ours"], "%.3f"), 8)
        if let ratio = ratios["faster-whisper-int8"] {
            line += ratio <= 1.0 ? "  (meets the aim ≤ 1.0× int8)" : ratio <= targetRatio ? "  (meets the target ≤ \(targetRatio)× int8)" : "  (MISSES the target ≤ \(targetRatio)× int8)"
        }
        print(line)
    }
    for total in totals {
        let cpu = total["cpu_seconds_best"] as? [String: Double] ?? [:]
        let ratios = total["cpu_ratio_ours_to"] as? [String: Double] ?? [:]
        var line = "CPU seconds (best), beam \(total["beam_size"] as? Int ?? 0):"
        for engine in engines { line += " \(short[engine] ?? engine) \(cell(cpu[engine]));" }
        for engine in others { line += " ours÷\(short[engine] ?? engine) \(cell(ratios[engine]));" }
        print(line)
    }
    var memory = "peak RSS:"
    for engine in engines {
        let fact = facts[engine] as? [String: Any]
        memory += " \(short[engine] ?? engine) " + String(format: "%.0f MB;", fact?["peak_rss_mb"] as? Double ?? 0)
    }
    print(memory)
}

// MARK: entry point

do {
    let arguments = CommandLine.arguments
    guard arguments.count >= 2 else { print(usage); exit(2) }
    let parsed = try Arguments(arguments.dropFirst(2))
    switch arguments[1] {
    case "run": try runNative(parsed)
    case "report": try report(parsed)
    case "--help", "-h": print(usage)
    default: print(usage); exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("WhisperBench: \(error)\n".utf8))
    exit(1)
}
