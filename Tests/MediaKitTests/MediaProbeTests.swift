import Foundation
import MediaKit
import Testing

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
        ("cover_art.mp3", .notAVideo(.noVideoStream)),
        ("hls_playlist.mp4", .notAVideo(.referencesOtherFiles)),
        ("ffconcat_list.mp4", .notAVideo(.referencesOtherFiles)),
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
