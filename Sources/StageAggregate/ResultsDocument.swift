import AnswerScoring
import Assessment
import Foundation
import StageProtocol

/// `results.json`: the API reference's `/results` document, for the fields the deployed stages
/// can fill. Keys are the reference's (partly Indonesian); optional parts are omitted, not null.
struct ResultsDocument: Codable, Sendable {
    var success: Bool
    var name: String
    var session: SessionID
    /// The applicant-tracking system's candidate id from the request; absent when none was given.
    var externalID: String?
    /// Present when the llm stage assessed the answers.
    var llmResults: AssessmentSummary?
    /// Present when at least one answer went through the cheat stage.
    var aggregateCheatingDetection: CheatingAggregate?
    /// Present when at least one answer went through the nonverbal stage.
    var aggregateNonVerbalAnalysis: NonVerbalAggregate?
    var content: [ContentItem]
    var metadata: Metadata

    enum CodingKeys: String, CodingKey {
        case success, name, session, content, metadata
        case externalID = "external_id"
        case llmResults = "llm_results"
        case aggregateCheatingDetection = "aggregate_cheating_detection"
        case aggregateNonVerbalAnalysis = "aggregate_non_verbal_analysis"
    }

    struct ContentItem: Codable, Sendable {
        var id: Int
        var question: String
        var result: ItemResult?
        /// Present when this video could not be processed: which stage gave up, and why.
        var error: ItemFailure?
    }

    struct ItemResult: Codable, Sendable {
        var penilaian: AnswerAssessment?
        var nonVerbalAnalysis: NonVerbalAnalysis?
        var cheatingDetection: CheatingDetection?
        var transkripsiEn: String?
        var transkripsiId: String?
        var metadata: ItemMetadata

        enum CodingKeys: String, CodingKey {
            case metadata, penilaian
            case nonVerbalAnalysis = "non_verbal_analysis"
            case cheatingDetection = "cheating_detection"
            case transkripsiEn = "transkripsi_en"
            case transkripsiId = "transkripsi_id"
        }
    }

    struct ItemFailure: Codable, Sendable {
        var stage: Stage
        var message: String
    }

    struct ItemMetadata: Codable, Sendable {
        /// Paths inside the session directory.
        var videoFile: String?
        var audioFile: String?
        /// Seconds, from the container.
        var duration: Double?
        var container: String?
        var videoCodec: String?
        var audioCodec: String?
        var width: Int?
        var height: Int?
        var fps: Double?
        /// The uploaded file's name or the video URL, as the request gave it.
        var sourceFile: String?
        /// From the transcript: words, and the decoder's word probabilities ×100 (mean, min, max).
        var wordCount: Int?
        var avgConfidence: Double?
        var minConfidence: Double?
        var maxConfidence: Double?
        var language: String?
        /// Whether the other language's transcript is a real translation, and who made it.
        var translationUsed: Bool?
        var translationEngine: String?
        /// The speech-recognition model.
        var model: String?
        /// Who scored the answer: a chat model's name or the rubric scorer's.
        var llmModel: String?
        var deeplUsed: Bool?
        /// Whether the chat model was Hugging Face's (the reference's inference provider).
        var hfApiUsed: Bool?

        enum CodingKeys: String, CodingKey {
            case duration, container, width, height, fps, language, model
            case translationUsed = "translation_used"
            case translationEngine = "translation_engine"
            case llmModel = "llm_model"
            case deeplUsed = "deepl_used"
            case hfApiUsed = "hf_api_used"
            case wordCount = "word_count"
            case avgConfidence = "avg_confidence"
            case minConfidence = "min_confidence"
            case maxConfidence = "max_confidence"
            case videoFile = "video_file"
            case audioFile = "audio_file"
            case videoCodec = "video_codec"
            case audioCodec = "audio_codec"
            case sourceFile = "source_file"
        }
    }

    struct Metadata: Codable, Sendable {
        var totalVideos: Int
        var successfulVideos: Int
        var failedVideos: Int
        var totalDurationSeconds: Double
        var processedAt: Date
        var language: String
        /// The speech-recognition model, once transcripts exist.
        var model: String?
        var llmModel: String?
        var deeplUsed: Bool
        var hfApiUsed: Bool
        var translationUsed: Bool

        enum CodingKeys: String, CodingKey {
            case language, model
            case llmModel = "llm_model"
            case deeplUsed = "deepl_used"
            case hfApiUsed = "hf_api_used"
            case translationUsed = "translation_used"
            case totalVideos = "total_videos"
            case successfulVideos = "successful_videos"
            case failedVideos = "failed_videos"
            case totalDurationSeconds = "total_duration_seconds"
            case processedAt = "processed_at"
        }
    }
}
