import Foundation
import StageProtocol
import TestSupport
import Testing

/// The endpoints behind the recruiters' pages, over real HTTP against the built front door: the
/// answer video with range requests, the history list, reviewer notes, the limits, the pages.
@Suite(.serialized) final class WebRoutesTests {
    let spool: TemporarySpool
    let server: FrontdoorProcess
    let id: SessionID
    let video: Data

    init() throws {
        spool = try TemporarySpool("web")
        server = try FrontdoorProcess(spool: spool, environment: ["MAX_VIDEOS": "4"])
        video = try Data(contentsOf: TestMedia.file("h264_aac.mp4"))
        // A finished session: the request, one real video, and a results document.
        id = SessionID.random()
        let directory = spool.layout.frontdoorTemporary.appending(component: id.rawValue)
        try FileManager.default.createDirectory(at: directory.appending(component: "videos"), withIntermediateDirectories: true)
        try video.write(to: directory.appending(path: "videos/1.mp4"))
        let request = SessionRequest(id: id, candidateName: "Siti <img src=x onerror=alert(1)>", language: .en, origin: .upload,
                                     items: [SessionItem(index: 1, positionID: 7, question: "Q", source: "a.mp4", videoExists: true)])
        try JSONCoding.write(request, to: directory.appending(component: SessionFile.request))
        let results = #"{"success": true, "name": "Siti", "llm_results": {"final_score_llm": 61.5}, "aggregate_cheating_detection": {"final_aggregate_verdict": "Medium Risk"}, "aggregate_non_verbal_analysis": {"overall_performance_status": "GOOD"}, "content": [{"id": 7, "question": "Q"}]}"#
        try Data(results.utf8).write(to: directory.appending(component: SessionFile.results))
        try spool.spool.publish(directory, id: id, to: nil)
        // And one still waiting for the audio stage.
        try spool.publishSession(to: .audio, candidate: "Budi Santoso")
    }

    deinit {
        server.stop()
        spool.remove()
    }

    @Test func theVideoIsServedWithRangeRequests() throws {
        let whole = try Curl.request(server.url("/videos/\(id)/1"))
        #expect(whole.status == 200)
        #expect(whole.headers["accept-ranges"] == "bytes")
        #expect(whole.headers["content-type"] == "video/mp4")
        #expect(whole.body == video)

        let part = try Curl.request(server.url("/videos/\(id)/1"), ["-H", "Range: bytes=100-1099"])
        #expect(part.status == 206)
        #expect(part.headers["content-range"] == "bytes 100-1099/\(video.count)")
        #expect(part.body == video[100...1099])
        let tail = try Curl.request(server.url("/videos/\(id)/1"), ["-H", "Range: bytes=-500"])
        #expect(tail.status == 206)
        #expect(tail.headers["content-range"] == "bytes \(video.count - 500)-\(video.count - 1)/\(video.count)")
        #expect(tail.body == video.suffix(500))
        let beyond = try Curl.request(server.url("/videos/\(id)/1"), ["-H", "Range: bytes=\(video.count + 10)-"])
        #expect(beyond.status == 416)
        #expect(beyond.headers["content-range"] == "bytes */\(video.count)")

        for path in ["/videos/\(id)/2", "/videos/\(id)/01", "/videos/\(id)/..%2Fsession.json", "/videos/not-an-id/1"] {
            #expect(try Curl.request(server.url(path)).status == 404, "\(path)")
        }
    }

    @Test func historyListsEverySessionAndSearchesByName() throws {
        let all = try Curl.request(server.url("/sessions"))
        #expect(all.status == 200)
        let rows = try #require(all.json["sessions"] as? [[String: Any]])
        #expect(rows.count == 2)
        let done = try #require(rows.first { $0["session_id"] as? String == id.rawValue })
        #expect(done["status"] as? String == "completed")
        #expect(done["final_score_llm"] as? Double == 61.5)
        #expect(done["verdict"] as? String == "Medium Risk")
        #expect(done["performance_status"] as? String == "GOOD")
        let waiting = try #require(rows.first { $0["candidate_name"] as? String == "Budi Santoso" })
        #expect(waiting["status"] as? String == "processing" && waiting["stage"] as? String == "audio")
        #expect(waiting["final_score_llm"] is NSNull)
        let found = try Curl.request(server.url("/sessions?q=budi"))
        #expect((found.json["sessions"] as? [[String: Any]])?.map { $0["candidate_name"] as? String } == ["Budi Santoso"])
    }

    @Test func aReviewIsStoredBesideTheResultsAndValidated() throws {
        func post(_ body: String) throws -> HTTPResult {
            try Curl.request(server.url("/results/\(id)/review"), ["-H", "Content-Type: application/json", "--data", body])
        }
        let good = #"{"reviewer": "Rina", "overall_comment": "Solid.", "questions": [{"id": 7, "score": 70, "comment": "Clear example", "dismissed_findings": [{"indicator": "face_missing", "start_s": 4.0, "reason": "The candidate bent down to plug in the charger"}]}]}"#
        let saved = try post(good)
        #expect(saved.status == 200, Comment(rawValue: saved.text))
        #expect(saved.json["updated_at"] as? String != nil)
        let results = try Curl.request(server.url("/results/\(id)"))
        let review = try #require(results.json["review"] as? [String: Any])
        #expect(review["reviewer"] as? String == "Rina")
        #expect(results.json["llm_results"] as? [String: Any] != nil, "the machine's results stay as they were")
        let question = try #require((review["questions"] as? [[String: Any]])?.first)
        #expect(question["score"] as? Double == 70)
        let onDisk = spool.layout.doneSession(id)
        #expect(FileManager.default.fileExists(atPath: onDisk.appending(component: "reviews.json").path))
        #expect(try String(contentsOf: onDisk.appending(component: SessionFile.results), encoding: .utf8).contains("review") == false)

        let cases: [(String, String)] = [
            (#"{"reviewer": "", "questions": []}"#, "Reviewer name is required"),
            (#"{"reviewer": "R", "questions": [{"id": 8, "score": 50}]}"#, "No question 8 in this session"),
            (#"{"reviewer": "R", "questions": [{"id": 7, "score": 150}]}"#, "Score of question 7 must be between 0 and 100"),
            (#"{"reviewer": "R", "questions": [{"id": 7, "dismissed_findings": [{"indicator": "face_missing", "start_s": 1, "reason": " "}]}]}"#,
             "Dismissing a finding needs a reason (question 7)"),
        ]
        for (body, detail) in cases {
            let reply = try post(body)
            #expect(reply.status == 400)
            #expect(reply.detail == detail)
        }
        #expect(try post("{nope").status == 400)
        let unknown = try Curl.request(server.url("/results/\(SessionID.random())/review"), ["-H", "Content-Type: application/json", "--data", good])
        #expect(unknown.status == 404)
        // The log keeps every saved version.
        _ = try post(good)
        let log = try String(contentsOf: onDisk.appending(component: "reviews.jsonl"), encoding: .utf8)
        #expect(log.split(separator: "\n").count == 2)
    }

    @Test func pagesAndTheirFilesAreServedWithoutAnythingFromOutside() throws {
        for page in ["/upload.html", "/halaman_dasboard.html", "/history.html"] {
            let reply = try Curl.request(server.url(page))
            #expect(reply.status == 200, "\(page)")
            #expect(reply.headers["content-security-policy"]?.hasPrefix("default-src 'self'") == true)
            #expect(!reply.text.contains("http://") && !reply.text.contains("https://"), "\(page) loads nothing from outside")
        }
        #expect(try Curl.request(server.url("/web/app.css")).status == 200)
        #expect(try Curl.request(server.url("/web/..%2Fopenapi.json")).status == 404)
        #expect(try Curl.request(server.url("/web/nothing.js")).status == 404)
        let config = try Curl.request(server.url("/config"))
        #expect(config.json["max_videos"] as? Int == 4)
        #expect(config.json["max_video_bytes"] as? Int == 500 * 1024 * 1024)
    }
}
