import Foundation
import StageProtocol
import TestSupport
import Testing

/// Retention and erasure on a real spool: what goes, what stays, what is audited, and that
/// interrupted and concurrent deleters leave each thing deleted exactly once.
@Suite struct RetentionTests {
    static let candidate = "Zelda Quintessa-Marlowe"
    static let day: TimeInterval = 24 * 60 * 60
    static let videoBytes = 70_001
    static let audioBytes = 32_044

    /// A session as the pipeline leaves it, placed at `place` (nil: `done/`), whose history says
    /// it finished `daysAgo` days ago (nil: no history, so the directory's mtime is its age).
    @discardableResult
    static func session(in temp: TemporarySpool, place: (Stage, SpoolLayout.Queue)? = nil, daysAgo: Double?) throws -> SessionID {
        let id = SessionID.random()
        let directory = temp.layout.frontdoorTemporary.appending(component: id.rawValue)
        let files: [String: Int] = ["videos/1.mp4": videoBytes, "audio/1.wav": audioBytes, "transcripts/1.json": 300,
                                    "evidence/1/1.jpg": 4_000, "results.json": 900]
        for (path, size) in files {
            let url = directory.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(repeating: 0x5a, count: size).write(to: url)
        }
        try JSONCoding.write(SessionRequest(id: id, candidateName: candidate, language: .en, origin: .upload,
                                            items: [SessionItem(index: 1, positionID: 1, question: "Q1", source: "a.mp4", videoExists: true)]),
                             to: directory.appending(component: SessionFile.request))
        if let daysAgo {
            let end = Date().addingTimeInterval(-daysAgo * day)
            try temp.spool.appendHistory(HistoryEntry(stage: .audio, host: "h", pid: 1, start: end.addingTimeInterval(-60), end: end.addingTimeInterval(-30), outcome: .ok), to: directory)
            try temp.spool.appendHistory(HistoryEntry(stage: .aggregate, host: "h", pid: 1, start: end.addingTimeInterval(-5), end: end, outcome: .ok), to: directory)
        }
        let target = place.map { temp.layout.session(id, in: $0.0, $0.1) } ?? temp.layout.doneSession(id)
        try FileManager.default.moveItem(at: directory, to: target)
        return id
    }

    static func exists(_ url: URL, _ path: String) -> Bool { FileManager.default.fileExists(atPath: url.appending(path: path).path) }

    static func auditLines(_ temp: TemporarySpool) -> [String] {
        ((try? String(contentsOf: temp.layout.erasureLog, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    static func auditRecords(_ temp: TemporarySpool) throws -> [ErasureRecord] {
        try auditLines(temp).map { try JSONCoding.decode(ErasureRecord.self, from: Data($0.utf8)) }
    }

    /// Every entry under the spool whose name contains `text`.
    static func entries(in temp: TemporarySpool, containing text: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: temp.root.path)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.contains(text) { found.append(path) }
        }
        return found
    }

    // MARK: Media

    @Test func mediaOfADoneSessionAreDeletedAfterProcessingAndTheRestStays() throws {
        let temp = try TemporarySpool("retain-media")
        defer { temp.remove() }
        let id = try Self.session(in: temp, daysAgo: 0)
        let report = temp.spool.applyRetention(policy: RetentionPolicy(deleteMediaAfterProcessing: true))

        let done = temp.layout.doneSession(id)
        #expect(!Self.exists(done, "videos") && !Self.exists(done, "audio"))
        for kept in ["results.json", "transcripts/1.json", "evidence/1/1.jpg", SessionFile.request, SessionFile.history] {
            #expect(Self.exists(done, kept), "\(kept) must stay")
        }
        let marker = try #require(temp.spool.mediaDeletion(of: id))
        #expect(marker.reason == "DELETE_MEDIA_AFTER_PROCESSING")
        #expect(report.deletions.map(\.what) == [.media] && report.deletions.first?.sessionID == id)
        #expect(report.bytesFreed == Int64(Self.videoBytes + Self.audioBytes))
        #expect(report.errors.isEmpty)
        #expect(Self.entries(in: temp, containing: ".purge.").isEmpty, "no private name may be left behind")

        let again = temp.spool.applyRetention(policy: RetentionPolicy(deleteMediaAfterProcessing: true))
        #expect(again.deletions.isEmpty, "media already deleted are not deleted or audited twice")
        #expect(Self.auditLines(temp).count == 1)
    }

    @Test func mediaAreKeptForNDaysCountedFromTheEndOfTheHistoryOrElseTheMtime() throws {
        let temp = try TemporarySpool("retain-days")
        defer { temp.remove() }
        let recent = try Self.session(in: temp, daysAgo: 10)
        let old = try Self.session(in: temp, daysAgo: 40)
        // No history: the directory's mtime says when it finished.
        let oldByMtimeOnly = try Self.session(in: temp, daysAgo: nil)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-40 * Self.day)],
                                              ofItemAtPath: temp.layout.doneSession(oldByMtimeOnly).path)
        let newByMtimeOnly = try Self.session(in: temp, daysAgo: nil)

        let report = temp.spool.applyRetention(policy: RetentionPolicy(retainMediaDays: 30))
        #expect(Set(report.deletions.map(\.sessionID)) == [old, oldByMtimeOnly])
        #expect(report.deletions.allSatisfy { $0.what == .media && $0.why == "RETAIN_MEDIA_DAYS=30" })
        #expect(Self.exists(temp.layout.doneSession(recent), "videos/1.mp4") && Self.exists(temp.layout.doneSession(newByMtimeOnly), "audio/1.wav"))
        #expect(!Self.exists(temp.layout.doneSession(old), "videos") && Self.exists(temp.layout.doneSession(old), "results.json"))
        #expect(temp.spool.mediaDeletion(of: recent) == nil)

        // 35 days later the other two are due too.
        let later = temp.spool.applyRetention(policy: RetentionPolicy(retainMediaDays: 30), now: Date().addingTimeInterval(35 * Self.day))
        #expect(Set(later.deletions.map(\.sessionID)) == [recent, newByMtimeOnly])
    }

    // MARK: Sessions

    @Test func doneAndFailedSessionsArePurgedAfterMDaysAndSessionsInProgressAreNeverTouched() throws {
        let temp = try TemporarySpool("retain-purge")
        defer { temp.remove() }
        let oldDone = try Self.session(in: temp, daysAgo: 100)
        let oldFailed = try Self.session(in: temp, place: (.transcribe, .failed), daysAgo: 100)
        let recentDone = try Self.session(in: temp, daysAgo: 10)
        let waiting = try Self.session(in: temp, place: (.llm, .inbox), daysAgo: 100)
        let working = try Self.session(in: temp, place: (.cheat, .work), daysAgo: 100)
        let receiving = try Self.session(in: temp, daysAgo: nil)
        try FileManager.default.moveItem(at: temp.layout.doneSession(receiving),
                                         to: temp.layout.frontdoorTemporary.appending(component: receiving.rawValue))

        let policy = RetentionPolicy(deleteMediaAfterProcessing: true, purgeSessionsAfterDays: 90)
        let report = temp.spool.applyRetention(policy: policy)
        let purged = report.deletions.filter { $0.what == .session }
        #expect(Set(purged.map(\.sessionID)) == [oldDone, oldFailed])
        #expect(purged.allSatisfy { $0.why == "PURGE_SESSIONS_AFTER_DAYS=90" })
        #expect(Set(purged.map(\.place)) == ["done", "transcribe/failed"])
        // A purged session is not also counted as a media deletion.
        #expect(report.deletions.filter { $0.what == .media }.map(\.sessionID) == [recentDone])
        #expect(temp.spool.locate(oldDone) == nil && temp.spool.locate(oldFailed) == nil)
        #expect(Self.entries(in: temp, containing: oldDone.rawValue).isEmpty && Self.entries(in: temp, containing: oldFailed.rawValue).isEmpty)

        #expect(Self.exists(temp.layout.session(waiting, in: .llm, .inbox), "videos/1.mp4"))
        #expect(Self.exists(temp.layout.session(working, in: .cheat, .work), "audio/1.wav"))
        #expect(Self.exists(temp.layout.frontdoorTemporary.appending(component: receiving.rawValue), "videos/1.mp4"))
        #expect(Self.exists(temp.layout.doneSession(recentDone), "results.json"))
    }

    @Test func aDryRunReportsWithoutDeletingOrAuditing() throws {
        let temp = try TemporarySpool("retain-dry")
        defer { temp.remove() }
        let old = try Self.session(in: temp, daysAgo: 100)
        let recent = try Self.session(in: temp, daysAgo: 1)
        let report = temp.spool.applyRetention(policy: RetentionPolicy(deleteMediaAfterProcessing: true, purgeSessionsAfterDays: 90), dryRun: true)
        #expect(report.dryRun && report.deletions.count == 2)
        #expect(report.bytesFreed > Int64(2 * (Self.videoBytes + Self.audioBytes)))
        #expect(temp.spool.locate(old) != nil && Self.exists(temp.layout.doneSession(recent), "videos/1.mp4"))
        #expect(temp.spool.mediaDeletion(of: recent) == nil && Self.auditLines(temp).isEmpty)
    }

    // MARK: Audit

    @Test func everyDeletionIsAuditedByIdNeverByName() throws {
        let temp = try TemporarySpool("retain-audit")
        defer { temp.remove() }
        let media = try Self.session(in: temp, daysAgo: 1)
        let purged = try Self.session(in: temp, daysAgo: 100)
        let erased = try Self.session(in: temp, place: (.audio, .failed), daysAgo: 2)
        _ = temp.spool.applyRetention(policy: RetentionPolicy(deleteMediaAfterProcessing: true, purgeSessionsAfterDays: 90), by: "test run")
        let erasure = try temp.spool.erase(erased, by: "test erasure")

        let text = try String(contentsOf: temp.layout.erasureLog, encoding: .utf8)
        #expect(!text.contains("Zelda") && !text.contains("Quintessa") && !text.contains("Marlowe"), "the audit must not name the candidate")
        let records = try Self.auditRecords(temp)
        #expect(records.count == 3)
        let byID = Dictionary(uniqueKeysWithValues: records.map { ($0.sessionID, $0) })
        #expect(byID[media]?.what == .media && byID[media]?.why == "DELETE_MEDIA_AFTER_PROCESSING")
        #expect(byID[purged]?.what == .session && byID[purged]?.why == "PURGE_SESSIONS_AFTER_DAYS=90")
        let audited = try #require(byID[erased])
        #expect(abs(audited.time.timeIntervalSince(erasure.time)) < 0.001)   // the log keeps microseconds
        #expect(ErasureRecord(time: erasure.time, sessionID: audited.sessionID, what: audited.what, why: audited.why, bytesFreed: audited.bytesFreed,
                              by: audited.by, host: audited.host, pid: audited.pid, place: audited.place) == erasure)
        #expect(erasure.what == .session && erasure.why == "erasure request" && erasure.by == "test erasure" && erasure.place == "audio/failed")
        #expect(erasure.bytesFreed > Int64(Self.videoBytes + Self.audioBytes))
        #expect(records.allSatisfy { $0.host == ProcessInfo.processInfo.hostName && $0.pid == getpid() && $0.bytesFreed > 0 })
        #expect(byID[media]?.by == "test run")
        // The raw line spells the documented keys.
        let line = try #require(Self.auditLines(temp).first)
        for key in ["\"time\"", "\"session_id\"", "\"what\"", "\"why\"", "\"bytes_freed\"", "\"by\"", "\"host\"", "\"pid\""] {
            #expect(line.contains(key))
        }
    }

    // MARK: Crashes and concurrency

    @Test func aDeletionInterruptedHalfWayIsFinishedOnTheNextRun() throws {
        let temp = try TemporarySpool("retain-crash")
        defer { temp.remove() }
        let host = ProcessInfo.processInfo.hostName
        // A purger on this host renamed a session aside and was killed before removing it.
        let killed = try Self.session(in: temp, daysAgo: 100)
        let deadPID = try Self.deadProcessID()
        let sessionLeftover = temp.layout.done.appending(component: DeletionName(subject: killed.rawValue, start: Date(), pid: deadPID, host: host).fileName)
        try FileManager.default.moveItem(at: temp.layout.doneSession(killed), to: sessionLeftover)
        try FileManager.default.removeItem(at: sessionLeftover.appending(path: "videos/1.mp4"))   // it got this far
        // One on another host renamed a session's videos aside an hour ago and vanished.
        let halfMedia = try Self.session(in: temp, daysAgo: 1)
        let mediaLeftover = temp.layout.doneSession(halfMedia).appending(
            component: DeletionName(subject: "videos", start: Date().addingTimeInterval(-3600), pid: 4242, host: "elsewhere.example").fileName)
        try FileManager.default.moveItem(at: temp.layout.doneSession(halfMedia).appending(component: "videos"), to: mediaLeftover)
        // A live deleter (this process, just now) is left alone.
        let live = try Self.session(in: temp, daysAgo: 1)
        let liveLeftover = temp.layout.done.appending(component: DeletionName(subject: live.rawValue, start: Date(), pid: getpid(), host: host).fileName)
        try FileManager.default.moveItem(at: temp.layout.doneSession(live), to: liveLeftover)

        // No retention setting is on: finishing what was started is not a new decision.
        let report = temp.spool.applyRetention(policy: RetentionPolicy())
        #expect(report.errors.isEmpty)
        #expect(Set(report.deletions.map(\.sessionID)) == [killed, halfMedia])
        #expect(report.deletions.allSatisfy { $0.why == "interrupted deletion finished" })
        #expect(report.deletions.first { $0.sessionID == killed }?.what == .session)
        #expect(report.deletions.first { $0.sessionID == halfMedia }?.bytesFreed == Int64(Self.videoBytes))
        #expect(!FileManager.default.fileExists(atPath: sessionLeftover.path))
        #expect(!FileManager.default.fileExists(atPath: mediaLeftover.path))
        #expect(temp.spool.mediaDeletion(of: halfMedia) != nil, "the session says its media went")
        #expect(Self.exists(temp.layout.doneSession(halfMedia), "audio/1.wav"), "no policy is on: the rest of the media stay")
        #expect(FileManager.default.fileExists(atPath: liveLeftover.path))
        #expect(Self.entries(in: temp, containing: killed.rawValue).isEmpty)
        #expect(try Self.auditRecords(temp).count == 2)
    }

    @Test func concurrentRunsDeleteEachThingOnce() async throws {
        let temp = try TemporarySpool("retain-race")
        defer { temp.remove() }
        var old: Set<SessionID> = []
        var recent: Set<SessionID> = []
        for _ in 0..<15 {
            old.insert(try Self.session(in: temp, daysAgo: 100))
            recent.insert(try Self.session(in: temp, place: nil, daysAgo: 1))
        }
        let failedOld = try Self.session(in: temp, place: (.nonverbal, .failed), daysAgo: 100)
        let policy = RetentionPolicy(deleteMediaAfterProcessing: true, purgeSessionsAfterDays: 90)
        let spool = temp.spool
        let reports = await withTaskGroup(of: RetentionReport.self) { group in
            for index in 0..<3 {
                group.addTask { spool.applyRetention(policy: policy, by: "racer \(index)") }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let deletions = reports.flatMap(\.deletions)
        #expect(reports.allSatisfy { $0.errors.isEmpty }, "\(reports.flatMap(\.errors))")
        let sessions = deletions.filter { $0.what == .session }.map(\.sessionID)
        #expect(sessions.count == old.count + 1 && Set(sessions) == old.union([failedOld]), "each session purged exactly once")
        let media = deletions.filter { $0.what == .media }
        #expect(Set(media.map(\.sessionID)) == recent)
        // Two racers may split one session's videos and audio between them, but each byte is counted once.
        #expect(media.reduce(0) { $0 + $1.bytesFreed } == Int64(recent.count * (Self.videoBytes + Self.audioBytes)))
        #expect(try Self.auditRecords(temp).count == deletions.count)
        #expect(Self.entries(in: temp, containing: ".purge.").isEmpty)
        for id in recent { #expect(!Self.exists(temp.layout.doneSession(id), "videos") && !Self.exists(temp.layout.doneSession(id), "audio")) }
    }

    // MARK: Erasure

    @Test func erasureRemovesASessionFromAnyQueueButRefusesOneAWorkerHolds() throws {
        let temp = try TemporarySpool("erase")
        defer { temp.remove() }
        let waiting = try temp.publishSession(to: .audio, candidate: Self.candidate)
        let held = try temp.publishSession(to: .transcribe)
        let claim = try #require(try temp.spool.claim(held, stage: .transcribe))
        let failed = try Self.session(in: temp, place: (.llm, .failed), daysAgo: 1)

        let record = try temp.spool.erase(waiting)
        #expect(record.place == "audio/inbox" && record.why == "erasure request")
        #expect(temp.spool.locate(waiting) == nil && Self.entries(in: temp, containing: waiting.rawValue).isEmpty)
        #expect(try temp.spool.erase(failed).place == "llm/failed")

        #expect(throws: ErasureError.inProgress(held, .transcribe)) { try temp.spool.erase(held) }
        #expect(ErasureError.inProgress(held, .transcribe).description == "Session is being processed; retry when the stage finishes")
        #expect(temp.spool.locate(held) == .working(.transcribe, claim.directory), "the worker's session is not pulled from under it")
        try temp.spool.complete(claim)
        #expect(try temp.spool.erase(held).place.hasSuffix("/inbox"), "once the stage has finished, the request succeeds")

        #expect(throws: ErasureError.notFound(waiting)) { try temp.spool.erase(waiting) }
        #expect(try Self.auditRecords(temp).map(\.sessionID) == [waiting, failed, held])
    }

    /// The pid of a process that has exited (and been reaped): certainly not running.
    static func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
