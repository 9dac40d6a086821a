import Foundation
import StageProtocol
import TestSupport
import Testing

/// The front door over real HTTP (the built executable, driven with curl).
@Suite(.serialized) final class FrontdoorAPITests {
    let spool: TemporarySpool
    let server: FrontdoorProcess
    let files: URL

    init() throws {
        spool = try TemporarySpool("frontdoor")
        server = try FrontdoorProcess(spool: spool, environment: ["MAX_VIDEO_BYTES": "\(2 * 1024 * 1024)",
                                                                  "DOWNLOAD_ALLOWED_HOSTS": "videos.example.org"])
        files = spool.root.appending(component: "files")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        for index in 1...6 {
            try Data(repeating: UInt8(index), count: 10_000 + index).write(to: files.appending(component: "v\(index).mp4"))
        }
        try Data(repeating: 7, count: 3 * 1024 * 1024).write(to: files.appending(component: "big.webm"))
    }

    deinit {
        server.stop()
        spool.remove()
    }

    func file(_ name: String) -> String { files.appending(component: name).path }

    func upload(_ form: [String]) throws -> HTTPResult {
        try Curl.request(server.url("/upload"), form.flatMap { ["-F", $0] })
    }

    var sessionsAnywhere: Int {
        spool.spool.depths().reduce(0) { $0 + $1.inbox + $1.work + $1.failed } + spool.spool.doneCount
    }

    var temporaryLeftovers: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: spool.layout.frontdoorTemporary.path)) ?? []).count
    }

    // MARK: /upload

    @Test func acceptedUploadIsPublishedWholeIntoTheAudioInbox() throws {
        let reply = try upload(["candidate_name=Jane Smith", "videos=@\(file("v1.mp4"))", "videos=@\(file("v2.mp4"))",
                                "question=Tell me about yourself", "question=Why this position?", "language=en"])
        #expect(reply.status == 200, Comment(rawValue: reply.text))
        let text = try #require(reply.json["session_id"] as? String)
        let id = try #require(SessionID(rawValue: text))
        #expect(reply.json["success"] as? Bool == true)
        #expect(reply.json["uploaded_videos"] as? Int == 2)
        #expect(reply.json["status_url"] as? String == "/status/\(id)")
        #expect(reply.json["message"] as? String == "Videos uploaded successfully. Processing started in background.")

        let directory = spool.layout.session(id, in: .audio, .inbox)
        let request = try JSONCoding.read(SessionRequest.self, from: directory.appending(component: SessionFile.request))
        #expect(request.candidateName == "Jane Smith" && request.language == .en && request.origin == .upload)
        #expect(request.items.map(\.question) == ["Tell me about yourself", "Why this position?"])
        #expect(request.items.map(\.source) == ["v1.mp4", "v2.mp4"])
        #expect(try Data(contentsOf: directory.appending(path: "videos/1.mp4")) == Data(contentsOf: files.appending(component: "v1.mp4")))
        #expect(try Data(contentsOf: directory.appending(path: "videos/2.mp4")) == Data(contentsOf: files.appending(component: "v2.mp4")))
        #expect(temporaryLeftovers == 0)

        let status = try Curl.request(server.url("/status/\(id)"))
        #expect(status.status == 200)
        #expect(status.json["status"] as? String == "processing")
        #expect(status.json["progress"] as? String == "0/2")
        #expect(status.json["total_videos"] as? Int == 2)
    }

    @Test func questionsAliasAndIndonesianAreAccepted() throws {
        let reply = try upload(["candidate_name=Budi", "videos=@\(file("v1.mp4"))", "questions=Ceritakan tentang diri Anda", "language=id"])
        #expect(reply.status == 200, Comment(rawValue: reply.text))
        let id = try #require(SessionID(rawValue: reply.json["session_id"] as? String ?? ""))
        let request = try JSONCoding.read(SessionRequest.self, from: spool.layout.session(id, in: .audio, .inbox).appending(component: SessionFile.request))
        #expect(request.language == .id && request.items.first?.question == "Ceritakan tentang diri Anda")
    }

    @Test func validationErrorsUseTheReferenceMessagesAndLeaveNothing() throws {
        let before = sessionsAnywhere
        let cases: [([String], Int, String)] = [
            (["candidate_name=A", "question=Q", "language=en"], 400, "No videos uploaded"),
            (["candidate_name=A", "videos=@\(file("v1.mp4"))", "videos=@\(file("v2.mp4"))", "videos=@\(file("v3.mp4"))",
              "question=Q1", "question=Q2", "language=en"], 400, "Number of questions (2) does not match number of videos (3)"),
            (["candidate_name=A", "videos=@\(file("v1.mp4"))", "question=Q1", "language=fr"], 400, "Invalid language code. Use 'en' or 'id'"),
            (["videos=@\(file("v1.mp4"))", "question=Q1", "language=en"], 400, "Candidate name is required"),
            (["candidate_name=   ", "videos=@\(file("v1.mp4"))", "question=Q1", "language=en"], 400, "Candidate name is required"),
            (["candidate_name=A", "videos=@\(file("v1.mp4"))", "question=Q1"], 400, "Invalid language code. Use 'en' or 'id'"),
            (["candidate_name=A", "language=en"] + (1...6).map { "videos=@\(file("v\($0).mp4"))" } + (1...6).map { "question=Q\($0)" },
             400, "Too many videos: at most 5 per session"),
            (["candidate_name=A", "videos=@\(file("big.webm"))", "question=Q1", "language=en"], 413, "Video file too large: big.webm exceeds the 2 MB limit"),
        ]
        for (form, status, detail) in cases {
            let reply = try upload(form)
            #expect(reply.status == status, Comment(rawValue: "\(form): \(reply.text)"))
            #expect(reply.detail == detail)
        }
        #expect(sessionsAnywhere == before, "a refused upload publishes nothing")
        #expect(temporaryLeftovers == 0, "a refused upload leaves no partial session")
    }

    @Test func nonMultipartAndMalformedBodiesAreClientErrors() throws {
        let json = try Curl.request(server.url("/upload"), ["-H", "Content-Type: application/json", "--data", "{}"])
        #expect(json.status == 415)
        let truncated = try Curl.request(server.url("/upload"), [
            "-H", "Content-Type: multipart/form-data; boundary=XyZ",
            "--data-binary", "--XyZ\r\nContent-Disposition: form-data; name=\"candidate_name\"\r\n\r\nA\r\n--XyZ\r\nContent-Disposition: form-data; name=\"videos\"; filename=\"a.mp4\"\r\n\r\nabc",
        ])
        #expect(truncated.status == 400)
        #expect(truncated.detail?.hasPrefix("Malformed multipart body") == true, Comment(rawValue: truncated.text))
        #expect(temporaryLeftovers == 0)
    }

    // MARK: /upload_json

    @Test func driveUploadInBothFormsWaitsForTheDownloadStage() throws {
        let id1 = "1AbCdEfGhIjKlMnOpQrStUvWxYz_-0123"
        let flat = """
        {"candidate_name": "Jane Smith", "language": "en", "interviews": [
          {"positionId": 7, "question": "Python?", "isVideoExist": true, "recordedVideoUrl": "https://drive.google.com/file/d/\(id1)/view"},
          {"positionId": 9, "question": "Async?", "isVideoExist": false, "recordedVideoUrl": ""}]}
        """
        let reply = try Curl.request(server.url("/upload_json"), ["-H", "Content-Type: application/json", "--data", flat])
        #expect(reply.status == 200, Comment(rawValue: reply.text))
        #expect(reply.json["message"] as? String == "Videos are being downloaded from Google Drive and processed in background")
        #expect(reply.json["uploaded_videos"] as? Int == 1)
        let id = try #require(SessionID(rawValue: reply.json["session_id"] as? String ?? ""))
        let request = try JSONCoding.read(SessionRequest.self, from: spool.layout.session(id, in: .download, .inbox).appending(component: SessionFile.request))
        #expect(request.items.map(\.positionID) == [7, 9])
        #expect(request.items.map(\.videoExists) == [true, false])
        let status = try Curl.request(server.url("/status/\(id)"))
        #expect(status.json["stage"] as? String == "download")
        #expect((status.json["message"] as? String)?.contains("Downloading video from Google Drive...") == true)

        let wrapped = """
        {"success": true, "language": "id", "data": {"candidate": {"name": "Budi", "email": "b@example.com"},
          "reviewChecklists": {"interviews": [{"positionId": 1, "question": "Q", "isVideoExist": true,
          "recordedVideoUrl": "https://drive.google.com/open?id=\(id1)"}]}}}
        """
        let second = try Curl.request(server.url("/upload_json"), ["-H", "Content-Type: application/json", "--data", wrapped])
        #expect(second.status == 200, Comment(rawValue: second.text))

        // A plain https URL is accepted only from a host on DOWNLOAD_ALLOWED_HOSTS.
        let allowed = #"{"candidate_name": "A", "language": "en", "interviews": [{"positionId": 1, "question": "Q", "isVideoExist": true, "recordedVideoUrl": "https://videos.example.org/answers/1.mp4"}]}"#
        let third = try Curl.request(server.url("/upload_json"), ["-H", "Content-Type: application/json", "--data", allowed])
        #expect(third.status == 200, Comment(rawValue: third.text))
    }

    @Test func driveUploadErrors() throws {
        let cases: [(String, String)] = [
            (#"{"candidate_name": "A", "interviews": [], "language": "en"}"#, "No interviews provided"),
            (#"{"candidate_name": "A", "interviews": [{"positionId": 1, "question": "Q", "isVideoExist": true, "recordedVideoUrl": "https://example.com/x.mp4"}], "language": "en"}"#,
             "Failed to extract file ID from URL: https://example.com/x.mp4"),
            (#"{"candidate_name": "A", "interviews": [{"positionId": 1, "question": "Q", "isVideoExist": true, "recordedVideoUrl": "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz_-0123/view"}], "language": "de"}"#,
             "Invalid language code. Use 'en' or 'id'"),
            (#"{"interviews": [], "language": "en"}"#, "Candidate name is required"),
        ]
        for (body, detail) in cases {
            let reply = try Curl.request(server.url("/upload_json"), ["-H", "Content-Type: application/json", "--data", body])
            #expect(reply.status == 400)
            #expect(reply.detail == detail)
        }
        let broken = try Curl.request(server.url("/upload_json"), ["-H", "Content-Type: application/json", "--data", "{not json"])
        #expect(broken.status == 400)
        #expect(broken.detail?.hasPrefix("Invalid JSON body") == true)
    }

    // MARK: status, results, health, docs

    @Test func unknownAndHostileIDsAreNotFound() throws {
        for path in ["/status/\(SessionID.random())", "/status/..%2F..%2Fetc", "/status/abc", "/status/35050A4F73D34D8F8818FB7A2BC3F5CD"] {
            let reply = try Curl.request(server.url(path))
            #expect(reply.status == 404, Comment(rawValue: path))
            #expect(reply.detail == "Session not found")
        }
        let missing = SessionID.random()
        let results = try Curl.request(server.url("/results/\(missing)"))
        #expect(results.status == 404)
        #expect(results.detail == "Results not found for session: \(missing)")
        let traversal = try Curl.request(server.url("/results/..%2F..%2Fetc%2Fpasswd"))
        #expect(traversal.status == 404)
    }

    /// A finding's snapshot is served from a finished session; names other than
    /// `<item>/<k>.jpg` never reach the filesystem, even when such a file exists.
    @Test func evidenceSnapshotsOfFinishedSessions() throws {
        let id = SessionID.random()
        let folder = spool.layout.doneSession(id).appending(path: "evidence/2")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: UInt8(0x42), count: 2000) + [0xFF, 0xD9])
        try jpeg.write(to: folder.appending(component: "1.jpg"))
        try Data("secret".utf8).write(to: folder.appending(component: "notes.txt"))
        try Data("secret".utf8).write(to: spool.layout.doneSession(id).appending(component: "session.json"))

        let reply = try Curl.request(server.url("/evidence/\(id)/2/1.jpg"))
        #expect(reply.status == 200 && reply.headers["content-type"] == "image/jpeg" && reply.body == jpeg)
        for path in ["/evidence/\(id)/2/2.jpg", "/evidence/\(id)/3/1.jpg", "/evidence/\(id)/2/notes.txt",
                     "/evidence/\(id)/02/1.jpg", "/evidence/\(id)/2/..%2F..%2Fsession.json", "/evidence/\(id)/..%2Fevidence/1.jpg",
                     "/evidence/\(SessionID.random())/2/1.jpg", "/evidence/abc/2/1.jpg"] {
            let refused = try Curl.request(server.url(path))
            #expect(refused.status == 404 && refused.detail == "Evidence not found", Comment(rawValue: path))
        }
    }

    @Test func healthListsEndpointsAndQueues() throws {
        let reply = try Curl.request(server.url("/"))
        #expect(reply.status == 200)
        #expect(reply.json["status"] as? String == "ok")
        #expect((reply.json["endpoints"] as? [String])?.contains("POST /upload") == true)
        let queues = try #require(reply.json["queues"] as? [[String: Any]])
        #expect(queues.map { $0["stage"] as? String } == Stage.allCases.map(\.rawValue))
    }

    @Test func openAPIDocumentAndDocsPages() throws {
        let spec = try Curl.request(server.url("/openapi.json"))
        #expect(spec.status == 200)
        #expect((spec.json["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = try #require(spec.json["paths"] as? [String: Any])
        for path in ["/upload", "/upload_json", "/status/{session_id}", "/results/{session_id}", "/evidence/{session_id}/{item}/{file}", "/"] {
            #expect(paths[path] != nil, Comment(rawValue: path))
        }
        for page in ["/docs", "/redoc"] {
            let reply = try Curl.request(server.url(page))
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(!reply.text.contains("https://"), "the docs pages load nothing from the internet")
        }
    }

    @Test func corsPreflightAndHeaders() throws {
        let preflight = try Curl.request(server.url("/upload"), ["-X", "OPTIONS", "-H", "Origin: http://localhost:5500",
                                                                  "-H", "Access-Control-Request-Method: POST",
                                                                  "-H", "Access-Control-Request-Headers: content-type"])
        #expect(preflight.status == 204)
        #expect(preflight.headers["access-control-allow-origin"] == "*")
        #expect(preflight.headers["access-control-allow-methods"]?.contains("POST") == true)
        let get = try Curl.request(server.url("/"), ["-H", "Origin: https://recruiter.example"])
        #expect(get.headers["access-control-allow-origin"] == "*")
        let error = try Curl.request(server.url("/status/nope"), ["-H", "Origin: https://recruiter.example"])
        #expect(error.headers["access-control-allow-origin"] == "*", "errors carry CORS headers too")
    }

    @Test func largeResponsesAreGzippedWhenAccepted() throws {
        let plain = try Curl.request(server.url("/openapi.json"))
        let gzipped = try Curl.request(server.url("/openapi.json"), ["-H", "Accept-Encoding: gzip"])
        #expect(plain.headers["content-encoding"] == nil)
        #expect(gzipped.headers["content-encoding"] == "gzip")
        #expect(gzipped.body.count < plain.body.count / 2)
        #expect(gzipped.body.prefix(2) == Data([0x1f, 0x8b]))
        let small = try Curl.request(server.url("/status/\(SessionID.random())"), ["-H", "Accept-Encoding: gzip"])
        #expect(small.headers["content-encoding"] == nil, "responses under 1 KB are not compressed")
    }
}
