// Remote recognizer, part 2 of 3: the wire format of OpenAI's audio API.
//
// Request: a multipart/form-data body whose `file` part is a 16-bit PCM WAV of the samples.
// Answer: `verbose_json` (text, language, duration, segments, words), or an error body
// `{"error": {"message": …}}`. Mapped onto the native engine's `Transcript`.

import Foundation

/// A 16-bit PCM mono WAV file (44-byte RIFF header) of float samples in [-1, 1].
enum WAVFile {
    static func pcm16(samples: [Float], sampleRate: Int) -> Data {
        let dataBytes = samples.count * 2
        var bytes: [UInt8] = []
        bytes.reserveCapacity(44 + dataBytes)
        func append(_ text: String) { bytes += Array(text.utf8) }
        func append32(_ value: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) { bytes += $0 } }
        func append16(_ value: Int) { withUnsafeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian) { bytes += $0 } }
        append("RIFF"); append32(36 + dataBytes); append("WAVE")
        append("fmt "); append32(16)
        append16(1)                 // PCM
        append16(1)                 // mono
        append32(sampleRate); append32(sampleRate * 2)
        append16(2); append16(16)   // block align, bits per sample
        append("data"); append32(dataBytes)
        for sample in samples {
            let scaled = (max(-1, min(1, sample.isNaN ? 0 : sample)) * 32767).rounded()
            withUnsafeBytes(of: Int16(scaled).littleEndian) { bytes += $0 }
        }
        return Data(bytes)
    }
}

/// A multipart/form-data body (RFC 7578) built field by field.
struct MultipartForm {
    let boundary = "whisper-\(UUID().uuidString)"
    private(set) var body = Data()

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    mutating func add(_ name: String, _ value: String) {
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
    }

    mutating func addFile(_ name: String, filename: String, contentType: String, data: Data) {
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n".utf8))
    }

    /// The body with its closing delimiter.
    func finished() -> Data { body + Data("--\(boundary)--\r\n".utf8) }
}

/// OpenAI's `verbose_json` transcription object. Every segment field is required, as in the
/// API reference; `segments` and `words` are present only for the granularities asked for.
struct VerboseTranscription: Decodable {
    struct Segment: Decodable {
        var id: Int
        var seek: Int
        var start: Double
        var end: Double
        var text: String
        var tokens: [Int]
        var temperature: Double
        var avgLogprob: Double
        var compressionRatio: Double
        var noSpeechProb: Double

        enum CodingKeys: String, CodingKey {
            case id, seek, start, end, text, tokens, temperature
            case avgLogprob = "avg_logprob"
            case compressionRatio = "compression_ratio"
            case noSpeechProb = "no_speech_prob"
        }
    }

    struct Word: Decodable {
        var word: String
        var start: Double
        var end: Double
    }

    var text: String
    var language: String
    var duration: Double?
    var segments: [Segment]?
    var words: [Word]?

    /// Parses `data`, naming the field at fault when it is not `verbose_json`.
    static func decode(_ data: Data) throws -> VerboseTranscription {
        do {
            return try JSONDecoder().decode(VerboseTranscription.self, from: data)
        } catch let error as DecodingError {
            throw RemoteRecognizerError.malformedResponse(describe(error, body: data))
        }
    }

    private static func describe(_ error: DecodingError, body: Data) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.hasPrefix(".") ? String(keys.dropFirst()) : keys
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing \(parent.isEmpty ? "" : parent + ".")\(key.stringValue)"
        case .typeMismatch(let type, let context):
            return "\(path(context)) is not of type \(type)"
        case .valueNotFound(_, let context):
            return "\(path(context)) is null"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "not JSON: \(HTTPErrorBody.excerpt(body))"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// The native `Transcript` of this answer for `options` and audio of `duration` seconds.
    ///
    /// - Segment ids are renumbered 1…n (OpenAI counts from 0, the native engine from 1).
    /// - `duration` is the length of the samples sent, not the service's (float32-rounded) echo.
    /// - Words are top-level in `verbose_json`; `segmentIndices` gives each to its segment.
    ///   They have no probability.
    /// - The language probability is 1 when `options.language` was sent, else unknown (`nil`).
    func transcript(options: DecodingOptions, duration: Double) throws -> Transcript {
        guard let code = WhisperLanguages.code(for: language) ?? options.language else {
            throw RemoteRecognizerError.malformedResponse("unknown language '\(language)'")
        }
        let serverSegments = (segments ?? []).sorted { $0.start < $1.start }
        var wordsBySegment = [[Whisper.Word]](repeating: [], count: serverSegments.count)
        for (word, index) in zip(words ?? [], Self.segmentIndices(of: words ?? [], in: serverSegments)) {
            wordsBySegment[index].append(Whisper.Word(start: word.start, end: word.end, word: word.word, probability: nil))
        }
        let mapped = serverSegments.enumerated().map { index, segment in
            Whisper.Segment(id: index + 1, seek: segment.seek, start: segment.start, end: segment.end,
                            text: segment.text, tokens: segment.tokens, avgLogprob: segment.avgLogprob,
                            compressionRatio: segment.compressionRatio, noSpeechProb: segment.noSpeechProb,
                            temperature: segment.temperature,
                            words: options.wordTimestamps ? wordsBySegment[index] : nil)
        }
        return Transcript(text: text.trimmingCharacters(in: .whitespacesAndNewlines), language: code,
                          languageProbability: options.language == nil ? nil : 1, duration: duration, segments: mapped)
    }
}

extension VerboseTranscription {
    /// The segment of each word. Words are the segments' text split up, so they are matched to
    /// it in order, comparing letters and digits only (the service's words drop punctuation).
    /// Times cannot decide alone: a word's alignment may start before its segment's timestamp
    /// (" He" at 7.28 s in a segment from 7.38 s). A word that matches neither the rest of the
    /// current segment nor the start of the next goes to the first segment ending at or after
    /// its midpoint. Empty when there are no segments to hold words.
    static func segmentIndices(of words: [Word], in segments: [Segment]) -> [Int] {
        guard !segments.isEmpty else { return [] }
        func letters(_ text: String) -> Substring {
            Substring(String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter {
                CharacterSet.alphanumerics.contains($0)
            })))
        }
        let segmentLetters = segments.map { letters($0.text) }
        var current = 0
        var remaining = segmentLetters[0]
        return words.map { word in
            let wordLetters = letters(word.word)
            if remaining.hasPrefix(wordLetters) {
                remaining = remaining.dropFirst(wordLetters.count)
                return current
            }
            if let next = segmentLetters.indices.dropFirst(current + 1).first(where: { !segmentLetters[$0].isEmpty }),
               segmentLetters[next].hasPrefix(wordLetters) {
                current = next
                remaining = segmentLetters[next].dropFirst(wordLetters.count)
                return current
            }
            let middle = (word.start + word.end) / 2
            return segments.firstIndex { $0.end >= middle } ?? segments.count - 1
        }
    }
}

/// The message of an error answer: OpenAI's `{"error": {"message": …}}`, the `{"detail": …}`
/// of FastAPI-based servers, a top-level `message`, or else the start of the body's text.
enum HTTPErrorBody {
    static func message(_ body: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
            if let message = object["error"] as? String { return message }
            if let detail = object["detail"] as? String { return detail }
            if let message = object["message"] as? String { return message }
        }
        let text = excerpt(body)
        return text.isEmpty ? "(empty body)" : text
    }

    /// The first 300 characters of `body` as text, whitespace collapsed.
    static func excerpt(_ body: Data) -> String {
        let text = String(decoding: body.prefix(1200), as: UTF8.self)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
