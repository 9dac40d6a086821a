import Crypto
import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import StageProtocol

/// Sends the webhooks of `pipeline run`: every `scanSeconds` it looks through `done/` and each
/// stage's `failed/` for sessions with a `callback_url` whose notice is pending and due, POSTs
/// it, and records the attempt (`webhook.json`, a line in `webhook.jsonl`).
///
/// The notice: `{"event": "session.completed" | "session.failed", "session_id", "status",
/// "status_url", "results_url" (completed), "error" (failed), "external_id", "sent_at"}`, with
/// `X-Interview-Event`, `X-Interview-Delivery` (the same on every retry: receivers de-duplicate
/// by it; delivery is at least once), `X-Interview-Timestamp`, and `X-Interview-Signature:
/// sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed by WEBHOOK_SECRET>`.
final class WebhookNotifier: @unchecked Sendable {   // used only on its timer's serial queue
    let spool: Spool
    let policy: WebhookPolicy
    let logger: Logger
    /// Finished sessions with nothing (more) to send: no callback, or delivered or abandoned.
    /// Remembered so a scan reads each finished session's files once, not every few seconds.
    private var settled: Set<String> = []

    init(spool: Spool, policy: WebhookPolicy, logger: Logger) {
        self.spool = spool
        self.policy = policy
        self.logger = logger
    }

    static func start(spool: Spool, policy: WebhookPolicy) -> (any DispatchSourceTimer)? {
        guard policy.isEnabled else { return nil }
        bootstrapLogging(level: .info)
        let notifier = WebhookNotifier(spool: spool, policy: policy, logger: Logger(label: "webhooks"))
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "webhooks"))
        timer.schedule(deadline: .now(), repeating: .milliseconds(Int(policy.scanSeconds * 1000)))
        timer.setEventHandler { notifier.sendDue() }
        timer.resume()
        return timer
    }

    /// One pass: every due notice of every finished session, once.
    func sendDue(now: Date = Date()) {
        var finished: [(URL, Bool)] = spool.sessions(in: spool.layout.done).map { ($0.url, true) }
        for stage in Stage.allCases {
            finished += spool.sessions(in: spool.layout.directory(stage, .failed)).map { ($0.url, false) }
        }
        for (directory, completed) in finished {
            let event = completed ? "session.completed" : "session.failed"
            let key = "\(directory.lastPathComponent) \(event)"   // an operator's retry may finish it the other way
            guard !settled.contains(key) else { continue }
            guard let request = try? JSONCoding.read(SessionRequest.self, from: directory.appending(component: SessionFile.request)),
                  let callback = request.callbackURL, let url = policy.callbackURL(callback) else {
                settled.insert(key)
                continue
            }
            var record = (try? JSONCoding.read(WebhookRecord.self, from: directory.appending(component: SessionFile.webhook)))
                ?? WebhookRecord(event: event, state: .pending, attempts: 0, nextAttemptAt: now)
            if record.event != event {   // retried by an operator and finished the other way: a new notice
                record = WebhookRecord(event: event, state: .pending, attempts: 0, nextAttemptAt: now)
            }
            guard record.state == .pending else {
                settled.insert(key)
                continue
            }
            guard record.nextAttemptAt <= now else { continue }
            let result = deliver(notice(request, directory: directory, event: event), to: url, event: event)
            record.attempts += 1
            record.lastResult = result.status.map { "HTTP \($0)" } ?? result.error
            if let status = result.status, (200..<300).contains(status) {
                record.state = .delivered
                settled.insert(key)
            } else if record.attempts >= policy.maxAttempts {
                record.state = .abandoned
                settled.insert(key)
                logger.error("session \(request.id): webhook abandoned after \(record.attempts) attempts (\(record.lastResult ?? "?"))")
            } else {
                record.nextAttemptAt = now.addingTimeInterval(policy.backoff(after: record.attempts))
            }
            let attempt = WebhookAttempt(time: now, event: event, url: url.absoluteString, status: result.status,
                                         error: result.error, host: spool.host, pid: spool.pid)
            do {
                try DurableFile.appendLine(String(decoding: JSONCoding.encode(attempt, pretty: false), as: UTF8.self),
                                           to: directory.appending(component: SessionFile.webhookLog))
                try JSONCoding.write(record, to: directory.appending(component: SessionFile.webhook))
            } catch {
                logger.error("session \(request.id): cannot record the webhook attempt: \(error)")
            }
            logger.info("session \(request.id): webhook \(event) attempt \(record.attempts): \(record.lastResult ?? "?")")
        }
    }

    struct Notice: Encodable {
        var event: String
        var sessionID: SessionID
        var status: String
        var statusURL: String
        var resultsURL: String?
        var error: String?
        var externalID: String?
        var sentAt: Date

        enum CodingKeys: String, CodingKey {
            case event, status, error
            case sessionID = "session_id"
            case statusURL = "status_url"
            case resultsURL = "results_url"
            case externalID = "external_id"
            case sentAt = "sent_at"
        }
    }

    func notice(_ request: SessionRequest, directory: URL, event: String) -> Notice {
        let base = policy.publicBaseURL.hasSuffix("/") ? String(policy.publicBaseURL.dropLast()) : policy.publicBaseURL
        let completed = event == "session.completed"
        let failure = completed ? nil : (try? JSONCoding.read(StageFailureRecord.self, from: directory.appending(component: SessionFile.error)))?.message
        return Notice(event: event, sessionID: request.id, status: completed ? "completed" : "error",
                      statusURL: "\(base)/status/\(request.id)", resultsURL: completed ? "\(base)/results/\(request.id)" : nil,
                      error: failure, externalID: request.externalID, sentAt: Date())
    }

    /// The signature of a notice body sent at `timestamp`.
    static func signature(body: Data, timestamp: String, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).".utf8) + body, using: key)
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// POSTs the notice; the answer's status, or why there was none.
    func deliver(_ notice: Notice, to url: URL, event: String) -> (status: Int?, error: String?) {
        guard let body = try? JSONCoding.encode(notice, pretty: false) else { return (nil, "cannot encode the notice") }
        let timestamp = String(Int(Date().timeIntervalSince1970))
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(event, forHTTPHeaderField: "X-Interview-Event")
        request.setValue("\(notice.sessionID)-\(event)", forHTTPHeaderField: "X-Interview-Delivery")
        request.setValue(timestamp, forHTTPHeaderField: "X-Interview-Timestamp")
        request.setValue(Self.signature(body: body, timestamp: timestamp, secret: policy.secret), forHTTPHeaderField: "X-Interview-Signature")
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: (Int?, String?) = (nil, "no answer")
        URLSession.shared.dataTask(with: request) { _, response, error in
            outcome = ((response as? HTTPURLResponse)?.statusCode, error.map { "\($0.localizedDescription)" })
            done.signal()
        }.resume()
        done.wait()
        return outcome
    }
}
