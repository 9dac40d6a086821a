import Foundation

/// One queue of one stage as the metrics show it: how many sessions sit there and how long the
/// oldest has waited. The four queues are disjoint, so their sum is every session the stage holds.
public struct QueueGauge: Sendable, Equatable {
    public enum Queue: String, CaseIterable, Sendable {
        /// Waiting in the inbox and claimable now.
        case inbox
        /// Claimed by a worker.
        case work
        /// Given up on (`error.json` says why).
        case failed
        /// Waiting in the inbox for a service the stage needs (`deferred.json`); not in `inbox`.
        case deferred
    }

    public var stage: Stage
    public var queue: Queue
    public var sessions: Int
    /// Seconds since the oldest session's directory last changed (its arrival, for a session
    /// that only waits); nil when the queue is empty.
    public var oldestSeconds: Double?

    public init(stage: Stage, queue: Queue, sessions: Int = 0, oldestSeconds: Double? = nil) {
        self.stage = stage
        self.queue = queue
        self.sessions = sessions
        self.oldestSeconds = oldestSeconds
    }
}

extension Spool {
    /// Every stage's four queues (``QueueGauge/Queue``), in stage order, read from the spool now.
    /// A session moving while we look may be missed or seen twice in this one reading, never lost.
    public func queueGauges(now: Date = Date()) -> [QueueGauge] {
        Stage.allCases.flatMap { stage -> [QueueGauge] in
            var gauges = Dictionary(uniqueKeysWithValues: QueueGauge.Queue.allCases.map { ($0, QueueGauge(stage: stage, queue: $0)) })
            func add(_ url: URL, to queue: QueueGauge.Queue) {
                gauges[queue]!.sessions += 1
                if let age = DurableFile.age(of: url, now: now) {
                    gauges[queue]!.oldestSeconds = max(gauges[queue]!.oldestSeconds ?? 0, max(0, age))
                }
            }
            for (_, url) in sessions(in: layout.directory(stage, .inbox)) {
                add(url, to: Self.deferral(of: url)?.holds(stage, now: now) == true ? .deferred : .inbox)
            }
            for (_, url) in sessions(in: layout.directory(stage, .work)) { add(url, to: .work) }
            for (_, url) in sessions(in: layout.directory(stage, .failed)) { add(url, to: .failed) }
            return QueueGauge.Queue.allCases.map { gauges[$0]! }
        }
    }
}
