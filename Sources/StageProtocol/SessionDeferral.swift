import Foundation

/// The session cannot be processed *now* because a service it needs is unusable (a wrong API
/// key, an unreachable endpoint, a spent quota), through no fault of the session. The runner puts
/// it back in the stage's inbox, not counted as an attempt, records why in `deferred.json`, and
/// leaves it unclaimed until the retry time; `/status` shows the message meanwhile. Nothing is
/// lost: when the operator fixes the service, the next retry (or `pipeline retry <id>`) goes on.
public struct SessionDeferral: Error, CustomStringConvertible, Sendable, Equatable {
    /// What `/status` shows, e.g. "LLM API key invalid".
    public var message: String
    public var detail: String?
    /// When the service said when to come back (`Retry-After`); `nil` lets the runner back off.
    public var retryAfterSeconds: Double?

    public init(_ message: String, detail: String? = nil, retryAfterSeconds: Double? = nil) {
        self.message = message
        self.detail = detail
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { message }
}

/// How long a deferred session waits before its stage tries it again: the service's own
/// `Retry-After` when it gave one, otherwise exponential backoff by consecutive deferral
/// (`minimumSeconds`, twice that, four times, …). Never longer than `maximumSeconds`, never
/// shorter than ``shortestSeconds``, so a deferred session can neither spin against a dead
/// service nor wait for ever.
public struct DeferralPolicy: Sendable, Equatable {
    /// The floor whatever the configuration or the service says: a zero delay would claim, call
    /// the dead service and defer again in a tight loop.
    public static let shortestSeconds = 1.0

    public var minimumSeconds: Double
    public var maximumSeconds: Double

    public init(minimumSeconds: Double, maximumSeconds: Double) {
        self.minimumSeconds = minimumSeconds
        self.maximumSeconds = maximumSeconds
    }

    /// The delay for the `consecutive`-th deferral in a row (1 for the first).
    public func delaySeconds(consecutive: Int, retryAfterSeconds: Double?) -> Double {
        let first = max(Self.shortestSeconds, minimumSeconds)
        let backoff = first * pow(2, Double(max(0, consecutive - 1)))
        let wanted = retryAfterSeconds.flatMap { $0.isFinite ? $0 : nil } ?? backoff
        return min(max(first, maximumSeconds), max(Self.shortestSeconds, wanted))
    }
}
