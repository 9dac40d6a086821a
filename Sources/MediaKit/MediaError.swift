/// Why a file could not be probed, decoded or accepted.
///
/// `description` is the user-visible message (it goes into the item error of the video); each
/// case is one distinct reason, so callers can branch on the case and show the text.
public enum MediaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No file at this path.
    case fileNotFound(path: String)
    /// The path exists but cannot be read as a file (a directory, no permission, an I/O error).
    case unreadable(path: String, reason: String)
    /// The file has zero bytes, or a container with nothing in it.
    case empty
    /// The file is readable but is not a video: see `NotAVideoReason`.
    case notAVideo(NotAVideoReason)
    /// The video has no audio stream.
    case noAudioTrack
    /// The video lasts longer than the caller's limit. Both values in seconds.
    case tooLong(durationSeconds: Double, limitSeconds: Double)
    /// The container's header or index is missing or unreadable although the format was
    /// recognised: typically an MP4 cut before its `moov` index. `format` is FFmpeg's long name
    /// of the format, e.g. "QuickTime / MOV".
    case truncatedHeader(format: String)
    /// The file ends (or breaks) long before the duration its header declares. Both values in
    /// seconds on the file's timeline.
    case truncated(decodedSeconds: Double, expectedSeconds: Double)
    /// FFmpeg failed in a way none of the cases above explains (no decoder for the codec, a
    /// resampler that does not initialise, ...). `detail` names the step and FFmpeg's message.
    case decodingFailed(detail: String)

    /// Why a readable file is not a playable video.
    public enum NotAVideoReason: String, Sendable, Equatable {
        /// No demuxer recognises the content (text, random bytes, unknown formats).
        case formatNotRecognised
        /// An image (PNG, JPEG, ...) or a cover picture, which FFmpeg opens as a one-frame video.
        case stillImage
        /// A media file without any video stream, e.g. a WAV or MP3.
        case noVideoStream
        /// A playlist or list of other files (HLS `.m3u8`, ffconcat), which is refused so that an
        /// upload cannot make the server read other files.
        case referencesOtherFiles
    }

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "File not found: \(path)"
        case .unreadable(let path, let reason):
            "File cannot be read: \(path) (\(reason))"
        case .empty:
            "Video is empty (zero length)"
        case .notAVideo(.formatNotRecognised):
            "File is not a playable video (format not recognised)"
        case .notAVideo(.stillImage):
            "File is not a playable video (it is a still image)"
        case .notAVideo(.noVideoStream):
            "File is not a playable video (it has no video stream)"
        case .notAVideo(.referencesOtherFiles):
            "File is not a playable video (it is a playlist of other files)"
        case .noAudioTrack:
            "Video has no audio track"
        case .tooLong(let duration, let limit):
            // Rounded up, so a video just over the limit never reads as equal to it.
            "Video is longer than the limit (\(Self.seconds((duration * 10).rounded(.up) / 10)) s > \(Self.seconds(limit)) s)"
        case .truncatedHeader(let format):
            "Video file is truncated or corrupt (its \(format) header or index is missing)"
        case .truncated(let decoded, let expected):
            "Video file is truncated or corrupt (decoded \(Self.seconds(decoded)) s of \(Self.seconds(expected)) s)"
        case .decodingFailed(let detail):
            "Video could not be decoded (\(detail))"
        }
    }

    /// Seconds with at most one decimal: "900", "24.7".
    private static func seconds(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0
            ? String(Int(tenths / 10)) : String(tenths / 10)
    }
}
