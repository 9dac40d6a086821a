import Foundation

/// What went wrong talking to a remote service, after the retries ``RetryPolicy`` allows.
/// The cases are what a caller decides on: a wrong key is the operator's to fix, a rate limit
/// or an outage passes, a rejected request will not get better by sending it again.
public enum ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 401 or 403: the key is missing, wrong or revoked.
    case unauthorized(status: Int, body: String)
    /// 429 still after the retries, or a `Retry-After` longer than the policy waits in-process.
    case rateLimited(retryAfterSeconds: Double?, body: String)
    /// The account's quota is spent (DeepL's 456).
    case quotaExceeded(status: Int, body: String)
    /// 5xx still after the retries.
    case serverError(status: Int, body: String)
    /// Any other 4xx: the request itself is wrong (too long, unknown model, unsupported field).
    case rejected(status: Int, body: String)
    /// No HTTP answer at all: refused, reset, name not resolved, TLS failure.
    case unreachable(String)
    /// No complete answer within the timeout.
    case timedOut(seconds: Double)
    /// A 2xx answer that is not what the protocol says.
    case invalidResponse(String)

    public var description: String {
        switch self {
        case let .unauthorized(status, body): "HTTP \(status) (unauthorized): \(Self.excerpt(body))"
        case let .rateLimited(after, body):
            "HTTP 429 (rate limited\(after.map { ", retry after \(Int($0)) s" } ?? "")): \(Self.excerpt(body))"
        case let .quotaExceeded(status, body): "HTTP \(status) (quota exceeded): \(Self.excerpt(body))"
        case let .serverError(status, body): "HTTP \(status) (server error): \(Self.excerpt(body))"
        case let .rejected(status, body): "HTTP \(status) (request rejected): \(Self.excerpt(body))"
        case let .unreachable(reason): "unreachable: \(reason)"
        case let .timedOut(seconds): "no answer within \(Int(seconds)) s"
        case let .invalidResponse(reason): "invalid response: \(reason)"
        }
    }

    /// True when the same request may succeed later without anyone changing anything.
    public var isTransient: Bool {
        switch self {
        case .rateLimited, .serverError, .unreachable, .timedOut: true
        case .unauthorized, .quotaExceeded, .rejected, .invalidResponse: false
        }
    }

    /// The service's own words, short enough for a status line.
    static func excerpt(_ body: String) -> String {
        let flat = body.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return flat.count > 300 ? String(flat.prefix(300)) + "…" : flat
    }
}

extension ServiceError {
    /// The one-line message a recruiter sees in `/status` for this failure of `service` ("LLM",
    /// "DeepL"), in the API reference's wording where it has one ("DeepL API key invalid").
    public func statusMessage(service: String) -> String {
        switch self {
        case .unauthorized: "\(service) API key invalid"
        case .rateLimited: "\(service) API rate limit exceeded"
        case .quotaExceeded: "\(service) API quota exceeded"
        case .serverError: "\(service) API unavailable (server error)"
        case .unreachable: "\(service) API unreachable"
        case .timedOut: "\(service) API did not answer in time"
        case .rejected: "\(service) API rejected the request"
        case .invalidResponse: "\(service) API gave an invalid response"
        }
    }

    /// How long the service asked to be left alone, when it said.
    public var retryAfterSeconds: Double? {
        if case let .rateLimited(after, _) = self { return after }
        return nil
    }

    /// Whether the session should wait for the service (key, quota, outage) rather than go on
    /// without it: everything but a rejected request or an unreadable answer.
    public var isServiceProblem: Bool {
        switch self {
        case .rejected, .invalidResponse: false
        default: true
        }
    }
}
