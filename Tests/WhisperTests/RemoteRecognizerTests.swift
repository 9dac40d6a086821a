import Foundation
import Synchronization
import TestSupport
import Testing
@testable import Whisper

/// `RemoteSpeechRecognizer` against `FakeHTTPService`, a loopback stand-in for an
/// OpenAI-compatible service (no real one can be reached from the test machine). The fake checks
/// nothing itself: the tests inspect what it received and choose what it answers.
@Suite("Remote speech recognizer (OpenAI-compatible API)")
struct RemoteRecognizerTests {
    /// A `verbose_json` answer in the shape of OpenAI's API reference (float32 times widened to
    /// double, 0-based segment ids, bare words without probability) for the LibriVox
    /// concatenation; texts, tokens and scores are faster-whisper's (greedy, float32), word times
    /// are `referenceWordTimingsGreedy` with hyphenated words joined.
    static let concatenationAnswer = #"""
    {"task": "transcribe", "language": "english", "duration": 24.729999542236328,
     "text": " And Mr. John Dashwood had then leisure to consider how much there might be prudently in his power to do for them. He was not an ill-disposed young man. Unless to be rather cold-hearted and rather selfish is to be ill-disposed. Had he married a more amiable woman, he might have been made still more respectable than he was. He might even have been made amiable himself.",
     "segments": [
      {"id": 0, "seek": 0, "start": 0.0, "end": 5.960000038146973, "text": " And Mr. John Dashwood had then leisure to consider how much there might be prudently in his power", "tokens": [50364, 400, 2221, 13, 2619, 23453, 6092, 632, 550, 31339, 281, 1949, 577, 709, 456, 1062, 312, 582, 532, 2276, 294, 702, 1347, 50662], "temperature": 0.0, "avg_logprob": -0.1951099932193756, "compression_ratio": 1.5455000400543213, "no_speech_prob": 0.0030700000934302807},
      {"id": 1, "seek": 0, "start": 5.960000038146973, "end": 7.380000114440918, "text": " to do for them.", "tokens": [50662, 281, 360, 337, 552, 13, 50733], "temperature": 0.0, "avg_logprob": -0.1951099932193756, "compression_ratio": 1.5455000400543213, "no_speech_prob": 0.0030700000934302807},
      {"id": 2, "seek": 0, "start": 7.380000114440918, "end": 10.479999542236328, "text": " He was not an ill-disposed young man.", "tokens": [50733, 634, 390, 406, 364, 3171, 12, 67, 7631, 1744, 2037, 587, 13, 50888], "temperature": 0.0, "avg_logprob": -0.1951099932193756, "compression_ratio": 1.5455000400543213, "no_speech_prob": 0.0030700000934302807},
      {"id": 3, "seek": 0, "start": 10.479999542236328, "end": 15.760000228881836, "text": " Unless to be rather cold-hearted and rather selfish is to be ill-disposed.", "tokens": [50888, 16581, 281, 312, 2831, 3554, 12, 25471, 293, 2831, 19074, 307, 281, 312, 3171, 12, 67, 7631, 1744, 13, 51152], "temperature": 0.0, "avg_logprob": -0.1951099932193756, "compression_ratio": 1.5455000400543213, "no_speech_prob": 0.0030700000934302807},
      {"id": 4, "seek": 0, "start": 15.760000228881836, "end": 20.520000457763672, "text": " Had he married a more amiable woman, he might have been made still more respectable than", "tokens": [51152, 12298, 415, 5259, 257, 544, 669, 9364, 3059, 11, 415, 1062, 362, 668, 1027, 920, 544, 44279, 813, 51390], "temperature": 0.0, "avg_logprob": -0.1951099932193756, "compression_ratio": 1.5455000400543213, "no_speech_prob": 0.0030700000934302807},
      {"id": 5, "seek": 0, "start": 20.520000457763672, "end": 21.719999313354492, "text": " he was.", "tokens": [51390, 415, 390, 13, 51450], "temperature": 0.0, "avg_logprob": -0.1951099932193756, "compression_ratio": 1.5455000400543213, "no_speech_prob": 0.0030700000934302807},
      {"id": 6, "seek": 2172, "start": 21.719999313354492, "end": 24.360000610351562, "text": " He might even have been made amiable himself.", "tokens": [50364, 634, 1062, 754, 362, 668, 1027, 669, 9364, 3647, 13, 50496], "temperature": 0.0, "avg_logprob": -0.4320000112056732, "compression_ratio": 0.8823999762535095, "no_speech_prob": 0.05082999914884567}],
     "words": [
      {"word": "And", "start": 0.0, "end": 0.3400000035762787}, {"word": "Mr", "start": 0.3400000035762787, "end": 0.6000000238418579}, {"word": "John", "start": 0.6800000071525574, "end": 0.9399999976158142},
      {"word": "Dashwood", "start": 0.9399999976158142, "end": 1.5}, {"word": "had", "start": 1.5, "end": 1.7599999904632568}, {"word": "then", "start": 1.7599999904632568, "end": 2.0199999809265137},
      {"word": "leisure", "start": 2.0199999809265137, "end": 2.5399999618530273}, {"word": "to", "start": 2.5399999618530273, "end": 2.859999895095825}, {"word": "consider", "start": 2.859999895095825, "end": 3.359999895095825},
      {"word": "how", "start": 3.359999895095825, "end": 3.740000009536743}, {"word": "much", "start": 3.740000009536743, "end": 4.199999809265137}, {"word": "there", "start": 4.199999809265137, "end": 4.5},
      {"word": "might", "start": 4.5, "end": 4.699999809265137}, {"word": "be", "start": 4.699999809265137, "end": 4.920000076293945}, {"word": "prudently", "start": 4.920000076293945, "end": 5.400000095367432},
      {"word": "in", "start": 5.400000095367432, "end": 5.579999923706055}, {"word": "his", "start": 5.579999923706055, "end": 5.739999771118164}, {"word": "power", "start": 5.739999771118164, "end": 5.960000038146973},
      {"word": "to", "start": 5.960000038146973, "end": 6.139999866485596}, {"word": "do", "start": 6.139999866485596, "end": 6.300000190734863}, {"word": "for", "start": 6.300000190734863, "end": 6.579999923706055},
      {"word": "them", "start": 6.579999923706055, "end": 6.820000171661377}, {"word": "He", "start": 7.28000020980835, "end": 7.440000057220459}, {"word": "was", "start": 7.440000057220459, "end": 7.619999885559082},
      {"word": "not", "start": 7.619999885559082, "end": 7.900000095367432}, {"word": "an", "start": 7.900000095367432, "end": 8.399999618530273}, {"word": "ill-disposed", "start": 8.399999618530273, "end": 9.079999923706055},
      {"word": "young", "start": 9.079999923706055, "end": 9.380000114440918}, {"word": "man", "start": 9.380000114440918, "end": 9.739999771118164}, {"word": "Unless", "start": 10.34000015258789, "end": 10.5600004196167},
      {"word": "to", "start": 10.5600004196167, "end": 10.800000190734863}, {"word": "be", "start": 10.800000190734863, "end": 10.920000076293945}, {"word": "rather", "start": 10.920000076293945, "end": 11.260000228881836},
      {"word": "cold-hearted", "start": 11.260000228881836, "end": 12.100000381469727}, {"word": "and", "start": 12.100000381469727, "end": 12.460000038146973}, {"word": "rather", "start": 12.460000038146973, "end": 12.760000228881836},
      {"word": "selfish", "start": 12.760000228881836, "end": 13.34000015258789}, {"word": "is", "start": 13.34000015258789, "end": 13.899999618530273}, {"word": "to", "start": 13.899999618530273, "end": 14.079999923706055},
      {"word": "be", "start": 14.079999923706055, "end": 14.220000267028809}, {"word": "ill-disposed", "start": 14.220000267028809, "end": 15.119999885559082}, {"word": "Had", "start": 15.600000381469727, "end": 15.819999694824219},
      {"word": "he", "start": 15.819999694824219, "end": 15.920000076293945}, {"word": "married", "start": 15.920000076293945, "end": 16.219999313354492}, {"word": "a", "start": 16.219999313354492, "end": 16.440000534057617},
      {"word": "more", "start": 16.440000534057617, "end": 16.719999313354492}, {"word": "amiable", "start": 16.719999313354492, "end": 17.299999237060547}, {"word": "woman", "start": 17.299999237060547, "end": 17.719999313354492},
      {"word": "he", "start": 18.0, "end": 18.079999923706055}, {"word": "might", "start": 18.079999923706055, "end": 18.299999237060547}, {"word": "have", "start": 18.299999237060547, "end": 18.559999465942383},
      {"word": "been", "start": 18.559999465942383, "end": 18.719999313354492}, {"word": "made", "start": 18.719999313354492, "end": 18.959999084472656}, {"word": "still", "start": 18.959999084472656, "end": 19.360000610351562},
      {"word": "more", "start": 19.360000610351562, "end": 19.600000381469727}, {"word": "respectable", "start": 19.600000381469727, "end": 20.059999465942383}, {"word": "than", "start": 20.059999465942383, "end": 20.520000457763672},
      {"word": "he", "start": 20.520000457763672, "end": 20.6200008392334}, {"word": "was", "start": 20.6200008392334, "end": 20.84000015258789}, {"word": "He", "start": 20.84000015258789, "end": 21.780000686645508},
      {"word": "might", "start": 21.780000686645508, "end": 22.0}, {"word": "even", "start": 22.0, "end": 22.280000686645508}, {"word": "have", "start": 22.280000686645508, "end": 22.540000915527344},
      {"word": "been", "start": 22.540000915527344, "end": 22.68000030517578}, {"word": "made", "start": 22.68000030517578, "end": 23.040000915527344}, {"word": "amiable", "start": 23.040000915527344, "end": 23.579999923706055},
      {"word": "himself", "start": 23.579999923706055, "end": 24.18000030517578}]}
    """#

    /// OpenAI's error body for a wrong key (the key is echoed, masked).
    static let invalidKeyAnswer = #"""
    {"error": {"message": "Incorrect API key provided: sk-wrong***1234. You can find your API key at https://platform.openai.com/account/api-keys.", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}
    """#

    static func recognizer(_ service: FakeHTTPService, apiKey: String? = "sk-test-key",
                           timeoutSeconds: Double = 60) -> RemoteSpeechRecognizer {
        RemoteSpeechRecognizer(configuration: RemoteRecognizerConfiguration(
            baseURL: service.baseURL, apiKey: apiKey, model: "whisper-1", timeoutSeconds: timeoutSeconds))
    }

    /// Letters and digits only, lowercased: how words and segment texts are compared.
    static func letters(_ text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }))
    }

    /// The header fields and samples of a 16-bit PCM WAV file, checking its RIFF structure.
    static func parseWav(_ data: Data) throws -> (channels: Int, sampleRate: Int, bits: Int, samples: [Int16]) {
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func tag(_ at: Int) -> String { String(decoding: bytes[at..<at + 4], as: UTF8.self) }
        try #require(bytes.count >= 44)
        #expect(tag(0) == "RIFF" && tag(8) == "WAVE" && tag(12) == "fmt " && tag(36) == "data")
        #expect(u32(4) == bytes.count - 8, "RIFF size")
        #expect(u16(20) == 1, "PCM")
        let (channels, rate, bits) = (u16(22), u32(24), u16(34))
        #expect(u32(28) == rate * channels * bits / 8, "byte rate")
        #expect(u32(40) == bytes.count - 44, "data size")
        let samples = stride(from: 44, to: bytes.count - 1, by: 2).map { Int16(bitPattern: UInt16(u16($0))) }
        return (channels, rate, bits, samples)
    }

    @Test("sends a multipart verbose_json request with a 16 kHz WAV and maps the answer onto Transcript")
    func transcribesTheConcatenation() throws {
        let service = try FakeHTTPService { _ in .json(200, Self.concatenationAnswer) }
        let samples = try Fixtures.librivoxConcatenation()
        var options = DecodingOptions(language: "en", wordTimestamps: true, initialPrompt: "Mr. Dashwood, Norland.")
        options.temperatures = [0.2, 0.4]
        let reports = ProgressLog()
        let transcript = try Self.recognizer(service).transcribe(samples: samples, options: options) { reports.append($0, $1) }

        // The request.
        let request = try #require(service.requests.first)
        #expect(service.requests.count == 1)
        #expect(request.method == "POST" && request.path == "/v1/audio/transcriptions")
        #expect(request.headers["authorization"] == "Bearer sk-test-key")
        let contentType = try #require(request.headers["content-type"])
        #expect(contentType.hasPrefix("multipart/form-data; boundary="))
        let parts = try parseMultipart(request.body, contentType: contentType)
        func field(_ name: String) -> [String] { parts.filter { $0.name == name }.map(\.text) }
        #expect(field("model") == ["whisper-1"])
        #expect(field("language") == ["en"])
        #expect(field("response_format") == ["verbose_json"])
        #expect(Set(field("timestamp_granularities[]")) == ["word", "segment"] && field("timestamp_granularities[]").count == 2)
        #expect(field("prompt") == ["Mr. Dashwood, Norland."])
        #expect(Double(try #require(field("temperature").first)) == 0.2)
        #expect(Set(parts.map(\.name)) == ["file", "model", "language", "response_format", "timestamp_granularities[]", "prompt", "temperature"])
        let file = try #require(parts.first { $0.name == "file" })
        #expect(file.filename == "audio.wav" && file.contentType == "audio/wav")
        let wav = try Self.parseWav(file.data)
        #expect(wav.channels == 1 && wav.sampleRate == 16_000 && wav.bits == 16)
        #expect(wav.samples.count == samples.count && samples.count == 395_680)
        // The clips are 16-bit already, so the WAV carries the samples back to within one step.
        let worst = zip(wav.samples, samples).map { abs(Float($0) / 32767 - $1) }.max() ?? 1
        #expect(worst <= 1.0 / 32767 + 1e-6)

        // The mapping.
        #expect(transcript.text.hasPrefix("And Mr. John Dashwood") && transcript.text.hasSuffix("amiable himself."))
        #expect(transcript.language == "en" && transcript.languageProbability == 1)
        #expect(transcript.duration == 24.73)
        #expect(transcript.segments.map(\.id) == Array(1...7))
        #expect(transcript.segments.map(\.seek) == [0, 0, 0, 0, 0, 0, 2172])
        #expect(transcript.segments[6].tokens == [50364, 634, 1062, 754, 362, 668, 1027, 669, 9364, 3647, 13, 50496])
        #expect(transcript.segments[1].text == " to do for them.")
        #expect(abs(transcript.segments[1].start - 5.96) < 1e-6 && abs(transcript.segments[1].end - 7.38) < 1e-6)
        #expect(abs(transcript.segments[6].avgLogprob + 0.432) < 1e-6)
        #expect(abs(transcript.segments[6].compressionRatio - 0.8824) < 1e-6)
        #expect(abs(transcript.segments[6].noSpeechProb - 0.05083) < 1e-6)
        #expect(transcript.segments.allSatisfy { $0.temperature == 0 })
        // Every word lands in the segment whose text it spells, even " He" (7.28 s) whose
        // alignment starts before its segment (7.38 s); none has an invented probability.
        var wordCount = 0
        for segment in transcript.segments {
            let words = try #require(segment.words)
            #expect(Self.letters(words.map(\.word).joined()) == Self.letters(segment.text), "segment \(segment.id)")
            #expect(words.allSatisfy { $0.probability == nil && $0.start <= $0.end })
            wordCount += words.count
        }
        #expect(wordCount == 67)  // the reference's 70 with "ill-disposed" (twice) and "cold-hearted" as one word
        #expect(transcript.segments[2].words?.first == Word(start: 7.28000020980835, end: 7.440000057220459, word: "He", probability: nil))
        #expect(reports.entries == [ProgressLog.Entry(processed: 24.73, total: 24.73)])

        // In JSON a missing probability is absent, not 0 or null.
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(transcript)) as? [String: Any])
        let firstWord = try #require(((json["segments"] as? [[String: Any]])?.first?["words"] as? [[String: Any]])?.first)
        #expect(Set(firstWord.keys) == ["word", "start", "end"])
        #expect(try JSONDecoder().decode(Transcript.self, from: JSONEncoder().encode(transcript)) == transcript)
    }

    @Test("auto language and no key: no language field, no Authorization, a name mapped to its code without probability")
    func detectedLanguage() throws {
        let answer = #"""
        {"task": "transcribe", "language": "indonesian", "duration": 1.0, "text": " Selamat pagi.",
         "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": 1.0, "text": " Selamat pagi.", "tokens": [50364, 10736, 335, 267, 11215, 13, 50414], "temperature": 0.0, "avg_logprob": -0.31, "compression_ratio": 0.72, "no_speech_prob": 0.02}]}
        """#
        let service = try FakeHTTPService { _ in .json(200, answer) }
        let transcript = try Self.recognizer(service, apiKey: nil)
            .transcribe(samples: [Float](repeating: 0, count: 16_000), options: DecodingOptions(language: nil))
        let request = try #require(service.requests.first)
        #expect(request.headers["authorization"] == nil)
        let parts = try parseMultipart(request.body, contentType: request.headers["content-type"] ?? "")
        #expect(!parts.contains { $0.name == "language" || $0.name == "prompt" })
        #expect(parts.filter { $0.name == "timestamp_granularities[]" }.map(\.text) == ["segment"])
        #expect(transcript.language == "id" && transcript.languageProbability == nil)
        #expect(transcript.segments.count == 1 && transcript.segments[0].words == nil)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(transcript)) as? [String: Any])
        #expect(json["language_probability"] == nil)
    }

    @Test("translate posts to /v1/audio/translations without transcription-only fields")
    func translation() throws {
        let answer = #"{"task": "translate", "language": "english", "duration": 0.5, "text": "Good morning.", "segments": []}"#
        let service = try FakeHTTPService { _ in .json(200, answer) }
        var options = DecodingOptions(language: "de", task: .translate, wordTimestamps: true)
        options.temperatures = [0]
        let transcript = try Self.recognizer(service).transcribe(samples: [Float](repeating: 0.1, count: 8_000), options: options)
        let request = try #require(service.requests.first)
        #expect(request.path == "/v1/audio/translations")
        let names = Set(try parseMultipart(request.body, contentType: request.headers["content-type"] ?? "").map(\.name))
        #expect(names == ["file", "model", "response_format", "temperature"])
        #expect(transcript.text == "Good morning." && transcript.segments.isEmpty && transcript.duration == 0.5)
    }

    @Test("a base URL ending in /v1 is not doubled")
    func baseURLWithVersion() {
        let recognizer = RemoteSpeechRecognizer(configuration: RemoteRecognizerConfiguration(baseURL: URL(string: "https://api.example.com/v1")!))
        #expect(recognizer.endpoint(for: .transcribe).absoluteString == "https://api.example.com/v1/audio/transcriptions")
        #expect(recognizer.endpoint(for: .translate).absoluteString == "https://api.example.com/v1/audio/translations")
    }

    @Test("verbose_json language names map to the model's codes")
    func languageNames() throws {
        #expect(WhisperLanguages.code(for: "english") == "en")
        #expect(WhisperLanguages.code(for: "Indonesian") == "id")
        #expect(WhisperLanguages.code(for: "haitian creole") == "ht")
        #expect(WhisperLanguages.code(for: "burmese") == "my")
        #expect(WhisperLanguages.code(for: "en") == "en")
        #expect(WhisperLanguages.code(for: "klingon") == nil)
        #expect(Set(WhisperLanguages.all.map(\.code)).count == 100 && Set(WhisperLanguages.all.map(\.name)).count == 100)
        // The table's order is the model's language-token order.
        let directory = Fixtures.modelDirectory
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("config.json").path) else {
            throw MissingFixture(description: "Whisper model not found in \(directory.path): run scripts/fetch-models.sh")
        }
        let config = try ModelConfig(contentsOf: directory.appendingPathComponent("config.json"))
        let tokenizer = try Tokenizer(directory: directory, languageTokenIds: config.languageTokenIds)
        #expect(tokenizer.languages.map(\.code) == Array(WhisperLanguages.all.map(\.code).prefix(tokenizer.languages.count)))
    }

    // MARK: Errors

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var label: String
        var reply: FakeHTTPService.Reply
        var expected: RemoteRecognizerError
        var testDescription: String { label }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(label: "401", reply: .json(401, invalidKeyAnswer), expected: .invalidAPIKey),
        ErrorCase(label: "400 with OpenAI's error body",
                  reply: .json(400, #"{"error": {"message": "Invalid file format. Supported formats: ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm']", "type": "invalid_request_error", "param": null, "code": null}}"#),
                  expected: .httpStatus(400, message: "Invalid file format. Supported formats: ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm']")),
        ErrorCase(label: "429 rate limit",
                  reply: .json(429, #"{"error": {"message": "Rate limit reached for whisper-1 in organization org-x on requests per min (RPM): Limit 50, Used 50, Requested 1.", "type": "requests", "param": null, "code": "rate_limit_exceeded"}}"#),
                  expected: .httpStatus(429, message: "Rate limit reached for whisper-1 in organization org-x on requests per min (RPM): Limit 50, Used 50, Requested 1.")),
        ErrorCase(label: "500 with OpenAI's error body",
                  reply: .json(500, #"{"error": {"message": "The server had an error while processing your request. Sorry about that!", "type": "server_error", "param": null, "code": null}}"#),
                  expected: .httpStatus(500, message: "The server had an error while processing your request. Sorry about that!")),
        ErrorCase(label: "422 from a FastAPI-based server", reply: .json(422, #"{"detail": "Unsupported model whisper-9"}"#),
                  expected: .httpStatus(422, message: "Unsupported model whisper-9")),
        ErrorCase(label: "502 from a proxy, HTML body",
                  reply: FakeHTTPService.Reply(status: 502, body: Data("<html>\n<body>502 Bad Gateway</body>\n</html>\n".utf8), contentType: "text/html"),
                  expected: .httpStatus(502, message: "<html> <body>502 Bad Gateway</body> </html>")),
        ErrorCase(label: "200 that is not JSON", reply: .json(200, "Hello from the wrong server"),
                  expected: .malformedResponse("not JSON: Hello from the wrong server")),
        ErrorCase(label: "200 with response_format=text's answer", reply: .json(200, #"{"text": "Hello."}"#),
                  expected: .malformedResponse("missing language")),
        ErrorCase(label: "segment without avg_logprob",
                  reply: .json(200, #"{"language": "english", "text": " Hi.", "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": 1.0, "text": " Hi.", "tokens": [50364, 2421, 13, 50414], "temperature": 0.0, "compression_ratio": 0.5, "no_speech_prob": 0.01}]}"#),
                  expected: .malformedResponse("missing segments[0].avg_logprob")),
        ErrorCase(label: "tokens as a string",
                  reply: .json(200, #"{"language": "english", "text": " Hi.", "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": 1.0, "text": " Hi.", "tokens": "50364 2421", "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 0.5, "no_speech_prob": 0.01}]}"#),
                  expected: .malformedResponse("segments[0].tokens is not of type Array<Any>")),
        ErrorCase(label: "unknown language", reply: .json(200, #"{"language": "klingon", "text": " Qapla'."}"#),
                  expected: .malformedResponse("unknown language 'klingon'")),
    ]

    @Test("service errors become typed errors carrying the service's message", arguments: errorCases)
    func serviceError(_ errorCase: ErrorCase) throws {
        let service = try FakeHTTPService { _ in errorCase.reply }
        let error = #expect(throws: RemoteRecognizerError.self) {
            try Self.recognizer(service).transcribe(samples: [Float](repeating: 0, count: 1600), options: DecodingOptions(language: nil))
        }
        #expect(error == errorCase.expected)
        #expect(service.requests.count == 1)
        if errorCase.expected == .invalidAPIKey {
            #expect(error?.description == "Transcription API key invalid")
            #expect(error?.description.contains("sk-") == false, "the key is not repeated")
        }
    }

    @Test("an endpoint where nothing listens is unreachable")
    func unreachable() throws {
        let port = try FakeHTTPService.closedPort()
        let recognizer = RemoteSpeechRecognizer(configuration: RemoteRecognizerConfiguration(
            baseURL: URL(string: "http://127.0.0.1:\(port)")!, apiKey: "sk-test-key", timeoutSeconds: 10))
        let error = #expect(throws: RemoteRecognizerError.self) {
            try recognizer.transcribe(samples: [Float](repeating: 0, count: 1600), options: DecodingOptions())
        }
        #expect(error == .unreachable(url: "http://127.0.0.1:\(port)/v1/audio/transcriptions", reason: "could not connect"))
        #expect(error?.description.hasPrefix("Transcription service at http://127.0.0.1:\(port)/v1/audio/transcriptions is unreachable") == true)
    }

    @Test("a service slower than the timeout gives timedOut, in about the timeout")
    func timeout() throws {
        let service = try FakeHTTPService { _ in .json(200, Self.concatenationAnswer, delaySeconds: 4) }
        let started = Date()
        let error = #expect(throws: RemoteRecognizerError.self) {
            try Self.recognizer(service, timeoutSeconds: 1).transcribe(samples: [Float](repeating: 0, count: 1600), options: DecodingOptions())
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(error == .timedOut(seconds: 1))
        #expect(elapsed >= 0.9 && elapsed < 3.5, "took \(elapsed) s")
    }

    @Test("audio over the upload limit is refused before sending")
    func uploadLimit() throws {
        let service = try FakeHTTPService { _ in .json(200, Self.concatenationAnswer) }
        let recognizer = RemoteSpeechRecognizer(configuration: RemoteRecognizerConfiguration(
            baseURL: service.baseURL, uploadLimitBytes: 32_000))
        let error = #expect(throws: RemoteRecognizerError.self) {
            try recognizer.transcribe(samples: [Float](repeating: 0, count: 16_000), options: DecodingOptions())
        }
        #expect(error == .audioTooLarge(bytes: 32_044, limit: 32_000))
        #expect(service.requests.isEmpty)
        #expect(RemoteRecognizerConfiguration.openAIUploadLimitBytes == 26_214_400)
    }

    @Test("a word whose text matches no segment falls back on its time")
    func wordAssignmentFallback() {
        typealias Wire = VerboseTranscription
        let segments = [
            Wire.Segment(id: 0, seek: 0, start: 0, end: 2, text: " Hello there.", tokens: [], temperature: 0, avgLogprob: 0, compressionRatio: 1, noSpeechProb: 0),
            Wire.Segment(id: 1, seek: 0, start: 2, end: 4, text: " General Kenobi.", tokens: [], temperature: 0, avgLogprob: 0, compressionRatio: 1, noSpeechProb: 0),
        ]
        let words = [Wire.Word(word: "Hello", start: 0.1, end: 0.5), Wire.Word(word: "there", start: 0.5, end: 1.9),
                     Wire.Word(word: "General", start: 1.7, end: 2.5), Wire.Word(word: "Grievous", start: 3.0, end: 3.5),
                     Wire.Word(word: "Kenobi", start: 3.5, end: 3.9)]
        // "General" starts before its segment but spells its start; "Grievous" spells nothing and
        // goes by time; "Kenobi" still follows "General".
        #expect(Wire.segmentIndices(of: words, in: segments) == [0, 0, 1, 1, 1])
        #expect(Wire.segmentIndices(of: words, in: []) == [])
    }
}

/// Progress callbacks, recorded from any thread.
final class ProgressLog: Sendable {
    struct Entry: Equatable, Sendable { var processed: Double; var total: Double }
    private let log = Mutex<[Entry]>([])
    func append(_ processed: Double, _ total: Double) { log.withLock { $0.append(Entry(processed: processed, total: total)) } }
    var entries: [Entry] { log.withLock { $0 } }
}
