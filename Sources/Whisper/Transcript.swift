import Foundation

/// The result of transcribing one recording. Encodes to JSON with snake_case keys (the stage
/// writes it to `transcripts/<n>.json`). Times are seconds from the start of the samples.
public struct Transcript: Codable, Sendable, Equatable {
    /// All segment texts joined, without leading or trailing whitespace.
    public var text: String
    /// ISO 639-1 code of the language decoded in.
    public var language: String
    /// Probability of `language` from language detection; 1 when the language was given; `nil`
    /// when the recognizer detected the language but reports no probability (a remote
    /// OpenAI-compatible service). Encoded as `language_probability`, left out when `nil`.
    public var languageProbability: Double?
    /// Length of the input audio in seconds.
    public var duration: Double
    public var segments: [Segment]

    public init(text: String, language: String, languageProbability: Double?, duration: Double, segments: [Segment]) {
        self.text = text
        self.language = language
        self.languageProbability = languageProbability
        self.duration = duration
        self.segments = segments
    }

    enum CodingKeys: String, CodingKey {
        case text, language, duration, segments
        case languageProbability = "language_probability"
    }
}

/// A stretch of speech between two timestamp tokens (as faster-whisper's `Segment`).
public struct Segment: Codable, Sendable, Equatable {
    /// 1-based position in the transcript.
    public var id: Int
    /// Mel frame (10 ms units) at which the window that produced this segment starts.
    public var seek: Int
    public var start: Double
    public var end: Double
    /// Text with its leading space, as decoded.
    public var text: String
    /// Token ids of the segment, timestamp tokens included.
    public var tokens: [Int]
    /// Average log-probability per token of the window's decoding (shared by its segments).
    public var avgLogprob: Double
    /// gzip compression ratio of the window's text.
    public var compressionRatio: Double
    /// Probability of `<|nospeech|>` at the window's start.
    public var noSpeechProb: Double
    /// Sampling temperature the window was finally decoded at.
    public var temperature: Double
    /// Per-word timings; `nil` unless word timestamps were requested.
    public var words: [Word]?

    enum CodingKeys: String, CodingKey {
        case id, seek, start, end, text, tokens, temperature, words
        case avgLogprob = "avg_logprob"
        case compressionRatio = "compression_ratio"
        case noSpeechProb = "no_speech_prob"
    }
}

/// One word with its timing (the native engine aligns words with cross-attention).
public struct Word: Codable, Sendable, Equatable {
    public var start: Double
    public var end: Double
    /// The native engine's word has its leading space and merged punctuation, e.g. `" Mr."`; a
    /// remote service's word is as the service wrote it (OpenAI's: `"Mr"`, no space, no punctuation).
    public var word: String
    /// Mean probability of the word's tokens, in (0, 1]; `nil` when the recognizer does not report
    /// one (OpenAI's `verbose_json` words carry only `word`, `start` and `end`). Encoded as
    /// `probability`, left out when `nil`.
    public var probability: Double?

    public init(start: Double, end: Double, word: String, probability: Double?) {
        self.start = start
        self.end = end
        self.word = word
        self.probability = probability
    }

    enum CodingKeys: String, CodingKey {
        case start, end, word, probability
    }
}
