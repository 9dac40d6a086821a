import Foundation
import Testing
@testable import VoiceKit

/// Voice counting on real recordings: one LibriVox reader gives one voice; the reader joined with
/// an an4 (cards) or pocketsphinx raw speaker gives two, also when the second speaks for 3 s,
/// and the second voice is located where it was inserted.
@Suite struct VoiceCounterTests {
    static let gap = [Float](repeating: 0, count: 8_000)   // 0.5 s of silence between clips

    static func librivox() throws -> [[Float]] { try TestFixtures.librivoxPaths.map(TestFixtures.loadAudio) }

    @Test func oneReaderIsOneVoice() throws {
        let counter = VoiceCounter(encoder: try TestFixtures.encoder())
        let clips = try Self.librivox()
        var report: [String] = []
        for (name, audio) in zip(["0870", "0880", "0890", "0920", "0930", "all five joined"],
                                  clips + [clips.flatMap { $0 + Self.gap }]) {
            let result = counter.count(audio)
            report.append(String(format: "%@: %d voice(s), speech %.1f s, confidence %.2f", name, result.numSpeakers,
                                 result.speechSeconds, result.confidence))
            #expect(result.numSpeakers == 1, "\(name): \(result.numSpeakers) voices")
            #expect(result.secondVoice.isEmpty)
        }
        print(report.joined(separator: "\n"))
    }

    struct TwoVoiceCase: Sendable, CustomStringConvertible {
        var description: String
        var before: [Int]          // librivox clips before the second speaker
        var secondSpeaker: String  // path of the second speaker's recording(s), joined
        var after: [Int]           // librivox clips after
    }

    static let twoVoiceCases: [TwoVoiceCase] = [
        TwoVoiceCase(description: "reader + all five cards clips (9.6 s)", before: [0, 1, 2, 3, 4],
                     secondSpeaker: "cards", after: []),
        TwoVoiceCase(description: "reader + cards/005 (3.5 s)", before: [0, 1, 2, 3, 4],
                     secondSpeaker: TestFixtures.testData + "cards/005.wav", after: []),
        TwoVoiceCase(description: "reader + something.raw (3.0 s)", before: [0, 1, 2, 3, 4],
                     secondSpeaker: TestFixtures.testData + "something.raw", after: []),
        TwoVoiceCase(description: "cards/005 (3.5 s) inside the reader", before: [0, 1],
                     secondSpeaker: TestFixtures.testData + "cards/005.wav", after: [2, 3, 4]),
    ]

    @Test(arguments: twoVoiceCases)
    func twoSpeakersAreTwoVoices(_ testCase: TwoVoiceCase) throws {
        let counter = VoiceCounter(encoder: try TestFixtures.encoder())
        let clips = try Self.librivox()
        let second = testCase.secondSpeaker == "cards"
            ? try TestFixtures.cardsPaths.map(TestFixtures.loadAudio).flatMap { $0 + Self.gap }
            : try TestFixtures.loadAudio(testCase.secondSpeaker)
        var audio = testCase.before.flatMap { clips[$0] + Self.gap }
        let secondStart = Double(audio.count) / 16_000
        audio += second + Self.gap
        let secondEnd = Double(audio.count) / 16_000
        audio += testCase.after.flatMap { clips[$0] + Self.gap }

        let result = counter.count(audio)
        print(String(format: "%@: %d voices, silhouette %.3f, centroid cosine %.3f, confidence %.2f, speaking %@, second voice %@",
                     testCase.description, result.numSpeakers, result.silhouette, result.centroidCosine, result.confidence,
                     result.voices.map { String(format: "%.1f s", $0.speakingSeconds) }.description,
                     result.secondVoice.map(\.description).description))
        #expect(result.numSpeakers == 2, "\(testCase)")
        #expect(result.voices.first.map { $0.speakingSeconds > 15 } == true, "the reader dominates")
        // The second voice is found where it was inserted: most of its time lies inside
        // [secondStart − 1 s, secondEnd + 1 s] and it covers at least half of the inserted speech.
        let inside = result.secondVoice.reduce(0.0) { total, range in
            total + max(0, min(range.endSeconds, secondEnd + 1) - max(range.startSeconds, secondStart - 1))
        }
        let total = result.secondVoice.reduce(0.0) { $0 + $1.durationSeconds }
        #expect(total > 0 && inside / total >= 0.8, "second voice \(result.secondVoice) vs \(secondStart)–\(secondEnd)")
        let overlap = result.secondVoice.reduce(0.0) { $0 + max(0, min($1.endSeconds, secondEnd) - max($1.startSeconds, secondStart)) }
        #expect(overlap >= 0.5 * (secondEnd - secondStart - 0.5), "covers \(overlap) s of \(secondEnd - secondStart) s")
    }

    @Test func silenceHasNoVoices() throws {
        let result = VoiceCounter(encoder: try TestFixtures.encoder()).count([Float](repeating: 0, count: 32_000))
        #expect(result.numSpeakers == 0 && result.voices.isEmpty)
    }

    /// A whole minute of one reader (his clips repeated) stays one voice: more windows of the
    /// same voice must not split it. (Speed is measured by `make bench`, bench/VoiceBench.)
    @Test func aMinuteOfOneReaderIsOneVoice() throws {
        let counter = VoiceCounter(encoder: try TestFixtures.encoder())
        let clips = try Self.librivox()
        var minute: [Float] = []
        while minute.count < 960_000 { minute += clips.flatMap { $0 } }
        let result = counter.count(Array(minute.prefix(960_000)))
        #expect(result.numSpeakers == 1 && result.secondVoice.isEmpty)
        #expect(result.speechSeconds > 50)
    }
}
