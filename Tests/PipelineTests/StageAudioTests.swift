import Foundation
import StageProtocol
import TestSupport
import Testing

/// StageAudio on real videos in every accepted container, and on broken files, run the way an
/// operator debugs a stage: `StageAudio --once <session-dir>`.
@Suite struct StageAudioTests {
    struct MediaJSON: Decodable {
        var container: String
        var duration_seconds: Double
        var has_audio: Bool
        var video_codec: String?
        var audio_codec: String?
        var width: Int?
        var height: Int?
    }

    func makeSession(_ files: [String], in root: URL) throws -> URL {
        let directory = root.appending(component: "session")
        try FileManager.default.createDirectory(at: directory.appending(component: "videos"), withIntermediateDirectories: true)
        var items: [SessionItem] = []
        for (offset, name) in files.enumerated() {
            let index = offset + 1
            let ext = (name as NSString).pathExtension
            try FileManager.default.copyItem(at: TestMedia.file(name), to: directory.appending(path: "videos/\(index).\(ext)"))
            items.append(SessionItem(index: index, positionID: index, question: "Q\(index)", source: name, videoExists: true))
        }
        items.append(SessionItem(index: files.count + 1, positionID: 99, question: "No video", source: nil, videoExists: false))
        let request = SessionRequest(id: .random(), candidateName: "A", language: .en, origin: .upload, items: items)
        try JSONCoding.write(request, to: directory.appending(component: SessionFile.request))
        return directory
    }

    func runOnce(_ directory: URL) throws -> ChildProcess {
        let child = try ChildProcess(TestPaths.executable("StageAudio"), arguments: ["--once", directory.path],
                                     environment: ProcessInfo.processInfo.environment, label: "audio-once")
        #expect(child.waitForExit(timeout: 120))
        return child
    }

    @Test func everyContainerGivesMediaInfoAndSixteenKilohertzAudio() throws {
        let root = try TestPaths.temporaryDirectory("audio-good")
        defer { try? FileManager.default.removeItem(at: root) }
        let videos = ["h264_aac.mp4", "h265_aac.mp4", "vp8_vorbis.webm", "vp9_opus.webm", "mpeg4_mp3.avi", "h264_aac.mov"]
        let expected: [(String, String, String)] = [("mp4", "h264", "aac"), ("mp4", "hevc", "aac"), ("webm", "vp8", "vorbis"),
                                                     ("webm", "vp9", "opus"), ("avi", "mpeg4", "mp3"), ("mov", "h264", "aac")]
        let directory = try makeSession(videos, in: root)
        let child = try runOnce(directory)
        #expect(child.process.terminationStatus == 0, Comment(rawValue: child.stderr))
        for (offset, (container, video, audio)) in expected.enumerated() {
            let index = offset + 1
            let media = try JSONCoding.read(MediaJSON.self, from: directory.appending(path: "media/\(index).json"))
            #expect(media.container.contains(container), Comment(rawValue: "\(videos[offset]): \(media.container)"))
            #expect(media.video_codec == video && media.audio_codec == audio, Comment(rawValue: videos[offset]))
            #expect(abs(media.duration_seconds - TestMedia.speechSeconds) < 1.0)
            #expect(media.width == 640 && media.height == 360)
            // 16-bit mono 16 kHz WAV: 44-byte header + 2 bytes per sample.
            let wav = try Data(contentsOf: directory.appending(path: "audio/\(index).wav"))
            #expect(wav.prefix(4) == Data("RIFF".utf8))
            let sampleRate = wav[24..<28].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            let channels = wav[22..<24].withUnsafeBytes { $0.loadUnaligned(as: UInt16.self) }
            #expect(sampleRate == 16000 && channels == 1)
            let seconds = Double(wav.count - 44) / 2 / 16000
            #expect(abs(seconds - TestMedia.speechSeconds) < 0.5, Comment(rawValue: "\(videos[offset]): \(seconds) s"))
            #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "errors/\(index).json").path))
        }
        let missing = try JSONCoding.read(ItemError.self, from: directory.appending(path: "errors/\(videos.count + 1).json"))
        #expect(missing.message == "No video was provided for question 99")
        let progress = try JSONCoding.read(ProgressReport.self, from: directory.appending(component: SessionFile.progress))
        #expect(progress.message == "Extracting audio from video..." && progress.stage == .audio)
    }

    @Test func brokenFilesAreItemErrorsAndTheRestGoesOn() throws {
        let root = try TestPaths.temporaryDirectory("audio-bad")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = ["text.mp4", "random.mp4", "truncated.mp4", "no_audio.mp4", "empty.mp4", "astronaut_png.mp4", "h264_aac.mp4", "truncated.webm"]
        let directory = try makeSession(files, in: root)
        let child = try runOnce(directory)
        #expect(child.process.terminationStatus == 0, Comment(rawValue: child.stderr))
        var messages: [String] = []
        for (offset, name) in files.enumerated() {
            let errorFile = directory.appending(path: "errors/\(offset + 1).json")
            if name == "h264_aac.mp4" {
                #expect(!FileManager.default.fileExists(atPath: errorFile.path), "the good video among bad ones is processed")
                #expect(FileManager.default.fileExists(atPath: directory.appending(path: "audio/\(offset + 1).wav").path))
                continue
            }
            let error = try JSONCoding.read(ItemError.self, from: errorFile)
            #expect(error.stage == .audio)
            #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "audio/\(offset + 1).wav").path))
            messages.append(error.message)
        }
        #expect(messages.filter { $0.localizedCaseInsensitiveContains("not a playable video") || $0.localizedCaseInsensitiveContains("not recognised") }.count >= 2,
                Comment(rawValue: "\(messages)"))
        #expect(messages.contains { $0.localizedCaseInsensitiveContains("no audio") })
        #expect(messages.contains { $0.localizedCaseInsensitiveContains("truncated") })
        #expect(messages.contains { $0.localizedCaseInsensitiveContains("empty") || $0.localizedCaseInsensitiveContains("zero") })
    }

    @Test func overLongVideosAreRefusedByTheConfiguredLimit() throws {
        let root = try TestPaths.temporaryDirectory("audio-long")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try makeSession(["h264_aac.mp4"], in: root)
        let child = try ChildProcess(TestPaths.executable("StageAudio"), arguments: ["--once", directory.path, "--max-video-seconds", "10"],
                                     environment: ProcessInfo.processInfo.environment, label: "audio-long")
        #expect(child.waitForExit(timeout: 60))
        let error = try JSONCoding.read(ItemError.self, from: directory.appending(path: "errors/1.json"))
        #expect(error.message.localizedCaseInsensitiveContains("longer than"), Comment(rawValue: error.message))
    }
}
