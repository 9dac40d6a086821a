import Foundation
import StageProtocol
import TestSupport
import Testing

/// The cheat, nonverbal and aggregate stages, run with `--once` on session directories of real
/// videos made from real photos (scripts/make-face-media.sh: the face covered, a second smaller
/// face composited, eyes closed at known times, in several sizes, positions and lightings) with
/// real speech under them (LibriVox; for a second voice, an an4 speaker's 3.5 s answer).
@Suite struct StageCheatTests {
    struct Answer {
        var video: String
        var audio: URL
    }

    /// A session directory with `videos/<n>.mp4` and `audio/<n>.wav` as the audio stage leaves them.
    func session(_ answers: [Answer], root: URL, name: String) throws -> URL {
        let directory = root.appending(component: name)
        for folder in ["videos", "audio"] {
            try FileManager.default.createDirectory(at: directory.appending(component: folder), withIntermediateDirectories: true)
        }
        var items: [SessionItem] = []
        for (offset, answer) in answers.enumerated() {
            let index = offset + 1
            try FileManager.default.copyItem(at: TestMedia.face(answer.video), to: directory.appending(path: "videos/\(index).mp4"))
            try FileManager.default.copyItem(at: answer.audio, to: directory.appending(path: "audio/\(index).wav"))
            items.append(SessionItem(index: index, positionID: index, question: "Q\(index)", source: answer.video, videoExists: true))
        }
        try JSONCoding.write(SessionRequest(id: .random(), candidateName: "A", language: .en, origin: .upload, items: items),
                             to: directory.appending(component: SessionFile.request))
        return directory
    }

    func run(_ executable: String, on directory: URL) throws {
        let child = try ChildProcess(TestPaths.executable(executable), arguments: ["--once", directory.path],
                                     environment: ProcessInfo.processInfo.environment, label: executable)
        #expect(child.waitForExit(timeout: 300))
        #expect(child.process.terminationStatus == 0, Comment(rawValue: child.stderr))
    }

    /// LibriVox, then an an4 speaker's card answer (3.5 s): two voices.
    func twoVoices(in root: URL) throws -> URL {
        let out = root.appending(component: "two_voices.wav")
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        ffmpeg.arguments = ["-hide_banner", "-loglevel", "error", "-y", "-i", TestMedia.file("speech.wav").path,
                            "-i", "/usr/share/pocketsphinx/test/data/cards/005.wav",
                            "-filter_complex", "concat=n=2:v=0:a=1", "-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le", out.path]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        return out
    }

    struct Cheat: Decodable {
        struct Visual: Decodable {
            var total_frames_analyzed: Int
            var suspicious_frames: Int
            var suspicious_percentage: Double
            var face_detected_percentage: Double
            var verdict: String
            var issues_detected: [String]
            var timeline: [Finding]
        }
        struct Audio: Decodable {
            var num_speakers_detected: Int
            var verdict: String
            var timeline: [Finding]
        }
        struct Finding: Decodable {
            var indicator: String
            var start_s: Double
            var end_s: Double
            var measure: String
            var peak: Double
            var snapshot: String?
        }
        var visual: Visual
        var audio: Audio?
        var final_verdict: String
        var cheating_score: Double
    }

    func cheat(_ directory: URL, _ index: Int) throws -> Cheat {
        try JSONCoding.read(Cheat.self, from: directory.appending(path: "cheat/\(index).json"))
    }

    /// The one finding of `indicator`, checked against the known interval (within 0.5 s), with
    /// a JPEG snapshot of its first frame.
    func expectInterval(_ cheat: Cheat, _ indicator: String, _ known: ClosedRange<Double>, in directory: URL,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        let findings = cheat.visual.timeline.filter { $0.indicator == indicator }
        #expect(findings.count == 1, "\(cheat.visual.timeline)", sourceLocation: sourceLocation)
        let finding = try #require(findings.first, sourceLocation: sourceLocation)
        #expect(abs(finding.start_s - known.lowerBound) <= 0.5 && abs(finding.end_s - known.upperBound) <= 0.5,
                "\(indicator) \(finding.start_s)–\(finding.end_s) s, known \(known)", sourceLocation: sourceLocation)
        let snapshot = try #require(finding.snapshot, sourceLocation: sourceLocation)
        let jpeg = try Data(contentsOf: directory.appending(path: snapshot))
        #expect(jpeg.starts(with: [0xFF, 0xD8, 0xFF]) && jpeg.count > 2000, sourceLocation: sourceLocation)
    }

    @Test func findingsWithTheirIntervalsAndSnapshotsThenDeliveryAndTheSessionSummary() throws {
        let root = try TestPaths.temporaryDirectory("cheat")
        defer { try? FileManager.default.removeItem(at: root) }
        let speech = TestMedia.file("speech.wav")
        let directory = try session([
            Answer(video: "clean.mp4", audio: speech),
            Answer(video: "covered.mp4", audio: speech),
            Answer(video: "second_face.mp4", audio: try twoVoices(in: root)),
            Answer(video: "blink.mp4", audio: speech),
        ], root: root, name: "session")
        try run("StageCheat", on: directory)

        let clean = try cheat(directory, 1)
        #expect(clean.visual.verdict == "Safe" && clean.visual.timeline.isEmpty, "\(clean.visual.timeline)")
        #expect(clean.visual.face_detected_percentage >= 95)
        #expect(clean.visual.total_frames_analyzed >= 148 && clean.visual.total_frames_analyzed <= 152, "10 s at 15 fps")
        #expect(clean.audio?.num_speakers_detected == 1 && clean.final_verdict == "Safe")

        let covered = try cheat(directory, 2)
        try expectInterval(covered, "face_missing", 4.0...6.0, in: directory)
        #expect(covered.visual.timeline.count == 1)
        #expect(abs(covered.visual.suspicious_percentage - 20) <= 5 && covered.final_verdict != "Safe")
        #expect(covered.visual.issues_detected.first?.hasPrefix("Face not visible: ") == true)

        let second = try cheat(directory, 3)
        try expectInterval(second, "multiple_faces", 3.0...7.0, in: directory)
        #expect(second.audio?.num_speakers_detected == 2 && second.audio?.verdict == "High Risk")
        // The an4 answer follows the 24.73 s of LibriVox.
        let voice = try #require(second.audio?.timeline.first)
        #expect(voice.indicator == "second_voice" && abs(voice.start_s - 24.73) < 1.0, "\(voice)")
        #expect(second.final_verdict == "High Risk")

        try run("StageNonVerbal", on: directory)
        struct NonVerbal: Decodable {
            struct Eyes: Decodable { var total_blinks: Int; var blink_times: [Double] }
            struct Speech: Decodable { var speaking_ratio: Double; var num_pauses: Int }
            var eye_movement_analysis: Eyes?
            var speech_analysis: Speech?
            var performance_status: String
        }
        let blink = try JSONCoding.read(NonVerbal.self, from: directory.appending(path: "nonverbal/4.json"))
        let eyes = try #require(blink.eye_movement_analysis)
        #expect(abs(eyes.total_blinks - 6) <= 1, "blinks at \(eyes.blink_times); closed at 1.0, 2.5, 4.0, 5.5, 7.0, 8.5 s")
        let still = try JSONCoding.read(NonVerbal.self, from: directory.appending(path: "nonverbal/1.json"))
        #expect(still.eye_movement_analysis?.total_blinks == 0, "the clean video's eyes never close")
        #expect((still.speech_analysis?.speaking_ratio ?? 0) > 0.7)

        // The answers without a transcript still get their session summary.
        try run("StageAggregate", on: directory)
        struct Results: Decodable {
            struct Aggregate: Decodable {
                struct Issue: Decodable { var question_number: Int }
                var questions_with_issues: [Issue]
                var final_aggregate_verdict: String
                var summary: String
            }
            var aggregate_cheating_detection: Aggregate
        }
        let results = try JSONCoding.read(Results.self, from: directory.appending(component: SessionFile.results))
        let flagged = results.aggregate_cheating_detection.questions_with_issues.map(\.question_number)
        #expect(flagged.contains(2) && flagged.contains(3) && !flagged.contains(1), "\(flagged)")
        #expect(results.aggregate_cheating_detection.final_aggregate_verdict == "High Risk", "a second voice")
        #expect(results.aggregate_cheating_detection.summary.hasPrefix("Analyzed 4 question(s)."))
    }

    /// Other sizes, positions and lightings: a far, dark face with a second one beside it; a
    /// close, bright, mirrored face covered by a dark box; a side-lit face with a 60 px second face.
    @Test func findingsHoldAcrossSizesPositionsAndLighting() throws {
        let root = try TestPaths.temporaryDirectory("cheat-variants")
        defer { try? FileManager.default.removeItem(at: root) }
        let speech = TestMedia.file("speech.wav")
        let directory = try session([
            Answer(video: "far_dark_second_face.mp4", audio: speech),
            Answer(video: "near_bright_covered.mp4", audio: speech),
            Answer(video: "side_lit_second_face.mp4", audio: speech),
        ], root: root, name: "variants")
        try run("StageCheat", on: directory)
        let far = try cheat(directory, 1)
        try expectInterval(far, "multiple_faces", 2.0...5.0, in: directory)
        #expect(!far.visual.timeline.contains { $0.indicator == "face_missing" }, "\(far.visual.timeline)")
        let near = try cheat(directory, 2)
        try expectInterval(near, "face_missing", 5.0...6.5, in: directory)
        let side = try cheat(directory, 3)
        try expectInterval(side, "multiple_faces", 1.5...4.5, in: directory)
        for result in [far, near, side] { #expect(result.visual.face_detected_percentage >= 80) }
    }
}
