import Foundation
import Logging
import StageProtocol
import Synchronization
import TestSupport
import Testing

/// Sessions deferred, not lost, while a service a stage needs is unusable: a real StageRunner in
/// this process over a real spool, and the spool moves on their own.
@Suite struct DeferralTests {
    @Test func aDeferredSessionWaitsUncountedThenGoesOn() async throws {
        let temp = try TemporarySpool("deferral-runner")
        defer { temp.remove() }
        let id = try temp.publishSession(to: .audio)
        let next = try #require(StageChain.next(after: .audio))
        let worker = DeferringWorker(deferrals: 2)
        // One counted attempt would fail the session: the two deferrals must not count. The
        // rescan is far away, so the retries are timed by the deferral alone.
        let running = startRunner(.audio, temp, worker: worker, maxAttempts: 1, minDeferralSeconds: 3, rescanSeconds: 30)

        let inbox = temp.layout.session(id, in: .audio, .inbox)
        #expect(await eventually { Spool.deferral(of: inbox) != nil }, "the first call defers the session")
        let status = try #require(temp.spool.status(of: id))
        #expect(status.status == .processing)
        #expect(status.message?.hasPrefix("LLM API key invalid; retrying at ") == true && status.message?.hasSuffix(" UTC") == true)
        #expect(status.deferredReason == "LLM API key invalid")
        #expect(status.retryAt.map { $0 > Date() } == true)
        let queue = try #require(temp.spool.depths().first { $0.stage == .audio })
        #expect(queue.inbox == 1 && queue.deferred == 1, "health and `pipeline status` count it")

        let passedOn = temp.layout.session(id, in: next, .inbox)
        #expect(await eventually(timeout: 20) { FileManager.default.fileExists(atPath: passedOn.path) }, "the session reaches \(next)")
        await stop(running)

        let calls = worker.calls
        try #require(calls.count == 3)
        #expect(calls[1].timeIntervalSince(calls[0]) >= 3, "not claimed before the first deferral's 3 s are up")
        #expect(calls[2].timeIntervalSince(calls[1]) >= 6, "the second deferral in a row waits twice as long")
        #expect(Spool.history(of: passedOn).map(\.outcome) == [.deferred, .deferred, .ok])
        #expect(temp.spool.attempts(in: passedOn, stage: .audio) == 0)
        #expect(Spool.deferral(of: passedOn) == nil, "deferred.json does not travel to the next stage")
        let after = try #require(temp.spool.status(of: id))
        #expect(after.stage == next && after.retryAt == nil && after.deferredReason == nil)
    }

    @Test func operatorRetryLetsADeferredSessionGoNow() async throws {
        let temp = try TemporarySpool("deferral-retry")
        defer { temp.remove() }
        let id = try temp.publishSession(to: .audio)
        let worker = DeferringWorker(deferrals: 1, retryAfterSeconds: 600)
        let running = startRunner(.audio, temp, worker: worker, maxAttempts: 3, minDeferralSeconds: 30, rescanSeconds: 30)

        let inbox = temp.layout.session(id, in: .audio, .inbox)
        #expect(await eventually { Spool.deferral(of: inbox) != nil })
        let record = try #require(Spool.deferral(of: inbox))
        #expect(record.stage == .audio && record.count == 1 && record.detail == "HTTP 401")
        #expect(abs(record.until.timeIntervalSinceNow - 600) < 5, "the service's Retry-After is honoured")

        try temp.spool.retry(id)
        #expect(Spool.deferral(of: inbox) == nil)
        // Neither the deferral (10 minutes) nor the rescan (30 s) is due: only the wake-up of the retry can start it.
        let passedOn = temp.layout.session(id, in: try #require(StageChain.next(after: .audio)), .inbox)
        #expect(await eventually(timeout: 5) { FileManager.default.fileExists(atPath: passedOn.path) })
        await stop(running)
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

    // MARK: Helpers

    private func startRunner(_ stage: Stage, _ temp: TemporarySpool, worker: DeferringWorker, maxAttempts: Int,
                             minDeferralSeconds: Double, rescanSeconds: Double) -> Task<Void, any Error> {
        var configuration = PipelineConfiguration()
        configuration.spoolDirectory = temp.root.path
        configuration.maxAttempts = maxAttempts
        configuration.minDeferralSeconds = minDeferralSeconds
        configuration.rescanSeconds = rescanSeconds
        configuration.heartbeatSeconds = 1
        configuration.shutdownGraceSeconds = 2
        var logger = Logger(label: "deferral-test")
        logger.logLevel = .warning
        let runner = StageRunner(stage: stage, configuration: configuration, worker: worker, logger: logger)
        return Task { try await runner.run() }
    }

    /// Cancelling the runner's task is its graceful shutdown.
    private func stop(_ running: Task<Void, any Error>) async {
        running.cancel()
        _ = await running.result
    }

    /// Polls without blocking a thread of the cooperative pool, which the runner needs.
    private func eventually(timeout: Double = 5, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}

/// A stage worker whose service is down for its first `deferrals` calls (an invalid API key),
/// then works. It records when each call came.
final class DeferringWorker: StageWorker {
    let deferrals: Int
    let retryAfterSeconds: Double?
    private let callTimes = Mutex<[Date]>([])

    init(deferrals: Int, retryAfterSeconds: Double? = nil) {
        self.deferrals = deferrals
        self.retryAfterSeconds = retryAfterSeconds
    }

    var calls: [Date] { callTimes.withLock { $0 } }

    func process(_ session: SessionContext) async throws {
        let call = callTimes.withLock { $0.append(Date()); return $0.count }
        if call <= deferrals {
            throw SessionDeferral("LLM API key invalid", detail: "HTTP 401", retryAfterSeconds: retryAfterSeconds)
        }
    }
}
