import Synchronization

/// The pause every request of one client shares after the server said "slow down".
///
/// A `429 Too Many Requests` or `503 Service Unavailable` (§15.1) is about the client, not one
/// request: when a concurrent apply gets one, every request of that client waits before its
/// next send, not only the one that was throttled. `InfluxHTTPClient` calls `hold(seconds:)`
/// with the `Retry-After` (or backoff) delay it is about to wait, and `waitForTurn()` before
/// every attempt. The time is read from, and waited on, the client's clock.
final class SharedBackoff: Sendable {
    /// When sends may resume, as time elapsed on `clock` since this backoff was made.
    private let resumeAt = Mutex<Duration?>(nil)
    private let clock: any Clock<Duration>
    /// Time elapsed on `clock` since this backoff was made.
    private let elapsed: @Sendable () -> Duration

    /// Creates a backoff with no hold in force, timed by `clock`.
    init(clock: any Clock<Duration> = ContinuousClock()) {
        self.clock = clock
        self.elapsed = Self.stopwatch(clock)
    }

    private static func stopwatch<C: Clock<Duration>>(_ clock: C) -> @Sendable () -> Duration {
        let origin = clock.now
        return { origin.duration(to: clock.now) }
    }

    /// Delays every send until at least `seconds` from now (a longer hold already in place wins).
    func hold(seconds: Double) {
        let until = elapsed() + .nanoseconds(Int64(seconds * 1_000_000_000))
        resumeAt.withLock { current in
            if current.map({ $0 < until }) ?? true { current = until }
        }
    }

    /// The sleeps in progress, so that `stopWaiting()` can end them.
    private let sleepers = Mutex<(stopped: Bool, next: Int, tasks: [Int: Task<Void, any Error>])>((false, 0, [:]))

    /// Returns once no hold is in force (at once when there is none), or once `stopWaiting()`
    /// was called.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    func waitForTurn() async throws {
        while let until = resumeAt.withLock({ $0 }) {
            let now = elapsed()
            guard until > now else { return }
            let clock = self.clock
            let duration = until - now
            let registered = sleepers.withLock { state -> (Int, Task<Void, any Error>)? in
                guard !state.stopped else { return nil }
                let id = state.next
                state.next += 1
                let task = Task<Void, any Error> { try await clock.sleep(for: duration) }
                state.tasks[id] = task
                return (id, task)
            }
            guard let (id, task) = registered else { return }
            let outcome = await withTaskCancellationHandler {
                await task.result
            } onCancel: {
                task.cancel()
            }
            sleepers.withLock { _ = $0.tasks.removeValue(forKey: id) }
            if sleepers.withLock({ $0.stopped }) { return }
            try Task.checkCancellation()
            if case .failure(let error) = outcome, !(error is CancellationError) { throw error }
        }
    }

    /// Ends every wait now and lets no later one begin (an interrupted command: its last
    /// requests go out at once instead of after the server's `Retry-After`).
    func stopWaiting() {
        let tasks = sleepers.withLock { state -> [Task<Void, any Error>] in
            state.stopped = true
            return Array(state.tasks.values)
        }
        for task in tasks { task.cancel() }
    }
}
