#if canImport(Glibc)
import Glibc
#endif
import Foundation
import StageProtocol
import TestSupport
import Testing

/// The built `assess` executable against the real front door executable over a temporary spool.
/// No stage runs: the tests play the pipeline's part with the spool protocol itself.
@Suite(.serialized) final class AssessCommandTests {
    /// Low, so a refusal by the server can be provoked with a small file.
    static let maxVideoBytes = 1 << 20

    let spool: TemporarySpool
    let server: FrontdoorProcess
    let files: URL

    init() throws {
        spool = try TemporarySpool("assess")
        server = try FrontdoorProcess(spool: spool, environment: ["MAX_VIDEO_BYTES": "\(Self.maxVideoBytes)"])
        files = spool.root.appending(component: "files")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
    }

    deinit {
        server.stop()
        spool.remove()
    }

    var serverURL: String { server.url("") }
    let video1 = TestMedia.file("h264_aac.mp4")
    let video2 = TestMedia.file("counter.webm")

    var sessionsAnywhere: Int {
        spool.spool.depths().reduce(0) { $0 + $1.inbox + $1.work + $1.failed } + spool.spool.doneCount
    }

    func assess(_ arguments: [String]) throws -> AssessRun {
        try AssessProcess.run(arguments + ["--server", serverURL])
    }

    /// A finished session as the aggregate stage leaves it: session.json and results.json in done/.
    func makeFinishedSession(results: String? = nil) throws -> SessionID {
        let id = SessionID.random()
        let directory = spool.layout.doneSession(id)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let request = SessionRequest(id: id, candidateName: "Jane Smith", language: .en, origin: .upload, items: [
            SessionItem(index: 1, positionID: 1, question: "Tell me about yourself", source: "video1.mp4", videoExists: true),
            SessionItem(index: 2, positionID: 2, question: "Why this position?", source: "notes.mp4", videoExists: true),
        ])
        try JSONCoding.write(request, to: directory.appending(component: SessionFile.request))
        try Data((results ?? ResultsFixture.document(session: id)).utf8).write(to: directory.appending(component: SessionFile.results))
        return id
    }

    // MARK: submit

    @Test func submitStreamsBothVideosWithTheirQuestionsInOrder() throws {
        let questions = ["Tell me about yourself", "Mengapa posisi ini? Jelaskan — singkat ✓"]
        let run = try assess(["submit", "--no-wait", "--name", "Jane Smith", "--language", "en",
                              "\(video1.path):\(questions[0])", "\(video2.path):\(questions[1])"])
        #expect(run.status == 0, Comment(rawValue: run.stderr))
        let id = try #require(SessionID(rawValue: run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(spool.spool.waiting(in: StageChain.entry(for: .upload)) == [id])

        let directory = spool.layout.session(id, in: StageChain.entry(for: .upload), .inbox)
        let request = try JSONCoding.read(SessionRequest.self, from: directory.appending(component: SessionFile.request))
        #expect(request.candidateName == "Jane Smith" && request.language == .en && request.origin == .upload)
        #expect(request.items.map(\.question) == questions)
        #expect(request.items.map(\.source) == ["h264_aac.mp4", "counter.webm"])
        #expect(try Data(contentsOf: directory.appending(path: "videos/1.mp4")) == Data(contentsOf: video1))
        #expect(try Data(contentsOf: directory.appending(path: "videos/2.webm")) == Data(contentsOf: video2))

        // stderr is not a terminal here: progress comes as lines, the last one at 100 %.
        let progress = run.stderr.split(separator: "\n").filter { $0.hasPrefix("Uploading: ") }
        #expect(progress.last?.hasPrefix("Uploading: 100% (0.8/0.8 MB, ") == true, Comment(rawValue: run.stderr))
        #expect(progress.count <= 11)

        // $ASSESS_SERVER stands in for --server.
        let status = try AssessProcess.run(["status", id.rawValue], environment: ["ASSESS_SERVER": serverURL])
        #expect(status.status == 0, Comment(rawValue: status.stderr))
        #expect(status.stdoutLines.contains("Status: processing"))
        #expect(status.stdoutLines.contains("Stage: audio"))
        #expect(status.stdoutLines.contains("Progress: ░░░░░░░░░░ 0/2"))
    }

    @Test func driveLinksGoToUploadJSONAndTheDownloadStage() throws {
        let links = ["https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz_-0123/view",
                     "https://drive.google.com/open?id=1ZyXwVuTsRqPoNmLkJiHgFeDcBa_-9876"]
        let run = try assess(["submit", "--no-wait", "--name", "Budi", "--language", "id",
                              "\(links[0]):Ceritakan tentang diri Anda", "\(links[1]):Mengapa posisi ini?"])
        #expect(run.status == 0, Comment(rawValue: run.stderr))
        let id = try #require(SessionID(rawValue: run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(spool.spool.waiting(in: .download) == [id])
        let request = try JSONCoding.read(SessionRequest.self,
                                          from: spool.layout.session(id, in: .download, .inbox).appending(component: SessionFile.request))
        #expect(request.language == .id && request.origin == .download)
        #expect(request.items.map(\.positionID) == [1, 2])
        #expect(request.items.map(\.source) == links)
        #expect(request.items.map(\.question) == ["Ceritakan tentang diri Anda", "Mengapa posisi ini?"])

        let refused = try assess(["submit", "--no-wait", "--name", "Budi", "--language", "id", "https://example.com/x.mp4:Q"])
        #expect(refused.status == 1)
        #expect(refused.stderr == "error: Failed to extract file ID from URL: https://example.com/x.mp4\n")
    }

    @Test func badUsageExitsWithTwoAndSendsNothing() throws {
        let answer = "\(video1.path):Q"
        let missing = files.appending(component: "missing.mp4").path
        let cases: [([String], String)] = [
            (["--name", "A", "--language", "en"] + Array(repeating: answer, count: 6), "Give 1 to 5 answers"),
            (["--name", "A", "--language", "en"], "Give 1 to 5 answers"),
            (["--name", "A", "--language", "en", "\(missing):Q"], "No such file: \(missing)"),
            (["--name", "A", "--language", "en", files.path + ":Q"], "is a directory"),
            (["--name", "A", "--language", "fr", answer], "'fr' is invalid for '--language"),
            (["--name", "  ", "--language", "en", answer], "--name must not be blank"),
            (["--name", "A", "--language", "en", video1.path], "no question after a ':'"),
            (["--name", "A", "--language", "en", answer, "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz_-0123/view:Q2"],
             "Files and links cannot be mixed"),
        ]
        for (arguments, message) in cases {
            let run = try assess(["submit", "--no-wait"] + arguments)
            #expect(run.status == 2, Comment(rawValue: "\(arguments): \(run.stderr)"))
            #expect(run.stderr.contains(message), Comment(rawValue: run.stderr))
            #expect(run.stdout.isEmpty)
        }
        let notAnID = try assess(["results", "../../etc"])
        #expect(notAnID.status == 2 && notAnID.stderr.contains("is not a session id"))
        #expect(sessionsAnywhere == 0)
    }

    @Test func serverRefusalExitsWithOneAndItsDetail() throws {
        let big = files.appending(component: "big.mp4")
        try Data((0..<(3 * Self.maxVideoBytes)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }).write(to: big)
        let run = try assess(["submit", "--no-wait", "--name", "A", "--language", "en", "\(big.path):Q"])
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("error: Video file too large: big.mp4 exceeds the 1 MB limit\n"), Comment(rawValue: run.stderr))
        #expect(run.stdout.isEmpty)
        #expect(sessionsAnywhere == 0)

        let unknown = try assess(["results", SessionID.random().rawValue])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("error: Results not found for session: "))
    }

    // MARK: status and results

    @Test func resultsOfAFinishedSessionPrintTheReferenceSummary() throws {
        let id = try makeFinishedSession()
        let run = try assess(["results", id.rawValue])
        #expect(run.status == 0, Comment(rawValue: run.stderr))
        let lines = run.stdoutLines
        for expected in [
            "Candidate: Jane Smith", "Session: \(id)", "Total Videos: 2 (1 processed, 1 failed)",
            "📊 LLM Assessment:", " Final Score: 44.7/100", " Confidence: n/a (no logprobs)",
            " Scored by: rubric-scorer-v1 (no LLM configured)",
            " Verdict: Medium Risk", " Score: 8.1%", " Status: EXCELLENT", " Confidence: 91.6%",
            " Q1: LLM=44.7, Cheating=8.1%, verdict: Medium Risk", "     Tell me about yourself",
            " Q2: failed: Video 2: File is not a playable video (format not recognised)",
            "Dashboard: \(serverURL)/halaman_dasboard.html?session=\(id)",
        ] {
            #expect(lines.contains(expected), Comment(rawValue: "missing line \(expected) in:\n\(run.stdout)"))
        }

        let json = try assess(["results", id.rawValue, "--json"])
        #expect(json.status == 0)
        let printed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? NSDictionary
        let stored = try JSONSerialization.jsonObject(with: Data(contentsOf: spool.layout.doneSession(id).appending(component: SessionFile.results))) as? NSDictionary
        #expect(printed != nil && printed == stored)
        #expect(json.stdoutLines.count > 20, "pretty-printed, one value per line")

        let status = try assess(["status", id.rawValue])
        #expect(status.status == 0)
        #expect(status.stdoutLines.contains("Status: completed"))
        #expect(status.stdoutLines.contains("Videos: 2 (1 processed, 1 failed)"))
        #expect(status.stdoutLines.contains("Dashboard: \(serverURL)/halaman_dasboard.html?session=\(id)"))
    }

    /// Stages not deployed, items without results: every missing value prints as "—".
    @Test func missingFieldsPrintAsDashes() throws {
        let id = try makeFinishedSession(results: #"""
        {"name": "Jane Smith", "llm_results": {"final_score_llm": 81.25, "avg_logprobs_confidence": 89.24},
         "content": [{"id": 1, "question": "Q1", "result": {"penilaian": {"total_score": 81.25}}}, {"id": 2, "result": null}, "odd"]}
        """#)
        let run = try assess(["results", id.rawValue])
        #expect(run.status == 0, Comment(rawValue: run.stderr))
        for expected in [
            "Total Videos: —", " Final Score: 81.2/100", " Confidence: 89.2%", " Scored by: —",
            " Verdict: —", " Score: —", " Status: —", " Confidence: —",
            " Q1: LLM=81.2, Cheating=—, verdict: —", " Q2: LLM=—, Cheating=—, verdict: —", " Q3: LLM=—, Cheating=—, verdict: —",
        ] {
            #expect(run.stdoutLines.contains(expected), Comment(rawValue: "missing line \(expected) in:\n\(run.stdout)"))
        }
    }

    // MARK: following a session

    /// The brief's way: submit without waiting, finish the session by hand, then ask.
    @Test func aSubmittedSessionFinishedByHandIsReported() throws {
        let run = try assess(["submit", "--no-wait", "--name", "Jane Smith", "--language", "en",
                              "\(video1.path):Tell me about yourself", "\(video2.path):Why this position?"])
        let id = try #require(SessionID(rawValue: run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let inbox = spool.layout.session(id, in: StageChain.entry(for: .upload), .inbox)
        try Data(ResultsFixture.document(session: id).utf8).write(to: inbox.appending(component: SessionFile.results))
        try spool.spool.publish(inbox, id: id, to: nil)

        let status = try assess(["status", id.rawValue])
        #expect(status.status == 0 && status.stdoutLines.contains("Status: completed"), Comment(rawValue: status.stdout))
        let results = try assess(["results", id.rawValue])
        #expect(results.status == 0)
        #expect(results.stdoutLines.contains(" Final Score: 44.7/100"))
        #expect(results.stdoutLines.contains("Dashboard: \(serverURL)/halaman_dasboard.html?session=\(id)"))
    }

    /// `submit` without --no-wait, while the test plays the pipeline: a claim with progress,
    /// then done/ with results.json. The follower shows the progress and ends with the summary.
    @Test func submitFollowsTheSessionToItsSummary() throws {
        let child = try AssessProcess(["submit", "--name", "Jane Smith", "--language", "en", "--poll-seconds", "0.2",
                                       "--server", serverURL, "\(video1.path):Tell me about yourself", "\(video2.path):Why this position?"])
        let entry = StageChain.entry(for: .upload)
        #expect(waitUntil(timeout: 15) { !self.spool.spool.waiting(in: entry).isEmpty }, Comment(rawValue: child.stderr))
        let id = try #require(spool.spool.waiting(in: entry).first)
        let claim = try #require(try spool.spool.claim(id, stage: entry))
        try JSONCoding.write(ProgressReport(stage: entry, message: "Extracting audio from video...", current: 1, total: 2),
                             to: claim.directory.appending(component: SessionFile.progress))
        #expect(waitUntil(timeout: 10) { child.stdout.contains("1/2") }, Comment(rawValue: child.stdout))
        try Data(ResultsFixture.document(session: id).utf8).write(to: claim.directory.appending(component: SessionFile.results))
        try spool.spool.publish(claim.directory, id: id, to: nil)

        let run = child.finish(timeout: 10)
        #expect(run.status == 0, Comment(rawValue: run.stderr))
        let lines = run.stdoutLines
        #expect(lines.first == "Session ID: \(id)")
        #expect(lines.contains { $0.hasSuffix("] processing  audio  █████░░░░░ 1/2  Extracting audio from video...") }, Comment(rawValue: run.stdout))
        #expect(lines.contains { $0.hasSuffix("] completed  videos: 2 (1 processed, 1 failed)") }, Comment(rawValue: run.stdout))
        #expect(lines.contains("✅ Processing completed!"))
        #expect(lines.contains(" Q1: LLM=44.7, Cheating=8.1%, verdict: Medium Risk"))
        #expect(lines.last(where: { !$0.isEmpty }) == "Dashboard: \(serverURL)/halaman_dasboard.html?session=\(id)")
    }

    @Test func aSessionEndingInErrorExitsWithThree() throws {
        let child = try AssessProcess(["submit", "--name", "A", "--language", "en", "--poll-seconds", "0.2",
                                       "--server", serverURL, "\(video1.path):Q"])
        let entry = StageChain.entry(for: .upload)
        #expect(waitUntil(timeout: 15) { !self.spool.spool.waiting(in: entry).isEmpty }, Comment(rawValue: child.stderr))
        let id = try #require(spool.spool.waiting(in: entry).first)
        let claim = try #require(try spool.spool.claim(id, stage: entry))
        try spool.spool.fail(claim, message: "Disk quota exceeded while extracting audio", detail: nil)

        let run = child.finish(timeout: 10)
        #expect(run.status == 3)
        #expect(run.stderr.hasSuffix("error: session failed: Disk quota exceeded while extracting audio\n"), Comment(rawValue: run.stderr))
        #expect(run.stdoutLines.contains { $0.contains("] error  audio") })

        let status = try assess(["status", id.rawValue])
        #expect(status.status == 3)
        #expect(status.stdoutLines.contains("Error: Disk quota exceeded while extracting audio"))
    }
}

/// A video far larger than the client's memory budget is streamed, not loaded.
@Suite struct AssessStreamingTests {
    static let videoBytes = 200 * 1024 * 1024

    @Test func aLargeVideoIsStreamedWithFlatMemory() throws {
        let spool = try TemporarySpool("assess-stream")
        defer { spool.remove() }
        let server = try FrontdoorProcess(spool: spool)
        defer { server.stop() }
        let big = spool.root.appending(component: "big.mp4")
        #expect(FileManager.default.createFile(atPath: big.path, contents: nil) && truncate(big.path, off_t(Self.videoBytes)) == 0,
                "a sparse file: zeros that use no disk")

        let child = try AssessProcess(["submit", "--no-wait", "--name", "A", "--language", "en", "--server", server.url(""), "\(big.path):Q"])
        // VmHWM only grows: its last reading before the exit is the peak, or just under it.
        var peakBytes = 0
        while child.process.isRunning {
            let status = (try? String(contentsOfFile: "/proc/\(child.process.processIdentifier)/status", encoding: .utf8)) ?? ""
            let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
            peakBytes = max(peakBytes, (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024)
            usleep(10_000)
        }
        let run = child.finish(timeout: 25)
        #expect(run.status == 0, Comment(rawValue: run.stderr))
        let id = try #require(SessionID(rawValue: run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let stored = spool.layout.session(id, in: StageChain.entry(for: .upload), .inbox).appending(path: "videos/1.mp4")
        #expect((try FileManager.default.attributesOfItem(atPath: stored.path)[.size] as? NSNumber)?.intValue == Self.videoBytes)
        #expect(peakBytes > 0 && peakBytes < 100 * 1024 * 1024, "peak RSS \(peakBytes / 1_048_576) MB for a \(Self.videoBytes / 1_048_576) MB upload")
        let steps = run.stderr.split(separator: "\n").filter { $0.hasPrefix("Uploading: ") }
        #expect(steps.count == 10, "a line every 10 %: \(steps)")
    }
}
