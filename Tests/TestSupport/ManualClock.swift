import Foundation

/// A clock that stands still until a test moves it: code that waits on it (backoff, renewal)
/// sleeps until `advance(by:)` passes its deadline, so a test sees each wait happen, in order,
/// without sleeping in real time.
///
/// `sleepers(atLeast:)` waits until code under test has started that many sleeps, so a test
/// advances only once the code is really waiting (no race with the code's own task).
public final class ManualClock: Clock, @unchecked Sendable {
    /// A clock at zero with no sleeper.
    public init() {}

    /// A point on the clock: the time it moved since it was made.
    public typealias Instant = OffsetInstant

    private struct Sleeper {
        let id: Int
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var pending: [Sleeper] = []
    private var nextID = 0
    /// Every sleep started, in order, as the duration asked for.
    private var started: [Duration] = []
    private var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    /// The clock's present instant.
    public var now: Instant { lock.withLock { current } }
    /// Zero: the clock moves exactly as told.
    public var minimumResolution: Duration { .zero }

    /// The durations of every sleep started so far, in order.
    public var sleeps: [Duration] { lock.withLock { started } }

    /// Waits until `advance(by:)` moves the clock to `deadline` (or the task is cancelled).
    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let id = lock.withLock { () -> Int in
            nextID += 1; return nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (ready, outcome): ([CheckedContinuation<Void, Never>], Result<Void, any Error>?) = lock.withLock {
                    started.append(current.duration(to: deadline))
                    let ready = takeWatchers()
                    if Task.isCancelled { return (ready, .failure(CancellationError())) }
                    if deadline <= current { return (ready, .success(())) }
                    pending.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return (ready, nil)
                }
                if let outcome { continuation.resume(with: outcome) }
                for watcher in ready { watcher.resume() }
            }
        } onCancel: {
            let cancelled = lock.withLock { () -> Sleeper? in
                guard let index = pending.firstIndex(where: { $0.id == id }) else { return nil }
                return pending.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward by `duration` and wakes every sleep whose deadline it reached.
    public func advance(by duration: Duration) {
        let due: [Sleeper] = lock.withLock {
            current = current.advanced(by: duration)
            let due = pending.filter { $0.deadline <= current }
            pending.removeAll { $0.deadline <= current }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Returns once at least `count` sleeps have been started on this clock (finished or not).
    public func sleepers(atLeast count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now: Bool = lock.withLock {
                if started.count >= count { return true }
                watchers.append((count, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// The watchers whose count has been reached, removed (call with the lock held).
    private func takeWatchers() -> [CheckedContinuation<Void, Never>] {
        let ready = watchers.filter { $0.count <= started.count }.map(\.continuation)
        watchers.removeAll { $0.count <= started.count }
        return ready
    }
}
