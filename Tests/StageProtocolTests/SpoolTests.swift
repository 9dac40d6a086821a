import Foundation
import StageProtocol
import TestSupport
import Testing

/// The protocol's moves, in one process.
@Suite struct SpoolTests {
    @Test func claimIsExclusiveAndCompletePassesTheSessionOn() throws {
        let temp = try TemporarySpool("claim")
        defer { temp.remove() }
        let id = try temp.publishSession(to: .audio)
        #expect(temp.spool.waiting(in: .audio) == [id])
        let claim = try #require(try temp.spool.claim(id, stage: .audio))
        #expect(try temp.spool.claim(id, stage: .audio) == nil, "a second claim must lose")
        let lease = try JSONCoding.read(Lease.self, from: claim.directory.appending(component: SessionFile.lease))
        #expect(lease.pid == getpid())
        #expect(temp.spool.locate(id) == .working(.audio, claim.directory))
        try temp.spool.complete(claim)
        let next = try #require(StageChain.next(after: .audio))
        #expect(temp.spool.locate(id) == .queued(next, temp.layout.session(id, in: next, .inbox)))
        let moved = temp.layout.session(id, in: next, .inbox)
        #expect(!FileManager.default.fileExists(atPath: moved.appending(component: SessionFile.lease).path))
        let history = Spool.history(of: moved)
        #expect(history.map(\.outcome) == [.ok])
        #expect(history.first?.stage == .audio)
    }

    @Test func failWritesErrorJSONAndStatusSaysError() throws {
        let temp = try TemporarySpool("fail")
        defer { temp.remove() }
        let id = try temp.publishSession(to: .audio)
        let claim = try #require(try temp.spool.claim(id, stage: .audio))
        try temp.spool.fail(claim, message: "FFmpeg could not open anything", detail: "detail")
        let record = try JSONCoding.read(StageFailureRecord.self, from: temp.layout.session(id, in: .audio, .failed).appending(component: SessionFile.error))
        #expect(record.stage == .audio && record.message == "FFmpeg could not open anything" && record.attempts == 1)
        let status = try #require(temp.spool.status(of: id))
        #expect(status.status == .error)
        #expect(status.error == "FFmpeg could not open anything")

        try temp.spool.retry(id)
        #expect(temp.spool.locate(id) == .queued(.audio, temp.layout.session(id, in: .audio, .inbox)))
        #expect(temp.spool.attempts(in: temp.layout.session(id, in: .audio, .inbox), stage: .audio) == 0, "retry resets attempts")
    }

    @Test func staleLeaseIsRecoveredAndTheAttemptLimitSendsToFailed() throws {
        let temp = try TemporarySpool("recover")
        defer { temp.remove() }
        let id = try temp.publishSession(to: .audio)
        for attempt in 1...3 {
            let claim = try #require(try temp.spool.claim(id, stage: .audio))
            // A live lease is left alone.
            #expect(try temp.spool.recoverStale(stage: .audio, leaseTimeout: 60, maxAttempts: 3).isEmpty)
            // Seen from 2 minutes in the future, the lease is stale: the worker is lost.
            let recovered = try temp.spool.recoverStale(stage: .audio, leaseTimeout: 60, maxAttempts: 3, now: Date().addingTimeInterval(120))
            #expect(recovered == [id])
            _ = claim
            if attempt < 3 {
                #expect(temp.spool.locate(id) == .queued(.audio, temp.layout.session(id, in: .audio, .inbox)))
            }
        }
        let failed = temp.layout.session(id, in: .audio, .failed)
        #expect(temp.spool.locate(id) == .failed(.audio, failed))
        let record = try JSONCoding.read(StageFailureRecord.self, from: failed.appending(component: SessionFile.error))
        #expect(record.attempts == 3)
        #expect(record.message.contains("gave up after 3 attempts"))
        #expect(Spool.history(of: failed).filter { $0.outcome == .lost }.count == 3)
    }

    @Test func aWorkerKilledWhilePassingTheSessionOnIsNotRedone() throws {
        let temp = try TemporarySpool("handoff")
        defer { temp.remove() }
        let id = try temp.publishSession(to: .audio)
        let claim = try #require(try temp.spool.claim(id, stage: .audio))
        // What complete() writes first, then the process dies before the rename to the next inbox.
        try temp.spool.appendHistory(HistoryEntry(stage: .audio, host: "h", pid: 1, start: claim.lease.start, end: Date(), outcome: .ok),
                                     to: claim.directory)
        let recovered = try temp.spool.recoverStale(stage: .audio, leaseTimeout: 60, maxAttempts: 3, now: Date().addingTimeInterval(120))
        #expect(recovered == [id])
        let next = try #require(StageChain.next(after: .audio))
        let passedOn = temp.layout.session(id, in: next, .inbox)
        #expect(temp.spool.locate(id) == .queued(next, passedOn), "passed on, not queued for the audio stage again")
        #expect(Spool.history(of: passedOn).map(\.outcome) == [.ok], "no lost attempt, no second run")
        #expect(!FileManager.default.fileExists(atPath: passedOn.appending(component: SessionFile.lease).path))
    }

    @Test func givingBackOnShutdownIsNotAnAttempt() throws {
        let temp = try TemporarySpool("giveback")
        defer { temp.remove() }
        let id = try temp.publishSession(to: .audio)
        for _ in 0..<5 {
            let claim = try #require(try temp.spool.claim(id, stage: .audio))
            #expect(try temp.spool.giveBack(claim, outcome: .returned, maxAttempts: 1) == .inbox)
        }
        let claim = try #require(try temp.spool.claim(id, stage: .audio))
        #expect(try temp.spool.giveBack(claim, outcome: .error, detail: "disk hiccup", maxAttempts: 2) == .inbox)
        let again = try #require(try temp.spool.claim(id, stage: .audio))
        #expect(try temp.spool.giveBack(again, outcome: .error, detail: "disk hiccup", maxAttempts: 2) == .failed)
    }

    @Test func rerunRemovesLaterArtifactsAndRequeues() throws {
        let temp = try TemporarySpool("rerun")
        defer { temp.remove() }
        let id = try temp.publishSession(to: .aggregate, files: [
            "videos/1.mp4": Data("video".utf8), "media/1.json": Data("{}".utf8), "audio/1.wav": Data("wav".utf8),
            "results.json": Data("{}".utf8),
        ])
        let claim = try #require(try temp.spool.claim(id, stage: .aggregate))
        try temp.spool.complete(claim)
        #expect(temp.spool.locate(id) == .done(temp.layout.doneSession(id)))
        try FileManager.default.createDirectory(at: temp.layout.doneSession(id).appending(path: "errors"), withIntermediateDirectories: true)
        try JSONCoding.write(ItemError(index: 1, stage: .audio, message: "bad"), to: temp.layout.doneSession(id).appending(path: "errors/1.json"))

        try temp.spool.rerun(id, from: .audio)
        let inbox = temp.layout.session(id, in: .audio, .inbox)
        #expect(temp.spool.locate(id) == .queued(.audio, inbox))
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: inbox.appending(path: "videos/1.mp4").path), "inputs are kept")
        for removed in ["media", "audio", "results.json", "errors/1.json"] {
            #expect(!fm.fileExists(atPath: inbox.appending(path: removed).path), "\(removed) must be removed")
        }
        #expect(Spool.history(of: inbox).last?.outcome == .retried)
    }

    @Test func statusReportsProgressWhileWorkingAndCountsWhenDone() throws {
        let temp = try TemporarySpool("status")
        defer { temp.remove() }
        let items = (1...3).map { SessionItem(index: $0, positionID: $0, question: "Q\($0)", source: "\($0).mp4", videoExists: true) }
        let id = try temp.publishSession(to: .audio, items: items)
        let queued = try #require(temp.spool.status(of: id))
        #expect(queued.status == .processing && queued.progress == "0/3" && queued.totalVideos == 3 && queued.stage == .audio)

        let claim = try #require(try temp.spool.claim(id, stage: .audio))
        try JSONCoding.write(ProgressReport(stage: .audio, message: "Extracting audio from video...", current: 2, total: 3),
                             to: claim.directory.appending(component: SessionFile.progress))
        let working = try #require(temp.spool.status(of: id))
        #expect(working.progress == "2/3" && working.currentVideo == 2 && working.message == "Extracting audio from video...")

        #expect(temp.spool.status(of: SessionID.random()) == nil)
        let download = try temp.publishSession(to: .download)
        #expect(temp.spool.status(of: download)?.message == "Waiting for the download stage: Downloading video from Google Drive...")
    }
}
