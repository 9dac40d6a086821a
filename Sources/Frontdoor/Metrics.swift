import Foundation
import Prometheus
import StageProtocol
import Synchronization

/// The front door's Prometheus metrics (`GET /metrics`). Stage processes have no HTTP port, so
/// everything about them is read from the spool, which the front door reads anyway:
/// - queue gauges and the done count, read when scraped;
/// - stage attempts and durations, from the `history.jsonl` of each session that reached
///   `done/` since this front door started (``DoneSessionScanner``, scanned incrementally when scraped);
/// - the front door's own requests, uploads and upload bytes, counted as they happen (``MetricsMiddleware``).
///
/// One instance per front door; safe to use from any thread.
final class FrontdoorMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let spool: Spool
    private let doneSessions: DoneSessionScanner
    /// Serialises scrapes, so the gauges of one answer come from one reading of the spool.
    private let scrape = Mutex(())

    /// Upper bounds of `interview_stage_duration_seconds`: from a sub-second aggregate to an
    /// hour of transcription on a slow machine (the longest video is `MAX_VIDEO_SECONDS`, 900).
    static let stageDurationBuckets: [Double] = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600]

    init(spool: Spool, start: Date = Date()) {
        self.spool = spool
        self.doneSessions = DoneSessionScanner(spool: spool, start: start)
    }

    // MARK: Names, in one place

    /// Every series is `interview_<metric>_<unit>`. Computed: swift-prometheus's descriptor is not
    /// `Sendable`, so it cannot be a stored constant.
    enum Name {
        static var queueSessions: MetricNameDescriptor {
            name("queue", "sessions", "Sessions in a stage's queue now; inbox excludes deferred, so the four queues add up to the stage's sessions.")
        }
        static var queueOldest: MetricNameDescriptor {
            name("queue_oldest", "seconds", "Age of the oldest session in a stage's queue (0 when empty).")
        }
        static var done: MetricNameDescriptor {
            name("sessions_done", "total", "Sessions in done/ now (a gauge: an operator's re-run takes a session out again).")
        }
        static var stageDuration: MetricNameDescriptor {
            name("stage_duration", "seconds", "Duration of successful stage attempts, from the history of sessions done since the front door started.")
        }
        static var stageAttempts: MetricNameDescriptor {
            name("stage_attempts", "total", "Stage attempts by outcome, from the history of sessions done since the front door started.")
        }
        static var uploads: MetricNameDescriptor {
            name("uploads", "total", "Upload requests by kind and outcome (accepted: a session was created).")
        }
        static var uploadBytes: MetricNameDescriptor {
            name("upload_bytes", "total", "Request body bytes the upload routes read, accepted or refused.")
        }
        static var httpRequests: MetricNameDescriptor {
            name("http_requests", "total", "HTTP requests by route template, method and status class.")
        }

        private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "interview", metricName: metric, unitName: unit, helpText: help)
        }
    }

    // MARK: Counted as requests happen

    /// One answered request: `route` is the router's template (`/status/{session_id}`), never the path.
    func recordRequest(route: String, method: String, status: Int) {
        registry.makeCounter(descriptor: Name.httpRequests,
                             labels: [("route", route), ("method", method), ("status_class", "\(status / 100)xx")]).increment()
    }

    func recordUpload(kind: UploadKind, accepted: Bool) {
        registry.makeCounter(descriptor: Name.uploads,
                             labels: [("kind", kind.rawValue), ("outcome", accepted ? "accepted" : "refused")]).increment()
    }

    func uploadBytesCounter(kind: UploadKind) -> Counter {
        registry.makeCounter(descriptor: Name.uploadBytes, labels: [("kind", kind.rawValue)])
    }

    // MARK: Read when scraped

    /// The exposition text: the spool read now, new done sessions' histories folded in.
    func render(now: Date = Date()) -> [UInt8] {
        scrape.withLock { _ in
            for gauge in spool.queueGauges(now: now) {
                let labels = [("stage", gauge.stage.rawValue), ("queue", gauge.queue.rawValue)]
                registry.makeGauge(descriptor: Name.queueSessions, labels: labels).set(Double(gauge.sessions))
                registry.makeGauge(descriptor: Name.queueOldest, labels: labels).set(gauge.oldestSeconds ?? 0)
            }
            let (arrivals, doneCount) = doneSessions.scan(now: now)
            registry.makeGauge(descriptor: Name.done).set(Double(doneCount))
            for entry in arrivals.flatMap(\.attempts) {
                registry.makeCounter(descriptor: Name.stageAttempts,
                                     labels: [("stage", entry.stage.rawValue), ("outcome", entry.outcome.rawValue)]).increment()
                if entry.outcome == .ok {
                    registry.makeValueHistogram(descriptor: Name.stageDuration, labels: [("stage", entry.stage.rawValue)],
                                                buckets: Self.stageDurationBuckets)
                        .record(max(0, entry.end.timeIntervalSince(entry.start)))
                }
            }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(16 * 1024)
            registry.emit(into: &buffer)
            return buffer
        }
    }
}

/// The two ways a session is created, as the upload metrics label them.
enum UploadKind: String, Sendable {
    case upload
    case uploadJSON = "upload_json"

    /// The kind a route template creates sessions of, if any.
    init?(route: String?, method: String) {
        guard method == "POST" else { return nil }
        switch route {
        case "/upload": self = .upload
        case "/upload_json": self = .uploadJSON
        default: return nil
        }
    }
}
