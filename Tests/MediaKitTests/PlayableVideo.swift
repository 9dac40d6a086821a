import Testing

/// One playable test video and what its encoding command (scripts/make-test-media.sh) made.
struct PlayableVideo: Sendable, CustomTestStringConvertible {
    let file: String
    let container: String
    let videoCodec: String
    let audioCodec: String
    let width: Int
    let height: Int
    let fps: Double
    let audioSampleRate: Int
    let audioChannels: Int
    /// Samples (16 kHz) by which the decoded audio lags the source speech.
    var sourceDelaySamples = 0

    var testDescription: String { file }

    static let mp4 = "mov,mp4,m4a,3gp,3g2,mj2"
    static let all: [PlayableVideo] = [
        .init(file: "h264_aac.mp4", container: mp4, videoCodec: "h264", audioCodec: "aac", width: 640, height: 360, fps: 25, audioSampleRate: 48000, audioChannels: 2),
        .init(file: "h264_aac_faststart.mp4", container: mp4, videoCodec: "h264", audioCodec: "aac", width: 640, height: 360, fps: 25, audioSampleRate: 48000, audioChannels: 2),
        .init(file: "h265_aac.mp4", container: mp4, videoCodec: "hevc", audioCodec: "aac", width: 640, height: 360, fps: 30, audioSampleRate: 44100, audioChannels: 1),
        .init(file: "vp8_vorbis.webm", container: "matroska,webm", videoCodec: "vp8", audioCodec: "vorbis", width: 640, height: 360, fps: 25, audioSampleRate: 44100, audioChannels: 2),
        .init(file: "vp9_opus.webm", container: "matroska,webm", videoCodec: "vp9", audioCodec: "opus", width: 640, height: 360, fps: 30, audioSampleRate: 48000, audioChannels: 1),
        // LAME's encoder delay (1105 samples at 44.1 kHz), which AVI has no field to cancel;
        // the ffmpeg CLI output carries the same delay.
        .init(file: "mpeg4_mp3.avi", container: "avi", videoCodec: "mpeg4", audioCodec: "mp3", width: 640, height: 360, fps: 25, audioSampleRate: 44100, audioChannels: 1, sourceDelaySamples: 401),
        .init(file: "h264_aac.mov", container: mp4, videoCodec: "h264", audioCodec: "aac", width: 640, height: 360, fps: 30000.0 / 1001, audioSampleRate: 16000, audioChannels: 1),
        // Written to a pipe: no duration in the header, so the probe measures it.
        .init(file: "streamed.webm", container: "matroska,webm", videoCodec: "vp8", audioCodec: "opus", width: 640, height: 360, fps: 25, audioSampleRate: 48000, audioChannels: 1),
    ]
}
