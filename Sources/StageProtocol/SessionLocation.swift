import Foundation

/// Where a session is in the spool right now.
public enum SessionLocation: Sendable, Equatable {
    case queued(Stage, URL)
    case working(Stage, URL)
    case failed(Stage, URL)
    case done(URL)

    public var directory: URL {
        switch self {
        case let .queued(_, url), let .working(_, url), let .failed(_, url), let .done(url): url
        }
    }

    public var stage: Stage? {
        switch self {
        case let .queued(stage, _), let .working(stage, _), let .failed(stage, _): stage
        case .done: nil
        }
    }

    /// A short word for listings: "inbox", "work", "failed", "done".
    public var queueName: String {
        switch self {
        case .queued: "inbox"
        case .working: "work"
        case .failed: "failed"
        case .done: "done"
        }
    }
}

extension Spool {
    /// Finds a session by looking in each place it can be (done first, then each stage's
    /// failed/work/inbox in stage order). A session moving between two places while we look
    /// is looked for once more, so a published session is never reported missing.
    public func locate(_ id: SessionID) -> SessionLocation? {
        for _ in 0..<3 {
            if let found = locateOnce(id) { return found }
        }
        return nil
    }

    private func locateOnce(_ id: SessionID) -> SessionLocation? {
        let fm = FileManager.default
        let done = layout.doneSession(id)
        if fm.fileExists(atPath: done.path) { return .done(done) }
        for stage in Stage.allCases.reversed() {
            let failed = layout.session(id, in: stage, .failed)
            if fm.fileExists(atPath: failed.path) { return .failed(stage, failed) }
            let work = layout.session(id, in: stage, .work)
            if fm.fileExists(atPath: work.path) { return .working(stage, work) }
            let inbox = layout.session(id, in: stage, .inbox)
            if fm.fileExists(atPath: inbox.path) { return .queued(stage, inbox) }
        }
        return nil
    }

    /// Per-stage queue depths, how many waiting sessions are deferred, and the age of the oldest
    /// session in each queue.
    public func depths(now: Date = Date()) -> [QueueDepth] {
        Stage.allCases.map { stage in
            var depth = QueueDepth(stage: stage)
            for queue in SpoolLayout.Queue.allCases {
                let found = sessions(in: layout.directory(stage, queue))
                let oldest = found.first.flatMap { DurableFile.age(of: $0.url, now: now) }
                switch queue {
                case .inbox:
                    depth.inbox = found.count
                    depth.deferred = found.count { Self.deferral(of: $0.url)?.holds(stage, now: now) == true }
                    depth.oldestInboxSeconds = oldest
                case .work: depth.work = found.count; depth.oldestWorkSeconds = oldest
                case .failed: depth.failed = found.count
                }
            }
            return depth
        }
    }

    public var doneCount: Int { sessions(in: layout.done).count }
}

/// The size of one stage's queues.
public struct QueueDepth: Codable, Sendable, Equatable {
    public var stage: Stage
    public var inbox = 0
    /// Of `inbox`, the sessions waiting for a service the stage needs to come back (`deferred.json`).
    public var deferred = 0
    public var work = 0
    public var failed = 0
    public var oldestInboxSeconds: Double?
    public var oldestWorkSeconds: Double?

    public init(stage: Stage) { self.stage = stage }

    enum CodingKeys: String, CodingKey {
        case stage, inbox, deferred, work, failed
        case oldestInboxSeconds = "oldest_inbox_seconds"
        case oldestWorkSeconds = "oldest_work_seconds"
    }
}
