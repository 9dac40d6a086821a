import Foundation

/// Webhooks: when a session with a `callback_url` completes or fails, the supervisor POSTs a
/// small signed JSON notice there, retried with back-off until a 2xx answer or the attempt limit.
public struct WebhookPolicy: Sendable, Equatable {
    /// `WEBHOOK_ALLOWED_HOSTS`: hosts (`hooks.example.com`, `*.example.com`) a `callback_url` may
    /// name; empty (the default) means webhooks are off and a `callback_url` is refused.
    public var allowedHosts: [String] = []
    /// `WEBHOOK_SECRET`: the HMAC-SHA256 key of the `X-Interview-Signature` header.
    public var secret: String = ""
    /// `WEBHOOK_ALLOW_HTTP`: plain http callbacks (tests, internal networks); https otherwise.
    public var allowHTTP = false
    /// `WEBHOOK_MAX_ATTEMPTS`, `WEBHOOK_BACKOFF_SECONDS`: attempts in all, and the first pause
    /// (doubling, at most an hour).
    public var maxAttempts = 8
    public var initialBackoffSeconds: Double = 30
    /// `WEBHOOK_SCAN_SECONDS`: how often the supervisor looks for notices to send.
    public var scanSeconds: Double = 5
    /// `PUBLIC_BASE_URL`: where the notice's status and results URLs point.
    public var publicBaseURL = "http://localhost:8888"

    public init() {}

    public var isEnabled: Bool { !allowedHosts.isEmpty }

    /// The callback URL, if `text` is one this policy allows.
    public func callbackURL(_ text: String) -> URL? {
        guard isEnabled, text.count <= 2048, let url = URL(string: text.trimmingCharacters(in: .whitespaces)),
              let scheme = url.scheme?.lowercased(), scheme == "https" || (allowHTTP && scheme == "http"),
              let host = url.host?.lowercased(), url.user == nil, VideoLink.isAllowed(host, allowedHosts) else { return nil }
        return url
    }

    /// The pause before attempt `attempt + 1`.
    public func backoff(after attempt: Int) -> Double {
        min(3600, initialBackoffSeconds * pow(2, Double(max(0, attempt - 1))))
    }
}

/// `webhook.json` in a session: the notice's delivery so far. One line per attempt also goes to
/// `webhook.jsonl`, the session's record of what was sent and what came back.
public struct WebhookRecord: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable { case pending, delivered, abandoned }
    public var event: String
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastResult: String?

    public init(event: String, state: State, attempts: Int, nextAttemptAt: Date, lastResult: String? = nil) {
        self.event = event
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastResult = lastResult
    }

    enum CodingKeys: String, CodingKey {
        case event, state, attempts
        case nextAttemptAt = "next_attempt_at"
        case lastResult = "last_result"
    }
}

/// One attempt, a line of `webhook.jsonl`.
public struct WebhookAttempt: Codable, Sendable, Equatable {
    public var time: Date
    public var event: String
    public var url: String
    public var status: Int?
    public var error: String?
    public var host: String
    public var pid: Int32

    public init(time: Date, event: String, url: String, status: Int?, error: String?, host: String, pid: Int32) {
        self.time = time
        self.event = event
        self.url = url
        self.status = status
        self.error = error
        self.host = host
        self.pid = pid
    }
}

extension SessionFile {
    public static let webhook = "webhook.json"
    public static let webhookLog = "webhook.jsonl"
}
