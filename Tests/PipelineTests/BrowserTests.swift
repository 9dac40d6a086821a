import Foundation
import StageProtocol
import TestSupport
import Testing

/// The recruiters' pages in a real browser: Debian's Chromium, headless, against the whole
/// system after it has assessed a real session (a face covered for two seconds in one answer,
/// a second face in the other). The DOM the pages build is read back (`--dump-dom`) and checked;
/// a screenshot of each page is written to `.cache/screenshots/` for a person to look at.
@Suite(.serialized) struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let screenshots = TestPaths.repositoryRoot.appending(path: ".cache/screenshots")
    static let hostileName = #"<img src=x onerror="document.title='pwned'">Siti"#

    /// Chromium's DOM of `url` after the page's scripts ran (virtual time lets fetches finish).
    func dom(_ url: String) throws -> String {
        try run(["--dump-dom", url]).stdout
    }

    func screenshot(_ url: String, name: String, width: Int = 1280, height: Int = 2400) throws {
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        let file = Self.screenshots.appending(component: "\(name).png")
        _ = try run(["--screenshot=\(file.path)", "--window-size=\(width),\(height)", url])
        #expect(FileManager.default.fileExists(atPath: file.path), "screenshot \(name)")
    }

    func run(_ arguments: [String]) throws -> (stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.chromium, "Debian's chromium is not installed (scripts/install-deps.sh)"))
        let profile = FileManager.default.temporaryDirectory.appending(component: "chromium-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: profile) }
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--user-data-dir=\(profile.path)", "--virtual-time-budget=15000", "--hide-scrollbars"] + arguments
        let out = Pipe()
        let err = FileManager.default.temporaryDirectory.appending(component: "chromium-\(UUID().uuidString.prefix(8)).log")
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: err) }
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// Elements whose opening tag has `class="…name…"`.
    func count(_ className: String, in html: String) -> Int {
        html.components(separatedBy: "<").filter { tag in
            guard let range = tag.range(of: "class=\"") else { return false }
            let value = tag[range.upperBound...].prefix { $0 != "\"" }
            return value.split(separator: " ").contains { $0 == className }
        }.count
    }

    /// The silent face video with the LibriVox reader under it, as a recorded answer.
    func withSpeech(_ video: String, in folder: URL) throws -> URL {
        let out = folder.appending(component: video)
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        ffmpeg.arguments = ["-hide_banner", "-loglevel", "error", "-y", "-i", TestMedia.face(video).path,
                            "-i", TestMedia.file("speech.wav").path, "-map", "0:v", "-map", "1:a", "-c:v", "copy",
                            "-c:a", "aac", "-shortest", out.path]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        try #require(ffmpeg.terminationStatus == 0)
        return out
    }

    @Test func theDashboardHistoryAndUploadPagesShowWhatTheSystemFound() throws {
        let system = try EndToEndTests.System()
        defer { _ = system.stop() }
        let folder = try TestPaths.temporaryDirectory("browser-media")
        defer { try? FileManager.default.removeItem(at: folder) }
        // --form-string: curl would read a value starting with "<" as a file name.
        var form = ["--form-string", "candidate_name=\(Self.hostileName)", "-F", "language=en"]
        for (video, question) in [("covered.mp4", "Tell me about a project you led."), ("second_face.mp4", "Why this job?")] {
            form += ["-F", "videos=@\(try withSpeech(video, in: folder).path)", "-F", "question=\(question)"]
        }
        let reply = try Curl.request(system.url("/upload"), form)
        let id = try #require(SessionID(rawValue: reply.json["session_id"] as? String ?? ""), Comment(rawValue: reply.text))
        let (status, _) = try system.waitForCompletion(id)
        try #require(status.json["status"] as? String == "completed", Comment(rawValue: status.text + system.supervisor.stderr))
        let results = try Curl.request(system.url("/results/\(id)"))
        let content = try #require(results.json["content"] as? [[String: Any]])
        let findings = content.reduce(0) { total, item in
            let cheating = (item["result"] as? [String: Any])?["cheating_detection"] as? [String: Any]
            let visual = ((cheating?["visual"] as? [String: Any])?["timeline"] as? [Any])?.count ?? 0
            let audio = ((cheating?["audio"] as? [String: Any])?["timeline"] as? [Any])?.count ?? 0
            return total + visual + audio
        }
        #expect(findings >= 2, "the covered face and the second face are findings")

        let dashboard = try dom(system.url("/halaman_dasboard.html?session=\(id)"))
        #expect(dashboard.contains("data-ready=\"true\""), Comment(rawValue: String(dashboard.prefix(3000))))
        #expect(count("timeline-band", in: dashboard) == findings, "one band per finding")
        #expect(count("question", in: dashboard) == 2)
        // The hostile name is text: escaped in the DOM, no <img> element made from it, no script ran.
        #expect(dashboard.contains("&lt;img src=x onerror="))
        #expect(!dashboard.contains("<img src=\"x\"") && !dashboard.contains("<img src=x"))
        #expect(!dashboard.contains("<title>pwned</title>"))
        let score = try #require((results.json["llm_results"] as? [String: Any])?["final_score_llm"] as? Double)
        #expect(dashboard.contains(String(format: "%.1f", score)), "the final score is shown")
        let verdict = try #require((results.json["aggregate_cheating_detection"] as? [String: Any])?["final_aggregate_verdict"] as? String)
        #expect(dashboard.contains(verdict))

        let history = try dom(system.url("/history.html"))
        #expect(history.contains("data-ready=\"true\""))
        #expect(history.contains("data-session=\"\(id)\""))
        #expect(history.contains("&lt;img src=x onerror="))
        let upload = try dom(system.url("/upload.html"))
        #expect(upload.contains("id=\"upload-form\""))

        try screenshot(system.url("/halaman_dasboard.html?session=\(id)"), name: "dashboard")
        try screenshot(system.url("/halaman_dasboard.html?session=\(id)"), name: "dashboard-phone", width: 390, height: 3200)
        try screenshot(system.url("/history.html"), name: "history")
        try screenshot(system.url("/upload.html"), name: "upload")
        print("screenshots: \(Self.screenshots.path)")
    }
}
