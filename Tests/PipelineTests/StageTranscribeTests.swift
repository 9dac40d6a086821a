import Foundation
import StageProtocol
import TestSupport
import Testing

/// StageTranscribe on real speech and on silence, run with `--once` on a session directory.
@Suite struct StageTranscribeTests {
    struct TranscriptJSON: Decodable {
        struct Segment: Decodable {
            struct Word: Decodable { var start: Double; var end: Double; var word: String; var probability: Double }
            var start: Double
            var end: Double
            var text: String
            var words: [Word]?
        }
        var language: String
        var text: String
        var segments: [Segment]
        var model: String
        var word_count: Int
        var avg_confidence: Double?
        var min_confidence: Double?
        var max_confidence: Double?
    }

    func session(audio: [URL], root: URL) throws -> URL {
        let directory = root.appending(component: "session")
        try FileManager.default.createDirectory(at: directory.appending(component: "audio"), withIntermediateDirectories: true)
        for (offset, file) in audio.enumerated() {
            try FileManager.default.copyItem(at: file, to: directory.appending(path: "audio/\(offset + 1).wav"))
        }
        let items = audio.indices.map { SessionItem(index: $0 + 1, positionID: $0 + 1, question: "Q", source: "v.mp4", videoExists: true) }
        try JSONCoding.write(SessionRequest(id: .random(), candidateName: "A", language: .en, origin: .upload, items: items),
                             to: directory.appending(component: SessionFile.request))
        return directory
    }

    @Test func speechIsTranscribedWithWordTimesAndSilenceIsAnEmptyTranscript() throws {
        let root = try TestPaths.temporaryDirectory("transcribe")
        defer { try? FileManager.default.removeItem(at: root) }
        let silence = root.appending(component: "silence.wav")
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        ffmpeg.arguments = ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "8",
                            "-c:a", "pcm_s16le", silence.path]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        let directory = try session(audio: [TestMedia.file("speech.wav"), silence], root: root)
        let env = try TemporarySpool("transcribe-env").environment()
        let child = try ChildProcess(TestPaths.executable("StageTranscribe"), arguments: ["--once", directory.path], environment: env, label: "transcribe")
        #expect(child.waitForExit(timeout: 180))
        #expect(child.process.terminationStatus == 0, Comment(rawValue: child.stderr))

        let speech = try JSONCoding.read(TranscriptJSON.self, from: directory.appending(path: "transcripts/1.json"))
        #expect(speech.language == "en")
        #expect(speech.text.lowercased().contains("dashwood") && speech.text.lowercased().contains("amiable"), Comment(rawValue: speech.text))
        #expect(speech.word_count >= 65 && speech.word_count <= 75, "71 words in the human transcript")
        let words = speech.segments.flatMap { segment in (segment.words ?? []).map { (segment, $0) } }
        #expect(words.count >= 65)
        for (segment, word) in words {
            #expect(word.start <= word.end && word.start >= segment.start - 0.01 && word.end <= segment.end + 0.01)
            #expect(word.probability >= 0 && word.probability <= 1)
        }
        #expect(zip(words, words.dropFirst()).allSatisfy { $0.1.1.start >= $0.0.1.start }, "word times are monotonic")
        let (average, low, high) = (try #require(speech.avg_confidence), try #require(speech.min_confidence), try #require(speech.max_confidence))
        #expect(low <= average && average <= high && high <= 100 && low >= 0)
        #expect(abs(words.last!.1.end - TestMedia.speechSeconds) < 1.5)

        let quiet = try JSONCoding.read(TranscriptJSON.self, from: directory.appending(path: "transcripts/2.json"))
        #expect(quiet.word_count == 0 && quiet.avg_confidence == nil, Comment(rawValue: quiet.text))
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "errors/2.json").path), "silence is not an error")
    }
}
