import Foundation
import StageProtocol
import TestSupport
import Testing

/// Sessions deferred, not lost, while a service a stage needs is unusable: a real StageRunner in
/// this process over a real spool, and the spool moves on their own.
@Suite(.serialized) struct DeferralTests {
    let probe = TestPaths.executable("SpoolProbeWorker")

    /// A real stage process whose service refuses its key on the first `deferrals` calls.
    func startProbe(_ temp: TemporarySpool, log: URL, deferrals: Int, retryAfter: Double? = nil,
                    maxAttempts: Int, minDeferralSeconds: Double, rescanSeconds: Double) throws -> ChildProcess {
        var arguments = ["--stage", "audio", "--log", log.path, "--defer-first", "\(deferrals)"]
        if let retryAfter { arguments += ["--retry-after", "\(retryAfter)"] }
        return try ChildProcess(probe, arguments: arguments,
                                environment: temp.environment(rescan: rescanSeconds, extra: [
                                    "MAX_ATTEMPTS": "\(maxAttempts)", "MIN_DEFERRAL_SECONDS": "\(minDeferralSeconds)"]),
                                label: "defer-probe")
    }

    /// When each deferred call came (unix time), from the probe's log.
    func deferredCallTimes(_ log: URL) -> [Double] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n")
            .filter { $0.contains(" deferred ") }.compactMap { Double($0.split(separator: " ")[3]) }
    }

    @Test func aDeferredSessionWaitsUncountedThenGoesOn() throws {
        let temp = try TemporarySpool("deferral-runner")
        defer { temp.remove() }
        let log = temp.root.appending(component: "calls.log")
        let id = try temp.publishSession(to: .audio)
        let next = try #require(StageChain.next(after: .audio))
        // One counted attempt would fail the session: the two deferrals must not count. The
        // rescan is far away, so the retries are timed by the deferral alone.
        let worker = try startProbe(temp, log: log, deferrals: 2, maxAttempts: 1, minDeferralSeconds: 3, rescanSeconds: 30)
        defer { worker.stop() }

        let inbox = temp.layout.session(id, in: .audio, .inbox)
        #expect(waitUntil(timeout: 30) { Spool.deferral(of: inbox) != nil }, "the first call defers the session")
        let status = try #require(temp.spool.status(of: id))
        #expect(status.status == .processing)
        #expect(status.message?.hasPrefix("LLM API key invalid; retrying at ") == true && status.message?.hasSuffix(" UTC") == true)
        #expect(status.deferredReason == "LLM API key invalid")
        #expect(status.retryAt.map { $0 > Date() } == true)
        let queue = try #require(temp.spool.depths().first { $0.stage == .audio })
        #expect(queue.inbox == 1 && queue.deferred == 1, "health and `pipeline status` count it")

        let passedOn = temp.layout.session(id, in: next, .inbox)
        #expect(waitUntil(timeout: 40) { FileManager.default.fileExists(atPath: passedOn.path) }, "the session reaches \(next)")
        let calls = deferredCallTimes(log)
        try #require(calls.count == 2)
        let processed = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").filter { !$0.contains(" deferred ") }
        #expect(processed.count == 1)
        #expect(calls[1] - calls[0] >= 2.99, "not claimed before the first deferral's 3 s are up")
        #expect(Spool.history(of: passedOn).map(\.outcome) == [.deferred, .deferred, .ok])
        let history = Spool.history(of: passedOn)
        #expect(history[2].start.timeIntervalSince1970 - calls[1] >= 5.99,   // history times are kept to the millisecond
                "the second deferral in a row waits twice as long")
        #expect(temp.spool.attempts(in: passedOn, stage: .audio) == 0)
        #expect(Spool.deferral(of: passedOn) == nil, "deferred.json does not travel to the next stage")
        let after = try #require(temp.spool.status(of: id))
        #expect(after.stage == next && after.retryAt == nil && after.deferredReason == nil)
    }

    @Test func operatorRetryLetsADeferredSessionGoNow() throws {
        let temp = try TemporarySpool("deferral-retry")
        defer { temp.remove() }
        let log = temp.root.appending(component: "calls.log")
        let id = try temp.publishSession(to: .audio)
        let worker = try startProbe(temp, log: log, deferrals: 1, retryAfter: 600, maxAttempts: 3, minDeferralSeconds: 30,
                                    rescanSeconds: 30)
        defer { worker.stop() }

        let inbox = temp.layout.session(id, in: .audio, .inbox)
        #expect(waitUntil(timeout: 30) { Spool.deferral(of: inbox) != nil })
        let record = try #require(Spool.deferral(of: inbox))
        #expect(record.stage == .audio && record.count == 1 && record.detail == "HTTP 401")
        #expect(abs(record.until.timeIntervalSinceNow - 600) < 10, "the service's Retry-After is honoured")

        try temp.spool.retry(id)
        #expect(Spool.deferral(of: inbox) == nil)
        // Neither the deferral (10 minutes) nor the rescan (30 s) is due: only the wake-up of the retry can start it.
        let passedOn = temp.layout.session(id, in: try #require(StageChain.next(after: .audio)), .inbox)
        #expect(waitUntil(timeout: 20) { FileManager.default.fileExists(atPath: passedOn.path) })
        #expect(Spool.history(of: passedOn).map(\.outcome) == [.deferred, .retried, .ok])
    }

    @Test func deferralsAreNotAttemptsAndEndWithTheClaimOrAnOperator() throws {
        let temp = try TemporarySpool("deferral-spool")
        defer { temp.remove() }
        let spool = temp.spool
        let policy = DeferralPolicy(minimumSeconds: 30, maximumSeconds: 900)
        let id = try temp.publishSession(to: .audio)
        let inbox = temp.layout.session(id, in: .audio, .inbox)

        let start = Date()
        let first = try spool.defer(try #require(try spool.claim(id, stage: .audio)), SessionDeferral("DeepL quota exceeded"), policy: policy, now: start)
        #expect(first.count == 1 && first.until == start.addingTimeInterval(30))
        #expect(spool.locate(id) == .queued(.audio, inbox))
        let waiting = spool.claimable(in: .audio)
        #expect(waiting.ids.isEmpty)
        #expect(waiting.nextDue.map { abs($0.timeIntervalSince(first.until)) < 0.001 } == true, "deferred.json keeps microseconds")
        #expect(spool.claimable(in: .audio, now: start.addingTimeInterval(31)).ids == [id], "due once `until` passes")
        #expect(spool.waiting(in: .audio) == [id])

        // A claim ends the deferral; deferring again backs off further.
        let claim = try #require(try spool.claim(id, stage: .audio))
        #expect(Spool.deferral(of: claim.directory) == nil)
        #expect(try spool.defer(claim, SessionDeferral("DeepL quota exceeded"), policy: policy, now: start).until == start.addingTimeInterval(60))

        // The operator's re-run from the session's own stage clears the deferral in place.
        try spool.rerun(id, from: .audio)
        #expect(spool.locate(id) == .queued(.audio, inbox) && Spool.deferral(of: inbox) == nil)
        #expect(throws: OperatorError.notFailed(id, "inbox")) { try spool.retry(id) }

        // Two deferrals and one error: exactly one counted attempt, and failing drops nothing but the claim.
        try spool.defer(try #require(try spool.claim(id, stage: .audio)), SessionDeferral("LLM endpoint unreachable"), policy: policy)
        try spool.defer(try #require(try spool.claim(id, stage: .audio)), SessionDeferral("LLM endpoint unreachable"), policy: policy)
        #expect(spool.attempts(in: inbox, stage: .audio) == 0)
        #expect(try spool.giveBack(try #require(try spool.claim(id, stage: .audio)), outcome: .error, detail: "disk hiccup", maxAttempts: 1) == .failed)
        let failed = temp.layout.session(id, in: .audio, .failed)
        #expect(try JSONCoding.read(StageFailureRecord.self, from: failed.appending(component: SessionFile.error)).attempts == 1)
        #expect(Spool.deferral(of: failed) == nil)
    }

    @Test func theDelayBacksOffWithinItsBoundsAndHonoursRetryAfter() {
        let policy = DeferralPolicy(minimumSeconds: 30, maximumSeconds: 900)
        #expect([1, 2, 3, 5, 6, 60].map { policy.delaySeconds(consecutive: $0, retryAfterSeconds: nil) } == [30, 60, 120, 480, 900, 900])
        #expect(policy.delaySeconds(consecutive: 4, retryAfterSeconds: 5) == 5)
        #expect(policy.delaySeconds(consecutive: 1, retryAfterSeconds: 5000) == 900)
        #expect(policy.delaySeconds(consecutive: 1, retryAfterSeconds: 0) == DeferralPolicy.shortestSeconds)
        #expect(policy.delaySeconds(consecutive: 1, retryAfterSeconds: .nan) == 30)
        #expect(DeferralPolicy(minimumSeconds: 0, maximumSeconds: 0).delaySeconds(consecutive: 1, retryAfterSeconds: nil) == DeferralPolicy.shortestSeconds,
                "a zero configuration must not make a deferred session spin")
        let environment = PipelineConfiguration.fromEnvironment(["MIN_DEFERRAL_SECONDS": "2", "MAX_DEFERRAL_SECONDS": "60"])
        #expect(environment.deferralPolicy == DeferralPolicy(minimumSeconds: 2, maximumSeconds: 60))
        #expect(PipelineConfiguration().deferralPolicy == policy)
    }
}
