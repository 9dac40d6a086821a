import Foundation
import StageProtocol

/// `results.json`: the API reference's `/results` document, for the fields the deployed stages
/// can fill. Keys are the reference's (partly Indonesian); optional parts are omitted, not null.
struct ResultsDocument: Codable, Sendable {
    var success: Bool
    var name: String
    var session: SessionID
    var content: [ContentItem]
    var metadata: Metadata

    struct ContentItem: Codable, Sendable {
        var id: Int
        var question: String
        var result: ItemResult?
        /// Present when this video could not be processed: which stage gave up, and why.
        var error: ItemFailure?
    }

    struct ItemResult: Codable, Sendable {
        var metadata: ItemMetadata
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

        enum CodingKeys: String, CodingKey {
            case duration, container, width, height, fps
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

        enum CodingKeys: String, CodingKey {
            case language
            case totalVideos = "total_videos"
            case successfulVideos = "successful_videos"
            case failedVideos = "failed_videos"
            case totalDurationSeconds = "total_duration_seconds"
            case processedAt = "processed_at"
        }
    }
}
