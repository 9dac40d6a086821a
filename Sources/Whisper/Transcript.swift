import Foundation

/// The result of transcribing one recording. Encodes to JSON with snake_case keys (the stage
/// writes it to `transcripts/<n>.json`). Times are seconds from the start of the samples.
public struct Transcript: Codable, Sendable, Equatable {
    /// All segment texts joined, without leading or trailing whitespace.
    public var text: String
    /// ISO 639-1 code of the language decoded in.
    public var language: String
    /// Probability of `language` from language detection; 1 when the language was given.
    public var languageProbability: Double
    /// Length of the input audio in seconds.
    public var duration: Double
    public var segments: [Segment]

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

/// One word with its timing from cross-attention alignment.
public struct Word: Codable, Sendable, Equatable {
    public var start: Double
    public var end: Double
    /// The word with its leading space and merged punctuation, e.g. `" Mr."`.
    public var word: String
    /// Mean probability of the word's tokens.
    public var probability: Double
}
