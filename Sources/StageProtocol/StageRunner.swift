import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Runs one stage over the spool: watch the inbox, claim a session, call the stage's work
/// function, then pass the session on, fail it, give it back, or defer it while a service it
/// needs is unusable (ARCHITECTURE.md, "The spool").
///
/// `concurrency` worker loops share the process; several processes of the same stage on the
/// same spool is how a hot stage scales, and nothing else has to change. On graceful shutdown
/// (SIGTERM/SIGINT through swift-service-lifecycle, or cancelling the task running ``run()``)
/// a worker stops claiming, finishes its current session within `shutdownGraceSeconds`, or
/// gives the claim back to the inbox.
public struct StageRunner<Worker: StageWorker>: Service {
    public let stage: Stage
    public let spool: Spool
    public let configuration: PipelineConfiguration
    public let concurrency: Int
    public let worker: Worker
    public let logger: Logger

    public init(stage: Stage, configuration: PipelineConfiguration, concurrency: Int = 1, worker: Worker, logger: Logger) {
        self.stage = stage
        self.spool = Spool(layout: configuration.spoolLayout)
        self.configuration = configuration
        self.concurrency = max(1, concurrency)
        self.worker = worker
        var logger = logger
        logger[metadataKey: "stage"] = "\(stage.rawValue)"
        self.logger = logger
    }

    public func run() async throws {
        try spool.layout.createDirectories()
        let stop = StopSignal()
        let inbox = spool.layout.directory(stage, .inbox)
        // Watches exist before the first scan and before we say we are watching.
        let watchers = try (0..<concurrency).map { _ in try InboxWatcher(directory: inbox) }
        logger.info("watching \(inbox.path) with \(concurrency) worker(s)")
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for watcher in watchers {
                    group.addTask { await workerLoop(watcher, stop: stop) }
                }
                group.addTask { await recoveryLoop(stop: stop) }
                try await group.waitForAll()
            }
        } onCancelOrGracefulShutdown: {
            logger.info("shutdown requested: finishing current sessions (grace \(configuration.shutdownGraceSeconds) s)")
            stop.request()
        }
        logger.info("stopped")
    }

    // MARK: Loops

    private func workerLoop(_ watcher: InboxWatcher, stop: StopSignal) async {
        while !stop.isRequested {
            let (claim, nextDue) = claimNext(stop: stop)
            if let claim {
                await process(claim, stop: stop)
                continue
            }
            // Nothing to claim: sleep until inotify says something arrived, a deferred session
            // falls due, or the rescan is due. The short floor keeps a session falling due right
            // now from turning this into a spin.
            let dueSeconds = nextDue.map { max(0.05, $0.timeIntervalSinceNow) } ?? .infinity
            let deadline = ContinuousClock.now + .seconds(min(configuration.rescanSeconds, dueSeconds))
            while !stop.isRequested, ContinuousClock.now < deadline {
                let slice = min(.milliseconds(500), deadline - ContinuousClock.now)
                let wake = await watcher.wait(timeout: slice)
                if wake == .overflow { logger.warning("inotify queue overflowed; rescanning the inbox") }
                if wake != .timeout { break }
            }
        }
    }

    /// Claims the oldest session that is not deferred, or says when the first deferred one falls due.
    private func claimNext(stop: StopSignal) -> (claim: Claim?, nextDue: Date?) {
        let (ids, nextDue) = spool.claimable(in: stage)
        for id in ids where !stop.isRequested {
            do {
                if let claim = try spool.claim(id, stage: stage) { return (claim, nextDue) }
            } catch {
                logger.error("claim failed: \(error)", metadata: ["session": "\(id)"])
            }
        }
        return (nil, nextDue)
    }

    private func recoveryLoop(stop: StopSignal) async {
        let interval = max(0.2, min(configuration.leaseTimeoutSeconds / 4, configuration.rescanSeconds))
        while !stop.isRequested {
            do {
                let recovered = try spool.recoverStale(stage: stage, leaseTimeout: configuration.leaseTimeoutSeconds,
                                                       maxAttempts: configuration.maxAttempts)
                for id in recovered { logger.warning("recovered from a lost worker", metadata: ["session": "\(id)"]) }
            } catch {
                logger.error("recovery scan failed: \(error)")
            }
            try? await stop.sleep(seconds: interval)
        }
    }

    // MARK: One session

    private enum Outcome: Sendable {
        case finished(Result<Void, any Error>)
        case shutdownTimedOut
    }

    private func process(_ claim: Claim, stop: StopSignal) async {
        var logger = logger
        logger[metadataKey: "session"] = "\(claim.id)"
        logger.info("claimed")
        let heartbeat = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(configuration.heartbeatSeconds))
                try? spool.heartbeat(claim)
            }
        }
        defer { heartbeat.cancel() }

        let work = Task { () -> Result<Void, any Error> in
            do {
                let context = try SessionContext(directory: claim.directory, stage: stage, configuration: configuration, logger: logger)
                try await worker.process(context)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        let outcome = await race(work: work, stop: stop)
        do {
            switch outcome {
            case .finished(.success):
                try spool.complete(claim)
                logger.info("done, passed to \(StageChain.next(after: stage)?.rawValue ?? "done")")
            case let .finished(.failure(failure as SessionFailure)):
                try spool.fail(claim, message: failure.message, detail: failure.detail)
                logger.error("failed: \(failure.message)")
            case let .finished(.failure(deferral as SessionDeferral)):
                let record = try spool.defer(claim, deferral, policy: configuration.deferralPolicy)
                logger.warning("deferred (\(record.count) in a row, not counted as an attempt): \(deferral.message)\(deferral.detail.map { " (\($0))" } ?? ""); retrying at \(Timestamp.string(from: record.until))")
            case let .finished(.failure(error)):
                let attempt = spool.attempts(in: claim.directory, stage: stage) + 1
                logger.error("attempt \(attempt) of \(configuration.maxAttempts) raised: \(error)")
                if attempt < configuration.maxAttempts {
                    try? await stop.sleep(seconds: min(30, pow(2, Double(attempt))))   // back off before the retry
                }
                let destination = try spool.giveBack(claim, outcome: .error, detail: "\(error)", maxAttempts: configuration.maxAttempts)
                logger.notice("session moved to \(destination == .failed ? "failed" : "inbox")")
            case .shutdownTimedOut:
                try spool.giveBack(claim, outcome: .returned, detail: "worker stopped before finishing", maxAttempts: configuration.maxAttempts)
                logger.notice("shutdown grace passed; claim given back to the inbox")
            }
        } catch {
            // The session is still in work/ with our lease; when the lease goes stale a peer
            // recovers it. Nothing is lost.
            logger.error("could not move the session on: \(error); it will be recovered after the lease timeout")
        }
    }

    /// Waits for the work, unless shutdown was requested and the grace period passed first.
    private func race(work: Task<Result<Void, any Error>, Never>, stop: StopSignal) async -> Outcome {
        let grace = configuration.shutdownGraceSeconds
        let gate = FirstCaller()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            let timer = Task {
                try await stop.waitUntilRequested()
                try await Task.sleep(for: .seconds(grace))
                if gate.claim() { continuation.resume(returning: .shutdownTimedOut) }
            }
            Task {
                let result = await work.value
                timer.cancel()
                if gate.claim() { continuation.resume(returning: .finished(result)) }
            }
        }
    }

    // MARK: Outside the spool

    /// Runs the stage's work on one session directory in place, outside the spool (how an
    /// operator re-runs or debugs one stage). Nothing is moved.
    public func runOnce(directory: URL) async throws {
        // Until session.json is read, the directory stands for the session (its name is the id in a spool).
        var logger = logger
        logger[metadataKey: "session"] = "\(SessionID(rawValue: directory.lastPathComponent)?.rawValue ?? directory.path)"
        let context = try SessionContext(directory: directory, stage: stage, configuration: configuration, logger: logger)
        try await worker.process(context)
    }
}

/// True for the first caller only.
final class FirstCaller: Sendable {
    private let taken = Mutex(false)
    func claim() -> Bool { taken.withLock { let first = !$0; $0 = true; return first } }
}

/// A one-way stop flag that loops poll cheaply and sleeps wake from.
final class StopSignal: Sendable {
    private let flag = Mutex(false)

    var isRequested: Bool { flag.withLock { $0 } }

    func request() { flag.withLock { $0 = true } }

    /// Sleeps up to `seconds`, returning early once a stop is requested.
    func sleep(seconds: Double) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !isRequested, ContinuousClock.now < deadline {
            try await Task.sleep(for: min(.milliseconds(200), deadline - ContinuousClock.now))
        }
    }

    func waitUntilRequested() async throws {
        while !isRequested { try await Task.sleep(for: .milliseconds(200)) }
    }
}
