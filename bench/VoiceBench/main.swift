// VoiceBench: the audio half of the integrity and delivery analysis, timed per minute of audio.
//
//   VoiceBench [--encoder models/resemblyzer/pretrained.pt] [--rounds 3] [--out bench/voice-results.json]
//
// Builds two minutes of real speech from Debian's pocketsphinx-testdata: one reader (the LibriVox
// clips, repeated) and the same with an an4 speaker's 3.5 s answer (`cards/005.wav`) spliced in at
// 60 s, then times,
// best of N rounds: voice activity detection, GE2E embedding of the counter's windows
// (1.6 s every 0.4 s), and the whole voice count. Target (issue 5): at most 2 s per minute of
// audio for embedding and counting on the project's 2 cores.

import Foundation
import MediaKit
import VoiceKit

let testData = "/usr/share/pocketsphinx/test/data/"
let librivox = ["0870", "0880", "0890", "0920", "0930"].map { testData + "librivox/sense_and_sensibility_01_austen_64kb-\($0).wav" }

var flags: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let name = arguments.next() {
    guard name.hasPrefix("--"), let value = arguments.next() else {
        FileHandle.standardError.write(Data("usage: VoiceBench [--encoder PATH] [--rounds N] [--out FILE]\n".utf8))
        exit(2)
    }
    flags[String(name.dropFirst(2))] = value
}
let encoderPath = flags["encoder"] ?? "models/resemblyzer/pretrained.pt"
let rounds = Int(flags["rounds"] ?? "3") ?? 3
let outPath = flags["out"] ?? "bench/voice-results.json"

/// The samples of a 16 kHz mono WAV file (MediaKit's reader).
func loadWav(_ path: String) throws -> [Float] {
    try WAVFile.read(URL(fileURLWithPath: path)).samples
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now()
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

let rate = 16_000
let minutes = 2.0
let reader = try librivox.flatMap(loadWav)
var oneVoice: [Float] = []
while oneVoice.count < Int(minutes * 60) * rate { oneVoice += reader }
oneVoice = Array(oneVoice.prefix(Int(minutes * 60) * rate))
// At 60 s an an4 speaker's card answer (3.5 s) replaces the reader.
var twoVoices = oneVoice
let other = try loadWav(testData + "cards/005.wav")
twoVoices.replaceSubrange(60 * rate..<(60 * rate + other.count), with: other)

let encoder = try VoiceEncoder(checkpoint: URL(fileURLWithPath: encoderPath))
let detector = VoiceActivityDetector()
let counter = VoiceCounter(encoder: encoder, detector: detector)
let configuration = VoiceCountConfiguration()

struct Timing: Codable {
    var audio: String
    var audioMinutes: Double
    var vadSecondsPerMinute: Double
    var embeddingSecondsPerMinute: Double
    var voiceCountSecondsPerMinute: Double
    var voicesFound: Int
}

var timings: [Timing] = []
for (name, samples, expected) in [("one reader (LibriVox)", oneVoice, 1), ("reader + an4 speaker 3.5 s", twoVoices, 2)] {
    let audioMinutes = Double(samples.count) / Double(rate) / 60
    _ = counter.count(Array(samples.prefix(10 * rate)))   // warm-up
    var vad = Double.infinity, embed = Double.infinity, count = Double.infinity
    var found = 0
    for _ in 0..<rounds {
        vad = min(vad, seconds { _ = detector.segments(samples) })
        embed = min(embed, seconds { _ = encoder.embedWindows(samples, windowFrames: configuration.windowFrames, hopFrames: configuration.hopFrames) })
        count = min(count, seconds { found = counter.count(samples).numSpeakers })
    }
    if found != expected { print("warning: \(name): \(found) voices, expected \(expected)") }
    timings.append(Timing(audio: name, audioMinutes: audioMinutes, vadSecondsPerMinute: vad / audioMinutes,
                          embeddingSecondsPerMinute: embed / audioMinutes, voiceCountSecondsPerMinute: count / audioMinutes,
                          voicesFound: found))
    print(String(format: "%-24@ VAD %.3f s/min   embedding %.2f s/min   voice count (VAD + embedding + clustering) %.2f s/min   voices %d",
                 name, vad / audioMinutes, embed / audioMinutes, count / audioMinutes, found))
}

struct Results: Codable {
    var generated: String
    var target: String
    var rounds: Int
    var loadAverage1min: String
    var timings: [Timing]
}
let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
let encoderJSON = JSONEncoder()
encoderJSON.outputFormatting = [.prettyPrinted, .sortedKeys]
encoderJSON.keyEncodingStrategy = .convertToSnakeCase
let results = Results(generated: ISO8601DateFormatter().string(from: Date()), target: "voice count <= 2 s per minute of audio",
                      rounds: rounds, loadAverage1min: load, timings: timings)
try encoderJSON.encode(results).write(to: URL(fileURLWithPath: outPath))
print("wrote \(outPath)")
