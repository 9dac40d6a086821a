import Foundation
import MediaKit
import Testing

@Suite struct WAVFileTests {
    @Test func roundTripKeepsSamplesWithinHalfAStep() throws {
        let track = try AudioExtractor.extractMono16k(from: TestMedia.url("vp9_opus.webm"), maxDurationSeconds: nil)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mediakit-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: url) }
        try WAVFile.write(track, to: url)

        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
        #expect(size == 44 + 2 * track.samples.count)
        let back = try WAVFile.read(url)
        #expect(back.sampleRate == 16000 && back.samples.count == track.samples.count)
        let loudest: Float = 32767.0 / 32768.0
        let worst = zip(track.samples, back.samples).map { abs(min(max($0, -1), loudest) - $1) }.max() ?? 0
        #expect(worst <= 1 / 65536)
        // The ffmpeg CLI reads the file as this reader does.
        #expect(Signal.mismatch(try FFmpegCLI.mono16k(url), back.samples) == nil)
    }

    @Test func clipsOutOfRangeSamples() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mediakit-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: url) }
        try WAVFile.write(AudioTrack(samples: [-2, -1, 0, 0.5, 1, 2], sampleRate: 8000), to: url)
        let back = try WAVFile.read(url)
        let loudest: Float = 32767.0 / 32768.0
        #expect(back.samples == [-1, -1, 0, 0.5, loudest, loudest])
        #expect(back.sampleRate == 8000 && back.durationSeconds == 6.0 / 8000)
    }

    /// A WAV written by another tool (pocketsphinx-testdata's, with its own header layout).
    @Test func readsForeignWAVLikeFFmpeg() throws {
        let url = URL(fileURLWithPath: "/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav")
        let track = try WAVFile.read(url)
        #expect(track.sampleRate == 16000 && abs(track.durationSeconds - 2.99) < 0.001)
        #expect(Signal.mismatch(try FFmpegCLI.mono16k(url), track.samples) == nil)
    }

    @Test func rejectsOtherFiles() throws {
        let text = try TestMedia.url("text.mp4")
        #expect(throws: WAVFile.Error.malformed(path: text.path, reason: "no RIFF/WAVE header")) { try WAVFile.read(text) }
        let stereo = try TestMedia.url("stereo48k.wav")
        #expect(throws: WAVFile.Error.unsupportedFormat(path: stereo.path, format: "format tag 1, 2 channels, 16 bits")) {
            try WAVFile.read(stereo)
        }
        let missing = try TestMedia.directory().appendingPathComponent("missing.wav")
        let error = try #require(throws: WAVFile.Error.self) { try WAVFile.read(missing) }
        guard case .io(let path, _) = error else {
            Issue.record("expected .io, got \(error)")
            return
        }
        #expect(path == missing.path)
    }
}
