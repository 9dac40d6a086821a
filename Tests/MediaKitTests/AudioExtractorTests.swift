import Foundation
import MediaKit
import Testing

@Suite struct AudioExtractorTests {
    static let rate = 16000

    @Test(arguments: PlayableVideo.all)
    func matchesFFmpegAndTheSourceSpeech(_ video: PlayableVideo) throws {
        let url = try TestMedia.url(video.file)
        let track = try AudioExtractor.extractMono16k(from: url, maxDurationSeconds: 900)
        #expect(track.sampleRate == Self.rate)
        #expect(abs(track.durationSeconds - TestMedia.speechSeconds) < 0.05, "duration \(track.durationSeconds)")

        let cli = try FFmpegCLI.mono16k(url)
        #expect(track.samples.count == cli.count)
        let cliCorrelation = Signal.correlation(track.samples, cli)
        #expect(cliCorrelation > 0.9999, "correlation with the ffmpeg CLI: \(cliCorrelation)")

        // Same place on the timeline as the speech that went in (lossy codecs change the detail).
        let source = try WAVFile.read(TestMedia.url("speech.wav")).samples
        let sourceCorrelation = Signal.correlation(source, track.samples, lag: video.sourceDelaySamples)
        #expect(sourceCorrelation > 0.98, "correlation with the source speech: \(sourceCorrelation)")
    }

    @Test func decodesPCMWithoutChange() throws {
        let track = try AudioExtractor.extractMono16k(from: TestMedia.url("speech.wav"), maxDurationSeconds: nil)
        #expect(Signal.mismatch(track.samples, try WAVFile.read(TestMedia.url("speech.wav")).samples) == nil)
    }

    @Test func downmixesAndResamplesLikeFFmpeg() throws {
        let url = try TestMedia.url("stereo48k.wav")
        let track = try AudioExtractor.extractMono16k(from: url, maxDurationSeconds: nil)
        let cli = try FFmpegCLI.mono16k(url)
        #expect(track.samples.count == cli.count)
        #expect(zip(track.samples, cli).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    /// Audio that starts 1 s after the video gets 1 s of leading silence, as
    /// `aresample=async=1:first_pts=0` gives; the plain CLI decode would start the speech at 0.
    @Test func placesLateAudioOnTheVideoTimeline() throws {
        let url = try TestMedia.url("offset_audio.webm")
        let track = try AudioExtractor.extractMono16k(from: url, maxDurationSeconds: nil)
        #expect(abs(track.durationSeconds - (TestMedia.speechSeconds + 1)) < 0.05)
        #expect(Signal.peak(track.samples, 0..<Int(0.95 * Double(Self.rate))) == 0)
        // Within 2 ms of 1 s: Matroska stores milliseconds, and Opus starts 6.5 ms early (pre-skip).
        let source = try WAVFile.read(TestMedia.url("speech.wav")).samples
        let lags = (Self.rate - 32)...(Self.rate + 32)
        let best = lags.map { Signal.correlation(source, track.samples, lag: $0) }.max() ?? 0
        #expect(best > 0.98, "best correlation with the speech 1 s later: \(best)")
        try expectSameAsTimestampedFFmpeg(track, url)
    }

    /// A 2 s hole in the timestamps becomes 2 s of silence, so what follows stays in place.
    @Test func fillsTimestampGapsWithSilence() throws {
        let url = try TestMedia.url("gap_audio.mkv")
        let track = try AudioExtractor.extractMono16k(from: url, maxDurationSeconds: nil)
        #expect(abs(track.durationSeconds - TestMedia.speechSeconds) < 0.05)
        // The muxer dropped whole 128 ms packets: the hole runs from 10.112 s to 12.032 s.
        #expect(Signal.peak(track.samples, Self.rate * 102 / 10..<Self.rate * 12) == 0)
        let source = try WAVFile.read(TestMedia.url("speech.wav")).samples
        let afterGap = Self.rate * 121 / 10
        #expect(Signal.mismatch(Array(track.samples[afterGap...]), Array(source[afterGap..<track.samples.count])) == nil)
        try expectSameAsTimestampedFFmpeg(track, url)
    }

    /// Timestamps that jump back 0.5 s drop the overlapping audio instead of shifting the rest late.
    @Test func dropsOverlappingAudio() throws {
        let url = try TestMedia.url("overlap_audio.mkv")
        let track = try AudioExtractor.extractMono16k(from: url, maxDurationSeconds: nil)
        #expect(abs(track.durationSeconds - (TestMedia.speechSeconds - 0.5)) < 0.05)
        try expectSameAsTimestampedFFmpeg(track, url)
    }

    /// The audio format changes mid-stream (16 kHz mono, then 48 kHz stereo): the resampler is
    /// rebuilt without losing samples. The header's duration is a guess from the bit rate
    /// (88.8 s), which must not count against the limit.
    @Test func followsAFormatChangeMidStream() throws {
        let url = try TestMedia.url("format_change.mp3")
        let track = try AudioExtractor.extractMono16k(from: url, maxDurationSeconds: 30)
        #expect(abs(track.durationSeconds - TestMedia.speechSeconds) < 0.2)
        let cli = try FFmpegCLI.mono16k(url)
        #expect(track.samples.count == cli.count)
        #expect(Signal.correlation(track.samples, cli) > 0.9999)
    }

    /// Timestamps that jump 100000 s ahead in a file whose header says 25 s: silence stops at
    /// the header's end instead of filling 100000 s (6.4 GB), and no audio is lost.
    @Test func boundsSilenceAtTheDeclaredDuration() throws {
        let url = try TestMedia.url("timestamp_jump.mkv")
        let track = try AudioExtractor.extractMono16k(from: url, maxDurationSeconds: 900)
        let source = try WAVFile.read(TestMedia.url("speech.wav")).samples
        let beforeJump = Self.rate * 20
        #expect(Signal.mismatch(Array(track.samples[..<beforeJump]), Array(source[..<beforeJump])) == nil)
        // asetpts moves whole 1024-sample frames: the jump comes at 20.032 s.
        let afterJump = source.count - Self.rate * 201 / 10
        #expect(track.durationSeconds > 25 && track.durationSeconds < 25.1 + Double(afterJump) / Double(Self.rate))
        #expect(Signal.mismatch(Array(track.samples.suffix(afterJump)), Array(source.suffix(afterJump))) == nil)
    }

    private func expectSameAsTimestampedFFmpeg(_ track: AudioTrack, _ url: URL) throws {
        let cli = try FFmpegCLI.mono16k(url, audioFilter: "aresample=async=1:first_pts=0")
        #expect(track.samples.count == cli.count)
        let correlation = Signal.correlation(track.samples, cli)
        #expect(correlation > 0.9999, "correlation with the timestamped ffmpeg CLI decode: \(correlation)")
    }

    @Test(arguments: ["truncated_faststart.mp4", "truncated.webm", "truncated.avi"])
    func reportsTruncation(_ file: String) throws {
        let url = try TestMedia.url(file)
        let error = try #require(throws: MediaError.self) {
            try AudioExtractor.extractMono16k(from: url, maxDurationSeconds: 900)
        }
        guard case .truncated(let decoded, let expected) = error else {
            Issue.record("expected .truncated, got \(error)")
            return
        }
        // 40 % of the bytes: somewhere between a quarter and a half of the timeline.
        #expect(abs(expected - TestMedia.speechSeconds) < 0.1)
        #expect(decoded > 0.25 * expected && decoded < 0.5 * expected, "decoded \(decoded) of \(expected)")
        #expect(error.description.hasPrefix("Video file is truncated or corrupt (decoded "))
    }

    @Test(arguments: [
        ("truncated.mp4", MediaError.truncatedHeader(format: "QuickTime / MOV")),
        ("no_audio.mp4", .noAudioTrack),
        ("empty.mp4", .empty),
        ("no_frames.webm", .empty),
        ("text.mp4", .notAVideo(.formatNotRecognised)),
        ("random.mp4", .notAVideo(.formatNotRecognised)),
        ("hls_playlist.mp4", .notAVideo(.referencesOtherFiles)),
    ])
    func rejects(_ file: String, _ expected: MediaError) throws {
        let url = try TestMedia.url(file)
        #expect(throws: expected) { try AudioExtractor.extractMono16k(from: url, maxDurationSeconds: 900) }
    }

    @Test func rejectsVideoOverTheLimitBeforeDecoding() throws {
        let url = try TestMedia.url("h264_aac.mp4")
        let error = try #require(throws: MediaError.self) {
            try AudioExtractor.extractMono16k(from: url, maxDurationSeconds: 10)
        }
        guard case .tooLong(let duration, let limit) = error else {
            Issue.record("expected .tooLong, got \(error)")
            return
        }
        #expect(duration == (try MediaProbe.probe(url).durationSeconds) && limit == 10)
        #expect(error.description == "Video is longer than the limit (24.8 s > 10 s)")
    }

    @Test func concurrentExtractionsGiveTheSameResult() async throws {
        let files = ["h264_aac.mp4", "vp9_opus.webm", "mpeg4_mp3.avi", "h265_aac.mp4"]
        let urls = try files.map(TestMedia.url)
        let sequential = try urls.map { try AudioExtractor.extractMono16k(from: $0, maxDurationSeconds: nil) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, AudioTrack).self) { group in
            for (index, url) in urls.enumerated() {
                group.addTask { (index, try AudioExtractor.extractMono16k(from: url, maxDurationSeconds: nil)) }
            }
            var tracks = [AudioTrack?](repeating: nil, count: urls.count)
            for try await (index, track) in group { tracks[index] = track }
            return tracks
        }
        #expect(Signal.mismatch(concurrent.map { $0! }, sequential) == nil)
    }
}
