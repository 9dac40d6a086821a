import Foundation
import StageProtocol
import TestSupport
import Testing

/// The whole system as `make run` starts it: `pipeline run` supervising the front door and one
/// process per deployed stage, driven over HTTP like a recruiter's client would.
@Suite(.serialized) struct EndToEndTests {
    final class System {
        let spool: TemporarySpool
        let port = freePort()
        let supervisor: ChildProcess

        init(environment extra: [String: String] = [:], arguments: [String] = []) throws {
            spool = try TemporarySpool("e2e")
            var env = spool.environment(extra: extra)
            env["PORT"] = "\(port)"
            env["HOST"] = "127.0.0.1"
            supervisor = try ChildProcess(TestPaths.executable("pipeline"), arguments: ["run", "--spool", spool.root.path] + arguments,
                                          environment: env, label: "pipeline")
            let up = waitUntil(timeout: 30) { (try? Curl.request(self.url("/"), timeout: 2))?.status == 200 }
            if !up { throw SpoolError.invalidSession("the system did not start: \(supervisor.stderr)") }
        }

        func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

        func upload(_ videos: [(String, String)], name: String = "Jane Smith") throws -> SessionID {
            var form = ["-F", "candidate_name=\(name)", "-F", "language=en"]
            for (file, question) in videos {
                form += ["-F", "videos=@\(TestMedia.file(file).path)", "-F", "question=\(question)"]
            }
            let reply = try Curl.request(url("/upload"), form)
            guard reply.status == 200, let id = SessionID(rawValue: reply.json["session_id"] as? String ?? "") else {
                throw SpoolError.invalidSession("upload refused: \(reply.status) \(reply.text)")
            }
            return id
        }

        /// Polls `/status` every 200 ms until the session leaves `processing`; returns the last
        /// answer and every distinct message seen on the way.
        func waitForCompletion(_ id: SessionID, timeout: Double = 180) throws -> (HTTPResult, [String]) {
            var messages: [String] = []
            var last = try Curl.request(url("/status/\(id)"))
            let deadline = Date().addingTimeInterval(timeout)
            while last.json["status"] as? String == "processing", Date() < deadline {
                if let message = last.json["message"] as? String, messages.last != message { messages.append(message) }
                usleep(200_000)
                last = try Curl.request(url("/status/\(id)"))
            }
            return (last, messages)
        }

        /// SIGTERM to the supervisor; true when it (and so every program it ran) has exited.
        func stop() -> Bool {
            supervisor.signal(SIGTERM)
            let stopped = supervisor.waitForExit(timeout: 60)
            spool.remove()
            return stopped
        }

        /// Pids of the supervisor's children.
        var childPids: [Int32] {
            let text = (try? String(contentsOfFile: "/proc/\(supervisor.pid)/task/\(supervisor.pid)/children", encoding: .utf8)) ?? ""
            return text.split(separator: " ").compactMap { Int32($0) }
        }
    }

    @Test func uploadTwoVideosPollToCompletedAndReadResults() throws {
        let system = try System()
        let id = try system.upload([("h264_aac.mp4", "Tell me about yourself"), ("vp9_opus.webm", "Why this position?")])
        let (status, messages) = try system.waitForCompletion(id)
        #expect(status.json["status"] as? String == "completed", Comment(rawValue: status.text + system.supervisor.stderr))
        #expect(status.json["redirect"] as? String == "halaman_dasboard.html?session=\(id)")
        let summary = try #require(status.json["result"] as? [String: Any])
        #expect(summary["success"] as? Bool == true && summary["successful_videos"] as? Int == 2 && summary["total_videos"] as? Int == 2)
        #expect(messages.contains { $0.hasPrefix("Transcribing video") || $0.contains("transcribe") }, Comment(rawValue: "\(messages)"))

        let results = try Curl.request(system.url("/results/\(id)"))
        #expect(results.status == 200)
        #expect(results.json["success"] as? Bool == true)
        #expect(results.json["name"] as? String == "Jane Smith")
        #expect(results.json["session"] as? String == id.rawValue)
        let content = try #require(results.json["content"] as? [[String: Any]])
        #expect(content.map { $0["question"] as? String } == ["Tell me about yourself", "Why this position?"])
        #expect(content.map { $0["id"] as? Int } == [1, 2])
        for item in content {
            let result = try #require(item["result"] as? [String: Any])
            let metadata = try #require(result["metadata"] as? [String: Any])
            #expect(abs((metadata["duration"] as? Double ?? 0) - TestMedia.speechSeconds) < 1)
            #expect((metadata["audio_file"] as? String)?.hasPrefix("audio/") == true)
            #expect(item["error"] == nil)
            // The joined LibriVox speech begins "and Mr. John Dashwood had then leisure…".
            let transcript = try #require(result["transkripsi_en"] as? String)
            #expect(transcript.contains("Dashwood"), Comment(rawValue: transcript))
            #expect((metadata["word_count"] as? Int ?? 0) > 50)
            let confidence = metadata["avg_confidence"] as? Double ?? -1
            #expect(confidence > 50 && confidence <= 100)
        }
        let metadata = try #require(results.json["metadata"] as? [String: Any])
        #expect(metadata["total_videos"] as? Int == 2 && metadata["successful_videos"] as? Int == 2 && metadata["failed_videos"] as? Int == 0)
        #expect(abs((metadata["total_duration_seconds"] as? Double ?? 0) - 2 * TestMedia.speechSeconds) < 2)
        #expect(metadata["processed_at"] as? String != nil)
        #expect((metadata["model"] as? String)?.hasPrefix("whisper-base") == true)
        // Integrity and delivery: the astronaut photo faces the camera throughout and one reader
        // speaks, so both answers are Safe, with the measurements behind it.
        for item in content {
            let result = try #require(item["result"] as? [String: Any])
            let cheating = try #require(result["cheating_detection"] as? [String: Any])
            let visual = try #require(cheating["visual"] as? [String: Any])
            let audio = try #require(cheating["audio"] as? [String: Any])
            #expect(cheating["final_verdict"] as? String == "Safe", Comment(rawValue: "\(cheating)"))
            #expect((visual["face_detected_percentage"] as? Double ?? 0) >= 95)
            #expect((visual["total_frames_analyzed"] as? Int ?? 0) > 300, "15 frames per second of a 24.7 s answer")
            #expect(audio["num_speakers_detected"] as? Int == 1)
            let nonVerbal = try #require(result["non_verbal_analysis"] as? [String: Any])
            let speech = try #require(nonVerbal["speech_analysis"] as? [String: Any])
            #expect((speech["speaking_ratio"] as? Double ?? 0) > 0.7, "the LibriVox reader speaks almost throughout")
            #expect((speech["speech_rate_wpm"] as? Double ?? 0) > 100)
            #expect(nonVerbal["facial_expression_analysis"] != nil && nonVerbal["eye_movement_analysis"] != nil)
            #expect(nonVerbal["performance_status"] as? String != nil)
        }
        let integrity = try #require(results.json["aggregate_cheating_detection"] as? [String: Any])
        #expect(integrity["final_aggregate_verdict"] as? String == "Safe" && integrity["risk_level"] as? String == "LOW")
        let delivery = try #require(results.json["aggregate_non_verbal_analysis"] as? [String: Any])
        #expect((delivery["summary"] as? String)?.hasPrefix("speaking ratio ") == true)
        // No chat endpoint and no translator are configured (the embedded defaults): the rubric
        // scorer fills the LLM fields and says so; the Indonesian field says why it is empty.
        let llm = try #require(results.json["llm_results"] as? [String: Any])
        #expect((llm["llm_model"] as? String)?.hasPrefix("rubric-scorer") == true)
        #expect(llm["scorer"] as? String == "rubric")
        for item in content {
            let result = try #require(item["result"] as? [String: Any])
            let penilaian = try #require(result["penilaian"] as? [String: Any])
            #expect(penilaian["scorer"] as? String == "rubric" && penilaian["rubric_evidence"] != nil)
            #expect((result["transkripsi_id"] as? String)?.hasPrefix("[Translation not available:") == true)
            let metadata = try #require(result["metadata"] as? [String: Any])
            #expect(metadata["translation_used"] as? Bool == false && metadata["deepl_used"] as? Bool == false)
        }
        // Every field of the API reference's example, with the same JSON types.
        let problems = SchemaCheck.differences(reference: try SchemaCheck.referenceExample(), actual: results.json)
        #expect(problems.isEmpty, Comment(rawValue: problems.joined(separator: "\n")))
        let history = Spool.history(of: system.spool.layout.doneSession(id))
        #expect(history.map(\.stage) == StageChain.deployed.filter { $0 >= StageChain.entry(for: .upload) }   // uploads skip download
                && history.allSatisfy { $0.outcome == .ok })
        #expect(system.stop(), "SIGTERM stops the whole system")
    }

    @Test func driveLinksAreDownloadedAndAssessed() throws {
        // A local server that behaves as Google Drive does (Drive cannot be reached from here):
        // the first file behind the virus-scan confirm page, the second not shared publicly.
        let shared = "1SharedFileAbCdEfGhIjKlMnOpQrStUv"
        let privateFile = "1PrivateFileAbCdEfGhIjKlMnOpQrStU"
        let video = try Data(contentsOf: TestMedia.file("h264_aac.mp4"))
        let drive = try FakeHTTPService { request in
            if request.path == "/uc?export=download&id=\(shared)" {
                let page = """
                    <!DOCTYPE html><html><head><title>Google Drive - Virus scan warning</title></head><body>
                    <form id="download-form" action="/download" method="get"><input type="hidden" name="id" value="\(shared)">
                    <input type="hidden" name="export" value="download"><input type="hidden" name="confirm" value="t"></form></body></html>
                    """
                return .init(status: 200, body: Data(page.utf8), contentType: "text/html")
            }
            if request.path.hasPrefix("/download?"), request.path.contains("confirm=t") {
                return .init(status: 200, body: video, contentType: "application/octet-stream")
            }
            return .init(status: 200, body: Data("<html><head><title>Sign-in</title></head><a href=\"https://accounts.google.com/ServiceLogin\">".utf8),
                         contentType: "text/html")
        }
        let system = try System(environment: ["GDRIVE_BASE_URL": drive.baseURL.absoluteString,
                                              "DOWNLOAD_ALLOW_PRIVATE_ADDRESSES": "1", "DOWNLOAD_ALLOW_HTTP": "1"])
        let body = """
            {"candidate_name": "Budi", "language": "en", "interviews": [
              {"positionId": 11, "question": "Tell me about yourself", "isVideoExist": true, "recordedVideoUrl": "https://drive.google.com/file/d/\(shared)/view"},
              {"positionId": 12, "question": "Why us?", "isVideoExist": true, "recordedVideoUrl": "https://drive.google.com/open?id=\(privateFile)"},
              {"positionId": 13, "question": "Anything else?", "isVideoExist": false, "recordedVideoUrl": ""}]}
            """
        let reply = try Curl.request(system.url("/upload_json"), ["-H", "Content-Type: application/json", "--data", body])
        let id = try #require(SessionID(rawValue: reply.json["session_id"] as? String ?? ""), Comment(rawValue: reply.text))
        let (status, messages) = try system.waitForCompletion(id)
        #expect(status.json["status"] as? String == "completed", Comment(rawValue: status.text + system.supervisor.stderr))
        let results = try Curl.request(system.url("/results/\(id)"))
        let content = try #require(results.json["content"] as? [[String: Any]])
        #expect(content.map { $0["id"] as? Int } == [11, 12, 13])
        let first = try #require(content[0]["result"] as? [String: Any])
        #expect((first["transkripsi_en"] as? String)?.contains("Dashwood") == true)
        #expect(((first["metadata"] as? [String: Any])?["video_file"] as? String) == "videos/1.mp4")
        let second = try #require(content[1]["error"] as? [String: Any])
        #expect(second["stage"] as? String == "download")
        #expect(second["message"] as? String == "Video 2: Google Drive file is not shared publicly: \(privateFile)")
        let third = try #require(content[2]["error"] as? [String: Any])
        #expect((third["message"] as? String)?.hasPrefix("No video was provided") == true)
        #expect(results.json["success"] as? Bool == true)
        #expect((results.json["metadata"] as? [String: Any])?["failed_videos"] as? Int == 2)
        #expect(drive.requests.contains { $0.path.contains("confirm=t") }, "the confirm form was followed")
        _ = messages
        #expect(system.stop())
    }

    @Test func aBadVideoFailsItsItemNotTheSession() throws {
        let system = try System()
        let id = try system.upload([("text.mp4", "Q1"), ("h264_aac.mov", "Q2")])
        let (status, _) = try system.waitForCompletion(id)
        #expect(status.json["status"] as? String == "completed", Comment(rawValue: status.text))
        let results = try Curl.request(system.url("/results/\(id)"))
        let content = try #require(results.json["content"] as? [[String: Any]])
        let error = try #require(content[0]["error"] as? [String: Any])
        #expect(error["stage"] as? String == "audio")
        #expect((error["message"] as? String)?.contains("not a playable video") == true)
        #expect(content[1]["error"] == nil)
        let metadata = try #require(results.json["metadata"] as? [String: Any])
        #expect(metadata["successful_videos"] as? Int == 1 && metadata["failed_videos"] as? Int == 1)
        #expect(system.stop())
    }

    @Test func theSupervisorRestartsACrashedStage() throws {
        let system = try System()
        var before: [Int32] = []
        #expect(waitUntil(timeout: 10) { before = system.childPids; return before.count == 1 + StageChain.deployed.count },
                "front door plus one process per deployed stage")
        let victim = try #require(before.last)
        kill(victim, SIGKILL)
        #expect(waitUntil(timeout: 20) { let now = system.childPids; return now.count == before.count && !now.contains(victim) },
                Comment(rawValue: system.supervisor.stderr))
        // The restarted stage still does its work.
        let id = try system.upload([("h264_aac.mp4", "Q1")])
        let (status, _) = try system.waitForCompletion(id)
        #expect(status.json["status"] as? String == "completed")
        #expect(system.stop())
    }
}
