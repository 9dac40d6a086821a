import Foundation
import StageProtocol
import TestSupport
import Testing

/// `external_id`, an applicant-tracking system's candidate id: accepted by both upload routes,
/// checked, stored in session.json, shown by `/status` and `/sessions`, and carried by the
/// aggregate stage to the top of results.json.
@Suite(.serialized) final class ExternalIDTests {
    let spool: TemporarySpool
    let server: FrontdoorProcess
    let video: URL

    init() throws {
        spool = try TemporarySpool("external-id")
        server = try FrontdoorProcess(spool: spool)
        video = spool.root.appending(component: "v.mp4")
        try Data(repeating: 1, count: 2000).write(to: video)
    }

    deinit {
        server.stop()
        spool.remove()
    }

    func uploadJSON(_ externalID: String) throws -> HTTPResult {
        let body = """
        {"candidate_name": "Budi", "language": "id", "external_id": \(externalID), "interviews": [{"positionId": 1, "question": "Q",
         "isVideoExist": true, "recordedVideoUrl": "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz_-0123/view"}]}
        """
        return try Curl.request(server.url("/upload_json"), ["-H", "Content-Type: application/json", "--data", body])
    }

    func request(_ reply: HTTPResult, in stage: Stage) throws -> SessionRequest {
        let id = try #require(SessionID(rawValue: reply.json["session_id"] as? String ?? ""), Comment(rawValue: reply.text))
        return try JSONCoding.read(SessionRequest.self, from: spool.layout.session(id, in: stage, .inbox).appending(component: SessionFile.request))
    }

    var sessionsAnywhere: Int {
        spool.spool.depths().reduce(0) { $0 + $1.inbox + $1.work + $1.failed } + spool.spool.doneCount
    }

    @Test func uploadStoresItAndStatusAndHistoryShowIt() throws {
        let reply = try Curl.request(server.url("/upload"), ["-F", "candidate_name=Jane", "-F", "language=en", "-F", "question=Q",
                                                             "-F", "videos=@\(video.path)", "-F", "external_id= ATS-2024/00017 "])
        #expect(reply.status == 200, Comment(rawValue: reply.text))
        let stored = try request(reply, in: .audio)
        #expect(stored.externalID == "ATS-2024/00017", "surrounding spaces removed, the rest as sent")
        let status = try Curl.request(server.url("/status/\(stored.id)"))
        #expect(status.json["external_id"] as? String == "ATS-2024/00017")
        let history = try Curl.request(server.url("/sessions"))
        let rows = try #require(history.json["sessions"] as? [[String: Any]])
        #expect(rows.first { $0["session_id"] as? String == stored.id.rawValue }?["external_id"] as? String == "ATS-2024/00017")

        let without = try Curl.request(server.url("/upload"), ["-F", "candidate_name=Jane", "-F", "language=en", "-F", "question=Q",
                                                               "-F", "videos=@\(video.path)"])
        let plain = try request(without, in: .audio)
        #expect(plain.externalID == nil)
        let data = try Data(contentsOf: spool.layout.session(plain.id, in: .audio, .inbox).appending(component: SessionFile.request))
        #expect(!String(decoding: data, as: UTF8.self).contains("external_id"), "absent, not null, when not given")
        #expect(try Curl.request(server.url("/status/\(plain.id)")).json["external_id"] == nil)
    }

    @Test func uploadJSONStoresItAndTakesANumberAsItsDigits() throws {
        let text = try uploadJSON(#""cand-ü-42""#)
        #expect(text.status == 200, Comment(rawValue: text.text))
        #expect(try request(text, in: .download).externalID == "cand-ü-42")
        let number = try uploadJSON("98765")
        #expect(number.status == 200, Comment(rawValue: number.text))
        #expect(try request(number, in: .download).externalID == "98765")
    }

    @Test func invalidIDsAreRefusedAndLeaveNothing() throws {
        let before = sessionsAnywhere
        let bad = ["a\u{7}b", "tab\there", String(repeating: "x", count: 129), "right-to-left\u{202E}override", "line\u{2028}break"]
        for value in bad {
            let reply = try Curl.request(server.url("/upload"), ["-F", "candidate_name=Jane", "-F", "language=en", "-F", "question=Q",
                                                                 "-F", "videos=@\(video.path)", "--form-string", "external_id=\(value)"])
            #expect(reply.status == 400, Comment(rawValue: "\(value.debugDescription): \(reply.text)"))
            #expect(reply.detail == "Invalid external_id")
        }
        for value in [#""a\u0000b""#, #"{"id": 1}"#, "[1]", "true", "1.5", "\"\(String(repeating: "y", count: 129))\""] {
            let reply = try uploadJSON(value)
            #expect(reply.status == 400, Comment(rawValue: "\(value): \(reply.text)"))
            #expect(reply.detail == "Invalid external_id")
        }
        let twice = try Curl.request(server.url("/upload"), ["-F", "candidate_name=Jane", "-F", "language=en", "-F", "question=Q",
                                                             "-F", "videos=@\(video.path)", "-F", "external_id=a", "-F", "external_id=b"])
        #expect(twice.detail == "Invalid external_id")
        #expect(try uploadJSON(#""\#(String(repeating: "z", count: 128))""#).status == 200, "128 characters is the limit, not past it")
        #expect(sessionsAnywhere == before + 1)
    }

    @Test func sessionFilesWrittenBeforeTheFieldStillDecode() throws {
        let old = #"{"id": "0123456789abcdef0123456789abcdef", "candidate_name": "A", "language": "en", "created_at": "2025-01-01T00:00:00.000+00:00", "origin": "upload", "items": []}"#
        let request = try JSONCoding.decode(SessionRequest.self, from: Data(old.utf8))
        #expect(request.externalID == nil)
    }

    // MARK: The aggregate stage

    func aggregate(externalID: String?) throws -> [String: Any] {
        let directory = spool.root.appending(component: "aggregate-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let items = [SessionItem(index: 1, positionID: 1, question: "Q", source: "1.mp4", videoExists: true)]
        try JSONCoding.write(SessionRequest(id: .random(), candidateName: "A", language: .en, origin: .upload, items: items, externalID: externalID),
                             to: directory.appending(component: SessionFile.request))
        let child = try ChildProcess(TestPaths.executable("StageAggregate"), arguments: ["--once", directory.path],
                                     environment: ProcessInfo.processInfo.environment, label: "StageAggregate")
        #expect(child.waitForExit(timeout: 120))
        #expect(child.process.terminationStatus == 0, Comment(rawValue: child.stderr))
        let data = try Data(contentsOf: directory.appending(component: SessionFile.results))
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func theAggregateCarriesItToTheTopOfResults() throws {
        #expect(try aggregate(externalID: "ATS-77")["external_id"] as? String == "ATS-77")
        let without = try aggregate(externalID: nil)
        #expect(without["external_id"] == nil, "absent when not given")
        #expect(without["name"] as? String == "A", "the rest of the document is there")
    }
}
