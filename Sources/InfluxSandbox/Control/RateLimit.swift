import Foundation
import Synchronization

/// A request rate per token, as a gateway in front of InfluxDB Cloud enforces it (§15.1: a
/// token over its quota gets `429 Too Many Requests` with `Retry-After` in seconds).
///
/// Each token has a bucket that holds at most `burst` requests and refills at
/// `requestsPerSecond`; a request takes one from its token's bucket, and a request that finds
/// it empty is refused with 429 and `Retry-After` set to the whole seconds (at least 1) until
/// the bucket holds a request again. A refused request takes nothing from the bucket.
public struct SandboxRateLimit: Sendable, Hashable {
    /// Requests a token may send per second (may be fractional, e.g. 0.1 for one per 10 s).
    public var requestsPerSecond: Double
    /// Requests a token may send at once after being idle: one second's worth (at least 1).
    public var burst: Double { max(1, requestsPerSecond) }

    /// Creates a limit of `requestsPerSecond` (> 0) per token.
    public init(requestsPerSecond: Double) {
        self.requestsPerSecond = requestsPerSecond
    }

    /// Parses `N/s` or `N` (requests per second, a positive number, e.g. `200/s`, `0.5/s`).
    /// - Returns: nil when the text is not such a rate.
    public init?(parsing text: String) {
        var number = text.trimmingCharacters(in: .whitespaces)
        if number.hasSuffix("/s") { number.removeLast(2) }
        guard let value = Double(number), value.isFinite, value > 0 else { return nil }
        self.init(requestsPerSecond: value)
    }

    /// `200/s`, `0.5/s`.
    public var text: String { perSecondText + "/s" }

    /// `200`, `0.5`.
    var perSecondText: String {
        requestsPerSecond == requestsPerSecond.rounded() && requestsPerSecond < 1e15 ? String(Int(requestsPerSecond)) : String(requestsPerSecond)
    }
}

/// One token's bucket: how many requests it holds and when it was last refilled.
struct TokenBucket: Sendable, Equatable {
    var available: Double
    var refilledAt: Double

    /// Takes one request from the bucket at `now` (seconds on any monotonic clock).
    /// - Returns: nil when the request may pass; else the `Retry-After` seconds (≥ 1): the
    ///   whole seconds until the bucket holds one request again.
    mutating func take(at now: Double, limit: SandboxRateLimit) -> Int? {
        available = min(limit.burst, available + max(0, now - refilledAt) * limit.requestsPerSecond)
        refilledAt = now
        if available >= 1 {
            available -= 1
            return nil
        }
        return max(1, Int(((1 - available) / limit.requestsPerSecond).rounded(.up)))
    }
}

/// The rate limit in force and every token's bucket. The limit can be changed at any time
/// (control API `PUT/DELETE /sandbox/rate-limit`); a change empties no bucket but starts
/// every token afresh with a full one.
final class RateLimiter: Sendable {
    private let configured: SandboxRateLimit?
    private let state: Mutex<(limit: SandboxRateLimit?, buckets: [String: TokenBucket])>
    private let clock: @Sendable () -> Double

    /// - Parameters:
    ///   - limit: the limit at start (and after `reset()`); nil for none.
    ///   - clock: seconds on a monotonic clock (tests pass their own).
    init(limit: SandboxRateLimit?, clock: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds) {
        configured = limit
        state = Mutex((limit, [:]))
        self.clock = clock
    }

    /// Seconds since an arbitrary start, from the monotonic clock.
    @Sendable static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// The limit in force, or nil.
    var limit: SandboxRateLimit? { state.withLock { $0.limit } }

    /// Puts `limit` in force (nil lifts it); every token starts with a full bucket.
    func set(_ limit: SandboxRateLimit?) {
        state.withLock { $0 = (limit, [:]) }
    }

    /// Back to the limit the sandbox was started with.
    func reset() { set(configured) }

    /// Counts a request of `token` against its bucket.
    /// - Returns: nil when it may be served; else the `Retry-After` seconds for the 429.
    func admit(token: String) -> Int? {
        let now = clock()
        return state.withLock { s in
            guard let limit = s.limit else { return nil }
            var bucket = s.buckets[token] ?? TokenBucket(available: limit.burst, refilledAt: now)
            let retryAfter = bucket.take(at: now, limit: limit)
            s.buckets[token] = bucket
            return retryAfter
        }
    }

    /// A JSON number: `200` for a whole number, else `0.5`.
    static func json(_ value: Double) -> JSONValue {
        value == value.rounded() && abs(value) < 1e15 ? .int(Int(value)) : .number(String(value))
    }

    /// The 429 a refused request gets: the error envelope with code `too many requests`
    /// (§1.2) and `Retry-After` (§15.1).
    static func refusal(retryAfter: Int, limit: SandboxRateLimit) -> Reply {
        Reply.error(APIError(.tooManyRequests, "rate limit exceeded: this token may send \(limit.perSecondText) requests per second; retry after \(retryAfter) s"))
            .adding("Retry-After", String(retryAfter))
    }
}
