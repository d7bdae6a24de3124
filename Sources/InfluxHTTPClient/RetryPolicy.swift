/// When `InfluxHTTPClient` sends a request again.
///
/// - `429 Too Many Requests` and `503 Service Unavailable` mean "not processed"
///   (influxdb-api.md §15.1), so every method is retried after the server's `Retry-After`
///   (whole seconds), or after the backoff delay when the header is absent, at most
///   `maxThrottleRetries` times. A `Retry-After` longer than `maxRetryAfterSeconds` is not
///   waited for: the error is returned at once.
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

    /// Creates a policy.
    public init(maxThrottleRetries: Int = 3, maxReadRetries: Int = 2, initialBackoffSeconds: Double = 0.25, maxRetryAfterSeconds: Int = 60) {
        self.maxThrottleRetries = maxThrottleRetries
        self.maxReadRetries = maxReadRetries
        self.initialBackoffSeconds = initialBackoffSeconds
        self.maxRetryAfterSeconds = maxRetryAfterSeconds
    }

    /// 3 throttle retries, 2 read retries, 0.25 s first backoff, `Retry-After` up to 60 s.
    public static let `default` = RetryPolicy()

    /// Never retries.
    public static let none = RetryPolicy(maxThrottleRetries: 0, maxReadRetries: 0)

    /// The backoff delay before retry number `retry` (1-based), in seconds.
    func backoff(retry: Int) -> Double {
        initialBackoffSeconds * Double(1 << max(0, min(retry - 1, 10)))
    }

    /// Parses a `Retry-After` header given in whole seconds; nil for absent or other forms
    /// (an HTTP date is not used by InfluxDB).
    static func retryAfterSeconds(_ header: String?) -> Int? {
        guard let header, let seconds = Int(header.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return seconds
    }
}

import Foundation
