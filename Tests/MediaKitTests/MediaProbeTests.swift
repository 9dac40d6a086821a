import Foundation
import MediaKit
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

@Suite struct MediaProbeTests {
    @Test(arguments: PlayableVideo.all)
    func describesPlayableVideo(_ video: PlayableVideo) throws {
        let url = try TestMedia.url(video.file)
        let info = try MediaProbe.probe(url)
        #expect(info.container == video.container)
        #expect(info.hasVideo && info.hasAudio)
        #expect(info.videoCodec == video.videoCodec)
        #expect(info.audioCodec == video.audioCodec)
        #expect(info.width == video.width && info.height == video.height)
        #expect(abs((info.fps ?? 0) - video.fps) < 0.001)
        #expect(info.audioSampleRate == video.audioSampleRate)
        #expect(info.audioChannels == video.audioChannels)
        #expect(abs(info.durationSeconds - TestMedia.speechSeconds) < 0.05, "duration \(info.durationSeconds)")
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
        #expect(info.sizeBytes == Int64(size ?? -1))
    }

    @Test func describesVideoWithoutAudio() throws {
        let info = try MediaProbe.probe(TestMedia.url("no_audio.mp4"))
        #expect(info.hasVideo && !info.hasAudio)
        #expect(info.audioCodec == nil && info.audioSampleRate == nil && info.audioChannels == nil)
        #expect(abs(info.durationSeconds - 5) < 0.01)
    }

    @Test func encodesSnakeCaseJSON() throws {
        let info = try MediaProbe.probe(TestMedia.url("h264_aac.mp4"))
        let json = try JSONEncoder().encode(info)
        let keys = try #require(JSONSerialization.jsonObject(with: json) as? [String: Any]).keys
        #expect(Set(keys) == [
            "container", "duration_seconds", "has_video", "has_audio", "video_codec", "audio_codec",
            "width", "height", "fps", "audio_sample_rate", "audio_channels", "size_bytes",
        ])
        #expect(try JSONDecoder().decode(MediaInfo.self, from: json) == info)
    }

    @Test(arguments: [
        ("text.mp4", MediaError.notAVideo(.formatNotRecognised)),
        ("random.mp4", .notAVideo(.formatNotRecognised)),
        ("astronaut_png.mp4", .notAVideo(.stillImage)),
        ("speech.wav", .notAVideo(.noVideoStream)),
        ("empty.mp4", .empty),
        ("no_frames.webm", .empty),
        ("truncated.mp4", .truncatedHeader(format: "QuickTime / MOV")),
    ])
    func rejects(_ file: String, _ expected: MediaError) throws {
        let url = try TestMedia.url(file)
        #expect(throws: expected) { try MediaProbe.probe(url) }
    }

    @Test func rejectsMissingFileAndDirectory() throws {
        let directory = try TestMedia.directory()
        let missing = directory.appendingPathComponent("no-such-file.mp4")
        #expect(throws: MediaError.fileNotFound(path: missing.path)) { try MediaProbe.probe(missing) }
        #expect(throws: MediaError.unreadable(path: directory.path, reason: "it is a directory")) {
            try MediaProbe.probe(directory)
        }
    }
}
