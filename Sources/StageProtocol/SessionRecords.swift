import Foundation

/// `.lease`: who holds a claimed session. Its mtime is the heartbeat.
public struct Lease: Codable, Sendable, Equatable {
    public var host: String
    public var pid: Int32
    public var start: Date

    public init(host: String, pid: Int32, start: Date) {
        self.host = host
        self.pid = pid
        self.start = start
    }
}

/// `progress.json`: what the current stage is doing now.
public struct ProgressReport: Codable, Sendable, Equatable {
    public var stage: Stage
    public var message: String
    public var current: Int
    public var total: Int
    public var updatedAt: Date

    public init(stage: Stage, message: String, current: Int, total: Int, updatedAt: Date = Date()) {
        self.stage = stage
        self.message = message
        self.current = current
        self.total = total
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case stage, message, current, total
        case updatedAt = "updated_at"
    }
}

/// One line of `history.jsonl`: one stage attempt, or an operator's action.
public struct HistoryEntry: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        /// The stage finished and passed the session on.
        case ok
        /// The stage gave up for good (`failed/`).
        case failed
        /// The attempt raised an unexpected error; the session was put back for another try.
        case error
        /// The worker vanished (crash, SIGKILL); a peer recovered the session from its stale lease.
        case lost
        /// The worker was asked to stop and put the session back unfinished (not an attempt).
        case returned
        /// An operator retried the session from `failed/` or re-ran it (resets the attempt count).
        case retried
        /// A service the stage needs was unusable (``SessionDeferral``); the session went back to
        /// the inbox until `deferred.json`'s retry time. Not an attempt: not the session's fault.
        case deferred
    }

    public var stage: Stage
    public var host: String
    public var pid: Int32
    public var start: Date
    public var end: Date
    public var outcome: Outcome
    public var detail: String?

    public init(stage: Stage, host: String, pid: Int32, start: Date, end: Date, outcome: Outcome, detail: String? = nil) {
        self.stage = stage
        self.host = host
        self.pid = pid
        self.start = start
        self.end = end
        self.outcome = outcome
        self.detail = detail
    }
}

/// `error.json`: why a stage gave up on a session.
public struct StageFailureRecord: Codable, Sendable, Equatable {
    public var stage: Stage
    public var message: String
    public var detail: String?
    public var time: Date
    public var attempts: Int

    public init(stage: Stage, message: String, detail: String?, time: Date = Date(), attempts: Int) {
        self.stage = stage
        self.message = message
        self.detail = detail
        self.time = time
        self.attempts = attempts
    }
}

/// `deferred.json`: the stage could not use a service it needs and put the session back in its
/// inbox until `until`. The stage's workers leave the session alone until then and `/status`
/// shows the message. It exists only while the session waits: a claim removes it, and so do an
/// operator's retry and re-run.
public struct DeferralRecord: Codable, Sendable, Equatable {
    public var stage: Stage
    /// What `/status` shows, e.g. "LLM API key invalid".
    public var message: String
    public var detail: String?
    /// When the stage may claim the session again.
    public var until: Date
    /// Consecutive deferrals by this stage, 1 for the first; the backoff grows with it.
    public var count: Int

    public init(stage: Stage, message: String, detail: String?, until: Date, count: Int) {
        self.stage = stage
        self.message = message
        self.detail = detail
        self.until = until
        self.count = count
    }

    /// True while `stage`'s workers must leave the session alone.
    public func holds(_ stage: Stage, now: Date = Date()) -> Bool { self.stage == stage && until > now }
}

/// `errors/<n>.json`: one video of the session could not be processed. The other videos go on;
/// later stages skip this item and `results.json` reports it as failed.
public struct ItemError: Codable, Sendable, Equatable {
    public var index: Int
    public var stage: Stage
    public var message: String
    public var detail: String?

    public init(index: Int, stage: Stage, message: String, detail: String? = nil) {
        self.index = index
        self.stage = stage
        self.message = message
        self.detail = detail
    }
}

/// The names inside a session directory (ARCHITECTURE.md, "Inside a session directory").
public enum SessionFile {
    public static let request = "session.json"
    public static let lease = ".lease"
    public static let progress = "progress.json"
    public static let history = "history.jsonl"
    public static let error = "error.json"
    public static let deferral = "deferred.json"
    public static let results = "results.json"
    public static let videos = "videos"
    public static let itemErrors = "errors"
}
