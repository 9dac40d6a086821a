/// What `MediaProbe` learns about a playable video file, as stored in the session's
/// `media/<n>.json`.
///
/// Encoded with snake_case keys (`duration_seconds`, `has_video`, ...); optional fields that are
/// `nil` are omitted from the JSON.
public struct MediaInfo: Codable, Sendable, Equatable {
    /// FFmpeg's name of the container format, e.g. `"mov,mp4,m4a,3gp,3g2,mj2"`,
    /// `"matroska,webm"`, `"avi"`.
    public var container: String
    /// Length of the file's timeline in seconds (the container's duration, or, for files whose
    /// header has none such as browser-recorded WebM, the end of the last packet). Always > 0.
    public var durationSeconds: Double
    /// Whether the file has a real video stream (always true for a probed file: anything else is
    /// rejected).
    public var hasVideo: Bool
    /// Whether the file has at least one audio stream.
    public var hasAudio: Bool
    /// FFmpeg's codec name of the first video stream, e.g. `"h264"`, `"hevc"`, `"vp9"`, `"mpeg4"`.
    public var videoCodec: String?
    /// FFmpeg's codec name of the first audio stream, e.g. `"aac"`, `"opus"`, `"vorbis"`, `"mp3"`.
    public var audioCodec: String?
    /// Coded width of the first video stream, in pixels.
    public var width: Int?
    /// Coded height of the first video stream, in pixels.
    public var height: Int?
    /// Average frame rate of the first video stream, in frames per second (nil if unknown).
    public var fps: Double?
    /// Sample rate of the first audio stream, in Hz.
    public var audioSampleRate: Int?
    /// Channel count of the first audio stream.
    public var audioChannels: Int?
    /// File size in bytes.
    public var sizeBytes: Int64

    public init(
        container: String, durationSeconds: Double, hasVideo: Bool, hasAudio: Bool,
        videoCodec: String?, audioCodec: String?, width: Int?, height: Int?, fps: Double?,
        audioSampleRate: Int?, audioChannels: Int?, sizeBytes: Int64
    ) {
        self.container = container
        self.durationSeconds = durationSeconds
        self.hasVideo = hasVideo
        self.hasAudio = hasAudio
        self.videoCodec = videoCodec
        self.audioCodec = audioCodec
        self.width = width
        self.height = height
        self.fps = fps
        self.audioSampleRate = audioSampleRate
        self.audioChannels = audioChannels
        self.sizeBytes = sizeBytes
    }

    enum CodingKeys: String, CodingKey {
        case container
        case durationSeconds = "duration_seconds"
        case hasVideo = "has_video"
        case hasAudio = "has_audio"
        case videoCodec = "video_codec"
        case audioCodec = "audio_codec"
        case width, height, fps
        case audioSampleRate = "audio_sample_rate"
        case audioChannels = "audio_channels"
        case sizeBytes = "size_bytes"
    }
}
