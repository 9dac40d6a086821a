import Foundation
import StageProtocol
import TestSupport
import Testing

/// `DELETE /sessions/{id}` and `/videos` after retention, over real HTTP against the built
/// front door on a real spool.
@Suite(.serialized) final class ErasureTests {
    let spool: TemporarySpool
    let server: FrontdoorProcess

    init() throws {
        spool = try TemporarySpool("erasure")
        server = try FrontdoorProcess(spool: spool)
    }

    deinit {
        server.stop()
        spool.remove()
    }

    /// A finished session with a video, audio, transcript and results, for "Ada Vexley".
    func doneSession() throws -> SessionID {
        let id = try spool.publishSession(to: .audio, candidate: "Ada Vexley",
                                          files: ["videos/1.mp4": Data(repeating: 1, count: 50_000), "audio/1.wav": Data(repeating: 2, count: 20_000),
                                                  "transcripts/1.json": Data("{}".utf8), "results.json": Data("{\"success\": true}".utf8)])
        try FileManager.default.moveItem(at: spool.layout.session(id, in: .audio, .inbox), to: spool.layout.doneSession(id))
        return id
    }

    /// Every path under the spool, relative to it.
    var spoolTree: [String] {
        var paths: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: spool.root.path)
        while let path = enumerator?.nextObject() as? String { paths.append(path) }
        return paths.sorted()
    }

    func delete(_ id: String) throws -> HTTPResult {
        try Curl.request(server.url("/sessions/\(id)"), ["-X", "DELETE", "--path-as-is"])
    }

    @Test func deletingADoneSessionRemovesEveryTraceAndIsAuditedWithoutTheName() throws {
        let id = try doneSession()
        #expect(try Curl.request(server.url("/results/\(id)")).status == 200)

        let reply = try delete(id.rawValue)
        #expect(reply.status == 200, Comment(rawValue: reply.text))
        #expect(reply.json["erased"] as? Bool == true && reply.json["session_id"] as? String == id.rawValue)
        #expect(spoolTree.filter { $0.contains(id.rawValue) }.isEmpty, "no entry with the session's id may remain under the spool")
        #expect(try Curl.request(server.url("/status/\(id)")).status == 404)
        #expect(try Curl.request(server.url("/results/\(id)")).status == 404)

        let audit = try String(contentsOf: spool.layout.erasureLog, encoding: .utf8)
        #expect(!audit.contains("Ada") && !audit.contains("Vexley"))
        let record = try JSONCoding.decode(ErasureRecord.self, from: Data(audit.utf8))
        #expect(record.sessionID == id && record.what == .session && record.why == "erasure request" && record.place == "done")
        #expect(record.by == "DELETE /sessions from 127.0.0.1" && record.pid == server.child.pid)
        #expect(record.bytesFreed >= 70_000)

        let again = try delete(id.rawValue)
        #expect(again.status == 404 && again.detail == "Session not found")
    }

    @Test func aHostileIdIsNotFoundWithoutTouchingTheDisk() throws {
        let id = try doneSession()
        let victim = spool.root.appending(component: "victim")
        try FileManager.default.createDirectory(at: victim, withIntermediateDirectories: true)
        let before = spoolTree
        for hostile in ["..%2Fvictim", "..%2F..%2Fvictim", "../victim", "..", ".", "%2E%2E", "\(id.rawValue.uppercased())",
                        "\(id.rawValue)%2F..", "\(id.rawValue.dropLast())", "%00\(id.rawValue)", ".purge.\(id.rawValue)"] {
            let reply = try delete(hostile)
            #expect(reply.status == 404 || reply.status == 400, "\(hostile): \(reply.status)")
        }
        #expect(spoolTree == before, "nothing under the spool changed")
        #expect(FileManager.default.fileExists(atPath: victim.path))
        #expect(!FileManager.default.fileExists(atPath: spool.layout.erasureLog.path))
    }

    @Test func aSessionAWorkerHoldsIsAConflict() throws {
        let id = try spool.publishSession(to: .transcribe)
        let claim = try #require(try spool.spool.claim(id, stage: .transcribe))
        let reply = try delete(id.rawValue)
        #expect(reply.status == 409 && reply.detail == "Session is being processed; retry when the stage finishes")
        #expect(FileManager.default.fileExists(atPath: claim.directory.path))
        try spool.spool.complete(claim)
        #expect(try delete(id.rawValue).status == 200)
        #expect(spool.spool.locate(id) == nil)
    }

    @Test func videosOfASessionWhoseMediaWereDeletedAreGone() throws {
        let deleted = try doneSession()
        let kept = try doneSession()
        #expect(try Curl.request(server.url("/videos/\(deleted)/1")).status == 200)
        // Only `deleted` is older than a day.
        try spool.spool.appendHistory(HistoryEntry(stage: .aggregate, host: "h", pid: 1, start: Date().addingTimeInterval(-3 * 86_400),
                                                   end: Date().addingTimeInterval(-3 * 86_400), outcome: .ok),
                                      to: spool.layout.doneSession(deleted))
        try spool.spool.appendHistory(HistoryEntry(stage: .aggregate, host: "h", pid: 1, start: Date(), end: Date(), outcome: .ok),
                                      to: spool.layout.doneSession(kept))
        let report = spool.spool.applyRetention(policy: RetentionPolicy(retainMediaDays: 1))
        #expect(report.deletions.map(\.sessionID) == [deleted])

        let gone = try Curl.request(server.url("/videos/\(deleted)/1"))
        #expect(gone.status == 410 && gone.detail == "Video deleted under the retention policy")
        #expect(try Curl.request(server.url("/videos/\(kept)/1")).status == 200)
        #expect(try Curl.request(server.url("/results/\(deleted)")).status == 200, "the results stay")
    }
}
