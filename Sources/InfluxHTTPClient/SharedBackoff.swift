import Synchronization

/// The pause every request of one client shares after the server said "slow down".
///
/// A `429 Too Many Requests` or `503 Service Unavailable` (§15.1) is about the client, not one
/// request: when a concurrent apply gets one, every request of that client waits before its
/// next send, not only the one that was throttled. `InfluxHTTPClient` calls `hold(seconds:)`
/// with the `Retry-After` (or backoff) delay it is about to wait, and `waitForTurn()` before
/// every attempt.
final class SharedBackoff: Sendable {
    private let resumeAt = Mutex<ContinuousClock.Instant?>(nil)

    /// Delays every send until at least `seconds` from now (a longer hold already in place wins).
    func hold(seconds: Double) {
        let until = ContinuousClock.now.advanced(by: .nanoseconds(Int64(seconds * 1_000_000_000)))
        resumeAt.withLock { current in
            if current.map({ $0 < until }) ?? true { current = until }
        }
    }

    /// Returns once no hold is in force (at once when there is none).
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    func waitForTurn() async throws {
        while let until = resumeAt.withLock({ $0 }), until > ContinuousClock.now {
            try await Task.sleep(until: until, clock: .continuous)
        }
    }
}
