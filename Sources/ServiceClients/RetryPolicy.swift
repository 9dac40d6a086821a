import Foundation

/// How often and how patiently a request is repeated when the service is busy or away.
///
/// Retried: 429 and 5xx answers, and no answer at all (refused, reset, timed out). Never
/// retried: 401/403 (a wrong key stays wrong), other 4xx, DeepL's 456 (quota). A `Retry-After`
/// header (seconds or an HTTP date) is honoured when it asks for no more than
/// `maxRetryAfterSeconds`; a longer one ends the request with `.rateLimited`, so the caller can
/// put the whole job off rather than hold a worker.
public struct RetryPolicy: Sendable, Equatable {
    /// Requests in all, the first included.
    public var maxAttempts: Int
    /// The first back-off; it doubles per attempt (with up to 25 % jitter) up to `maxBackoffSeconds`.
    public var initialBackoffSeconds: Double
    public var maxBackoffSeconds: Double
    public var maxRetryAfterSeconds: Double

    public init(maxAttempts: Int = 4, initialBackoffSeconds: Double = 1, maxBackoffSeconds: Double = 20,
                maxRetryAfterSeconds: Double = 60) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoffSeconds = initialBackoffSeconds
        self.maxBackoffSeconds = maxBackoffSeconds
        self.maxRetryAfterSeconds = maxRetryAfterSeconds
    }

    public static let `default` = RetryPolicy()
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The pause after failed attempt `attempt` (1-based).
    func backoff(after attempt: Int) -> Double {
        let base = min(maxBackoffSeconds, initialBackoffSeconds * pow(2, Double(attempt - 1)))
        return base * Double.random(in: 1...1.25)
    }

    /// Seconds from a `Retry-After` value: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
    static func retryAfterSeconds(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSince(now)) }
    }
}

extension RetryPolicy {
    /// ``retryAfterSeconds(_:now:)`` for tests outside the module.
    public static func retryAfterSecondsForTesting(_ value: String?, now: Date) -> Double? {
        retryAfterSeconds(value, now: now)
    }
}
