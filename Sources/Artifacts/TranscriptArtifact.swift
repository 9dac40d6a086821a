import Foundation
import Whisper

/// `transcripts/<n>.json`: the transcript with the evidence behind its confidence.
///
/// Confidence is the decoder's probability of each word (Whisper's word-level token
/// probabilities, ×100), summarised as mean/min/max: the reference's `avg_confidence`,
/// `min_confidence` and `max_confidence`. An empty answer is a valid transcript with no words
/// and no confidence.
public struct TranscriptArtifact: Codable, Sendable {
    public var language: String
    /// `nil` when a remote recognizer detected the language without a probability.
    public var languageProbability: Double?
    public var text: String
    public var durationSeconds: Double
    public var segments: [Segment]
    public var model: String
    public var wordCount: Int
    public var avgConfidence: Double?
    public var minConfidence: Double?
    public var maxConfidence: Double?

    public init(transcript: Transcript, model: String) {
        language = transcript.language
        languageProbability = transcript.languageProbability
        text = transcript.text.trimmingCharacters(in: .whitespacesAndNewlines)
        durationSeconds = transcript.duration
        segments = transcript.segments
        self.model = model
        // A remote recognizer may report words without probabilities: then there is no confidence.
        let probabilities = transcript.segments.flatMap { $0.words ?? [] }.compactMap { $0.probability.map { $0 * 100 } }
        wordCount = text.split(whereSeparator: \.isWhitespace).count
        avgConfidence = probabilities.isEmpty ? nil : probabilities.reduce(0, +) / Double(probabilities.count)
        minConfidence = probabilities.min()
        maxConfidence = probabilities.max()
    }

    /// The transcript of an answer with no sound to decode.
    public static func silent(language: String, durationSeconds: Double, model: String) -> TranscriptArtifact {
        TranscriptArtifact(transcript: Transcript(text: "", language: language, languageProbability: 1,
                                                  duration: durationSeconds, segments: []),
                           model: model)
    }

    enum CodingKeys: String, CodingKey {
        case language, text, segments, model
        case languageProbability = "language_probability"
        case durationSeconds = "duration_seconds"
        case wordCount = "word_count"
        case avgConfidence = "avg_confidence"
        case minConfidence = "min_confidence"
        case maxConfidence = "max_confidence"
    }
}
