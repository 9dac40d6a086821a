import Synchronization

/// Token buckets, one per client: each holds at most `limit` tokens and refills `limit` per
/// `periodSeconds`, so a client may burst its whole allowance and then goes at the steady rate.
/// In memory, per process: several front doors behind one balancer each keep their own buckets.
/// Memory is bounded: past `maxClients` buckets the idle ones (full again, so forgetting them
/// changes nothing) are dropped, then the least recently seen. Safe to call from any thread.
final class RateLimiter: Sendable {
    /// The answer for one request: allowed, or refused with the seconds until a token is back.
    enum Decision: Equatable {
        case allowed
        case limited(retryAfterSeconds: Int)
    }

    let limit: Int
    let periodSeconds: Double
    let maxClients: Int
    private let state = Mutex(State())

    private struct Bucket {
        var tokens: Double
        var updatedAt: Double
    }

    private struct State {
        var buckets: [String: Bucket] = [:]
    }

    /// - Parameters:
    ///   - limit: requests per period, at least 1.
    ///   - maxClients: buckets kept at most (10 000 by default: well under a megabyte).
    init(limit: Int, periodSeconds: Double, maxClients: Int = 10_000) {
        precondition(limit > 0 && periodSeconds > 0 && maxClients > 0)
        self.limit = limit
        self.periodSeconds = periodSeconds
        self.maxClients = maxClients
    }

    private var tokensPerSecond: Double { Double(limit) / periodSeconds }

    /// Takes a token from `client`'s bucket if it has one. `now` is seconds on a monotonic clock.
    func acquire(client: String, now: Double = RateLimiter.monotonicSeconds()) -> Decision {
        state.withLock { state in
            var bucket = state.buckets[client] ?? Bucket(tokens: Double(limit), updatedAt: now)
            if state.buckets[client] == nil, state.buckets.count >= maxClients { evict(&state, now: now) }
            bucket.tokens = min(Double(limit), bucket.tokens + max(0, now - bucket.updatedAt) * tokensPerSecond)
            bucket.updatedAt = now
            let decision: Decision
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                decision = .allowed
            } else {
                decision = .limited(retryAfterSeconds: max(1, Int(((1 - bucket.tokens) / tokensPerSecond).rounded(.up))))
            }
            state.buckets[client] = bucket
            return decision
        }
    }

    /// Number of clients currently remembered.
    var clientCount: Int { state.withLock { $0.buckets.count } }

    /// Makes room for a new client: drops the buckets that have refilled, then, if that is not
    /// enough, the least recently seen down to 90 % of the cap so eviction is not paid on every request.
    private func evict(_ state: inout State, now: Double) {
        let refillSeconds = periodSeconds
        state.buckets = state.buckets.filter { now - $0.value.updatedAt < refillSeconds }
        guard state.buckets.count >= maxClients else { return }
        let keep = maxClients * 9 / 10
        let newestFirst = state.buckets.sorted { $0.value.updatedAt > $1.value.updatedAt }
        state.buckets = Dictionary(uniqueKeysWithValues: newestFirst.prefix(keep).map { ($0.key, $0.value) })
    }

    /// Seconds since an arbitrary fixed point, never going backwards.
    static func monotonicSeconds() -> Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    private static let origin = ContinuousClock.now
}
