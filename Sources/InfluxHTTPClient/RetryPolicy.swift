import Foundation

/// When `InfluxHTTPClient` sends a request again.
///
/// - `429 Too Many Requests` and `503 Service Unavailable` mean "not processed"
///   (influxdb-api.md §15.1), so every method is retried after the server's `Retry-After`
///   (whole seconds), or after the backoff delay when the header is absent, at most
///   `maxThrottleRetries` times. The backoff is 1 s, 2 s, 4 s by default
///   (`initialBackoffSeconds` doubled per retry), each lengthened by a random jitter of up to
///   `jitterFraction` (20 %) so that several clients throttled together do not retry in step.
///   A `Retry-After` longer than `maxRetryAfterSeconds` is not
///   waited for: the error is returned at once.
/// - An applier's write (`InterruptibleRequests`) refused while the client has had no 2xx
///   answer for `maxThrottledSeconds` (60 s by default, the longest `Retry-After` waited for) is not sent again, whatever retries it
///   has left: a server that throttles for good ends the apply within about that long, where
///   many writes under way each spent their own retries one after the other.
/// - Idempotent reads (`GET`) are also retried on other 5xx answers and on transport
///   failures (connection refused or reset, timeouts), at most `maxReadRetries` times, with
///   exponential backoff. Writes are never retried on those: the server may have applied them.
public struct RetryPolicy: Hashable, Sendable {
    /// Retries after 429/503, for any method.
    public var maxThrottleRetries: Int
    /// Retries of a `GET` after another 5xx or a transport failure.
    public var maxReadRetries: Int
    /// First backoff delay, in seconds; doubled on each further retry.
    public var initialBackoffSeconds: Double
    /// Longest `Retry-After`, in seconds, the client agrees to wait.
    public var maxRetryAfterSeconds: Int
    /// Largest random lengthening of a backoff delay, as a fraction of it (0.2 = up to +20 %).
    public var jitterFraction: Double
    /// Seconds without a 2xx answer after which an applier's refused write is final.
    public var maxThrottledSeconds: Double

    /// Creates a policy. In-process tests give `InfluxHTTPClient` a clock that records the
    /// waits instead (`jitterFraction: 0` makes them exact); tests of the binary pass a small
    /// `initialBackoffSeconds` (`--retry-backoff`) so they need not sleep for seconds. The
    /// schedule's shape (doubling, jitter) stays the same.
    public init(
        maxThrottleRetries: Int = 3, maxReadRetries: Int = 2, initialBackoffSeconds: Double = 1,
        maxRetryAfterSeconds: Int = 60, jitterFraction: Double = 0.2, maxThrottledSeconds: Double = 60
    ) {
        self.maxThrottledSeconds = maxThrottledSeconds
        self.maxThrottleRetries = maxThrottleRetries
        self.maxReadRetries = maxReadRetries
        self.initialBackoffSeconds = initialBackoffSeconds
        self.maxRetryAfterSeconds = maxRetryAfterSeconds
        self.jitterFraction = jitterFraction
    }

    /// 3 throttle retries, 2 read retries, backoff 1 s, 2 s, 4 s (+ up to 20 % jitter),
    /// `Retry-After` up to 60 s.
    public static let `default` = RetryPolicy()

    /// Throttle retries with `--parallelism auto` (8): the adaptive limit and the shared
    /// `Retry-After` bring the rate down to the server's, and a request throttled while they do
    /// is not a failure yet.
    public static let adaptiveThrottleRetries = 8

    /// Never retries.
    public static let none = RetryPolicy(maxThrottleRetries: 0, maxReadRetries: 0)

    /// The backoff delay before retry number `retry` (1-based), in seconds, before jitter:
    /// `initialBackoffSeconds × 2^(retry−1)` (1, 2, 4 by default).
    public func backoff(retry: Int) -> Double {
        initialBackoffSeconds * Double(1 << max(0, min(retry - 1, 10)))
    }

    /// The delay actually waited before retry number `retry`, in seconds: `backoff(retry:)`
    /// lengthened by `jitterFraction × unit` of itself.
    /// - Parameter unit: a random number in `0..<1` (the client draws it; tests pass their own).
    public func jitteredBackoff(retry: Int, unit: Double) -> Double {
        backoff(retry: retry) * (1 + jitterFraction * min(max(unit, 0), 1))
    }

    /// Parses a `Retry-After` header given in whole seconds; nil for absent or other forms
    /// (an HTTP date is not used by InfluxDB). A number of seconds too large for an `Int` is
    /// `Int.max`, so it is refused as too long like any other beyond `maxRetryAfterSeconds`
    /// (it read as absent, and the request was retried after the backoff instead).
    static func retryAfterSeconds(_ header: String?) -> Int? {
        guard let text = header?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = Int(text) { return seconds >= 0 ? seconds : nil }
        return text.utf8.allSatisfy { (48...57).contains($0) } ? Int.max : nil
    }
}
