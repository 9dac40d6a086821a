import Foundation
import MediaKit
import Testing

@Suite struct VideoFrameReaderTests {
    /// counter.mp4: 3 s at 30 fps, 320x240, frame n uniformly of luma 16 + 2n (limited range),
    /// that is full-range gray 2n * 255/219.
    static func frameNumber(shownBy frame: VideoFrame) -> Int {
        let mean = Double(frame.pixels.reduce(0) { $0 + Int($1) }) / Double(frame.pixels.count)
        return Int((mean * 219 / 255 / 2).rounded())
    }

    static func read(_ file: String, _ options: VideoFrameReader.Options) throws -> [VideoFrame] {
        var frames: [VideoFrame] = []
        try VideoFrameReader(options: options).readFrames(from: TestMedia.url(file)) { frames.append($0) }
        return frames
    }

    @Test func deliversEveryFrameAtItsOwnTime() throws {
        let frames = try Self.read("counter.mp4", .init())
        #expect(frames.count == 90)
        for (n, frame) in frames.enumerated() {
            #expect(frame.width == 320 && frame.height == 240 && frame.pixelFormat == .gray8)
            #expect(abs(frame.timeSeconds - Double(n) / 30) < 1e-6 && frame.sourceTimeSeconds == frame.timeSeconds)
            #expect(Self.frameNumber(shownBy: frame) == n, "frame \(n)")
        }
    }

    /// Slot k at k/fps shows the latest source frame at or before it: frame floor(k * 30 / fps).
    /// counter.webm is the same video with timestamps rounded to milliseconds (frame 2 at 67 ms
    /// still counts as on slot 1 of 15 fps, at 66.7 ms).
    @Test(arguments: ["counter.mp4", "counter.webm"], [15.0, 12, 7.5, 60])
    func resamplesTheFrameRate(_ file: String, _ fps: Double) throws {
        let frames = try Self.read(file, .init(framesPerSecond: fps))
        let slots = Int((3 * fps).rounded(.up))  // slots before the end at 3 s
        #expect(frames.count == slots)
        for (k, frame) in frames.enumerated() {
            let shown = Int((Double(k) * 30 / fps + 1e-9).rounded(.down))
            #expect(abs(frame.timeSeconds - Double(k) / fps) < 1e-9)
            #expect(abs(frame.sourceTimeSeconds - Double(shown) / 30) < 0.0006)
            #expect(Self.frameNumber(shownBy: frame) == shown, "slot \(k)")
        }
    }

    /// Every codec decodes, at 15 fps across the whole video, and the first picture is the one
    /// the ffmpeg CLI decodes (full-range gray), pixel for pixel.
    @Test(arguments: PlayableVideo.all)
    func decodesEveryCodecLikeFFmpeg(_ video: PlayableVideo) throws {
        let frames = try Self.read(video.file, .init(framesPerSecond: 15, width: 640))
        let duration = try MediaProbe.probe(TestMedia.url(video.file)).durationSeconds
        #expect(abs(Double(frames.count) - duration * 15) <= 1.5, "\(frames.count) frames for \(duration) s")
        let first = try #require(frames.first)
        #expect(first.width == 640 && first.height == 360)
        let cli = try FFmpegCLI.firstFrame(TestMedia.url(video.file), filter: "scale=out_range=full", pixelFormat: "gray")
        #expect(Signal.mismatch(first.pixels, cli) == nil)
    }

    @Test func scalesAndConvertsToRGBLikeFFmpeg() throws {
        let gray = try #require(try Self.read("h264_aac.mp4", .init(framesPerSecond: 1, width: 320)).first)
        #expect(gray.width == 320 && gray.height == 180 && gray.pixels.count == 320 * 180)
        #expect(Signal.mismatch(gray.pixels, try FFmpegCLI.firstFrame(TestMedia.url("h264_aac.mp4"), filter: "scale=320:180:flags=bilinear:out_range=full", pixelFormat: "gray")) == nil)
        let rgb = try #require(try Self.read("h264_aac.mp4", .init(framesPerSecond: 1, width: 320, pixelFormat: .rgb24)).first)
        #expect(rgb.pixelFormat == .rgb24 && rgb.pixels.count == 320 * 180 * 3)
        #expect(Signal.mismatch(rgb.pixels, try FFmpegCLI.firstFrame(TestMedia.url("h264_aac.mp4"), filter: "scale=320:180:flags=bilinear", pixelFormat: "rgb24")) == nil)
    }

    /// Portrait phone video: stored landscape with a display rotation; delivered upright, as
    /// the ffmpeg CLI (which auto-rotates) shows it.
    @Test func turnsRotatedVideoUpright() throws {
        let frame = try #require(try Self.read("rotated.mp4", .init(framesPerSecond: 1)).first)
        #expect(frame.width == 360 && frame.height == 640)
        #expect(Signal.mismatch(frame.pixels, try FFmpegCLI.firstFrame(TestMedia.url("rotated.mp4"), filter: "scale=out_range=full", pixelFormat: "gray")) == nil)
    }

    /// 320x360 stored with 2:1 pixels is a 640x360 picture.
    @Test func appliesThePixelAspectRatio() throws {
        let full = try #require(try Self.read("anamorphic.mp4", .init(framesPerSecond: 1, pixelFormat: .rgb24)).first)
        #expect(full.width == 640 && full.height == 360)
        #expect(Signal.mismatch(full.pixels, try FFmpegCLI.firstFrame(TestMedia.url("anamorphic.mp4"), filter: "scale=640:360:flags=bilinear", pixelFormat: "rgb24")) == nil)
        let half = try #require(try Self.read("anamorphic.mp4", .init(framesPerSecond: 1, width: 320)).first)
        #expect(half.width == 320 && half.height == 180)
    }

    @Test func threadCountDoesNotChangeTheFrames() throws {
        let single = try Self.read("vp9_opus.webm", .init(framesPerSecond: 2, width: 160, threadCount: 1))
        let double = try Self.read("vp9_opus.webm", .init(framesPerSecond: 2, width: 160, threadCount: 2))
        #expect(single.count == 50 && Signal.mismatch(single, double) == nil)
    }

    @Test func stopsWhenTheCallerThrows() throws {
        struct Enough: Error {}
        var delivered = 0
        #expect(throws: Enough.self) {
            try VideoFrameReader(options: .init()).readFrames(from: TestMedia.url("counter.mp4")) { _ in
                delivered += 1
                if delivered == 3 { throw Enough() }
            }
        }
        #expect(delivered == 3)
    }

    /// Timestamps that jump 100000 s ahead in a file whose header says 25 s: the last frame
    /// before the jump fills the slots to 25 s, not 1.5 million slots to 100000 s.
    @Test func boundsSlotsAtTheDeclaredDuration() throws {
        let frames = try Self.read("timestamp_jump.mkv", .init(framesPerSecond: 15))
        #expect(frames.count == 375)
        #expect(abs((frames.last?.timeSeconds ?? 0) - 374.0 / 15) < 1e-9)
    }

    /// A cut-off file delivers what it has, then reports the truncation.
    @Test func reportsTruncationAfterTheFramesItHas() throws {
        var frames: [VideoFrame] = []
        let error = try #require(throws: MediaError.self) {
            try VideoFrameReader(options: .init(framesPerSecond: 5, width: 64))
                .readFrames(from: TestMedia.url("truncated_faststart.mp4")) { frames.append($0) }
        }
        guard case .truncated(let decoded, _) = error else {
            Issue.record("expected .truncated, got \(error)")
            return
        }
        #expect(frames.count > 20 && abs((frames.last?.timeSeconds ?? 0) - decoded) < 0.5)
    }

    @Test(arguments: [
        ("astronaut_png.mp4", MediaError.notAVideo(.stillImage)),
        ("speech.wav", .notAVideo(.noVideoStream)),
        ("text.mp4", .notAVideo(.formatNotRecognised)),
        ("truncated.mp4", .truncatedHeader(format: "QuickTime / MOV")),
    ])
    func rejects(_ file: String, _ expected: MediaError) throws {
        let url = try TestMedia.url(file)
        #expect(throws: expected) { try VideoFrameReader(options: .init()).readFrames(from: url) { _ in } }
    }
}
