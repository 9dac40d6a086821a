import Foundation
import StageProtocol
import TestSupport
import Testing

/// StageTranscribe on real speech and on silence, run with `--once` on a session directory.
@Suite struct StageTranscribeTests {
    struct TranscriptJSON: Decodable {
        struct Segment: Decodable {
            struct Word: Decodable { var start: Double; var end: Double; var word: String; var probability: Double? }
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
            #expect(word.probability.map { $0 >= 0 && $0 <= 1 } == true)
        }
        #expect(zip(words, words.dropFirst()).allSatisfy { $0.1.1.start >= $0.0.1.start }, "word times are monotonic")
        let (average, low, high) = (try #require(speech.avg_confidence), try #require(speech.min_confidence), try #require(speech.max_confidence))
        #expect(low <= average && average <= high && high <= 100 && low >= 0)
        #expect(abs(words.last!.1.end - TestMedia.speechSeconds) < 1.5)

        let quiet = try JSONCoding.read(TranscriptJSON.self, from: directory.appending(path: "transcripts/2.json"))
        #expect(quiet.word_count == 0 && quiet.avg_confidence == nil, Comment(rawValue: quiet.text))
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "errors/2.json").path), "silence is not an error")
    }

    /// With `TRANSCRIPTION_API_URL` set, the stage sends each answer to that OpenAI-compatible
    /// service (here a loopback fake speaking its wire protocol: no hosted service can be reached
    /// from the test machine) and writes its words; the recognizer's name says where it came from.
    /// A refused key fails the stage with the API reference's style of message ("… API key invalid").
    @Test func remoteServiceTranscribesThroughTheStage() throws {
        let root = try TestPaths.temporaryDirectory("transcribe-remote")
        defer { try? FileManager.default.removeItem(at: root) }
        let answer = #"""
        {"task": "transcribe", "language": "english", "duration": 24.73, "text": " And Mr. John Dashwood had then leisure.",
         "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": 2.54, "text": " And Mr. John Dashwood had then leisure.", "tokens": [50364, 400], "temperature": 0.0, "avg_logprob": -0.19, "compression_ratio": 1.5, "no_speech_prob": 0.003}],
         "words": [{"word": "And", "start": 0.0, "end": 0.34}, {"word": "Mr", "start": 0.34, "end": 0.6}, {"word": "John", "start": 0.68, "end": 0.94},
                   {"word": "Dashwood", "start": 0.94, "end": 1.5}, {"word": "had", "start": 1.5, "end": 1.76}, {"word": "then", "start": 1.76, "end": 2.02},
                   {"word": "leisure", "start": 2.02, "end": 2.54}]}
        """#
        let service = try FakeHTTPService { request in
            request.headers["authorization"] == "Bearer sk-stage-key"
                ? .json(200, answer)
                : .json(401, #"{"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "code": "invalid_api_key"}}"#)
        }
        var env = try TemporarySpool("transcribe-remote-env").environment()
        env["TRANSCRIPTION_API_URL"] = service.baseURL.absoluteString
        env["TRANSCRIPTION_API_KEY"] = "sk-stage-key"
        env["TRANSCRIPTION_API_MODEL"] = "whisper-large-v3"

        let directory = try session(audio: [TestMedia.file("speech.wav")], root: root)
        let child = try ChildProcess(TestPaths.executable("StageTranscribe"), arguments: ["--once", directory.path], environment: env, label: "transcribe-remote")
        #expect(child.waitForExit(timeout: 60))
        #expect(child.process.terminationStatus == 0, Comment(rawValue: child.stderr))
        let request = try #require(service.requests.first)
        #expect(service.requests.count == 1 && request.path == "/v1/audio/transcriptions")
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body.contains("whisper-large-v3") && body.contains("verbose_json"))
        let transcript = try JSONCoding.read(TranscriptJSON.self, from: directory.appending(path: "transcripts/1.json"))
        #expect(transcript.text == "And Mr. John Dashwood had then leisure.")
        #expect(transcript.word_count == 7 && transcript.language == "en")
        #expect(transcript.model == "whisper-large-v3 (remote, 127.0.0.1)")
        #expect(transcript.avg_confidence == nil, "the service gives no word probabilities, so no confidence is invented")

        env["TRANSCRIPTION_API_KEY"] = "sk-wrong"
        let refused = try ChildProcess(TestPaths.executable("StageTranscribe"), arguments: ["--once", directory.path], environment: env, label: "transcribe-refused")
        #expect(refused.waitForExit(timeout: 60))
        #expect(refused.process.terminationStatus != 0)
        #expect(refused.stderr.contains("Transcription API key invalid"), Comment(rawValue: refused.stderr))
    }
}
