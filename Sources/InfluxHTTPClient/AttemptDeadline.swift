import Synchronization

/// An attempt that did not get its whole answer (head and body) before its deadline.
struct AttemptDeadlineExceeded: Error, Sendable {}

/// Runs one HTTP attempt against one deadline that covers the response head and the whole
/// body: a server that trickles its body, or never answers, is cut off at the deadline.
///
/// AsyncHTTPClient's own deadline covers only the wait for the response head, and its read
/// timeout is an idle timeout (one byte every few seconds resets it), so neither bounds a
/// trickled answer. Here the attempt races a timer; when the timer wins the attempt is
/// cancelled (AsyncHTTPClient then closes the connection) and `AttemptDeadlineExceeded` is
/// thrown.
enum AttemptDeadline {
    /// `body`'s result, or `AttemptDeadlineExceeded` once `limit` has passed.
    static func run<T: Sendable>(within limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw AttemptDeadlineExceeded()
            }
            return value
        }
    }
}

/// The deadlines of the attempts in flight, so that the apply lock can tell whether one is
/// overdue (`InfluxHTTPClient.hasOverdueRequest`).
final class AttemptDeadlines: Sendable {
    private let state = Mutex<(next: Int, deadlines: [Int: ContinuousClock.Instant])>((0, [:]))

    /// Records an attempt that must end by `deadline`; returns its ticket for `end`.
    func begin(deadline: ContinuousClock.Instant) -> Int {
        state.withLock { s in
            s.next += 1
            s.deadlines[s.next] = deadline
            return s.next
        }
    }

    /// Forgets the attempt of `ticket`.
    func end(_ ticket: Int) {
        _ = state.withLock { $0.deadlines.removeValue(forKey: ticket) }
    }

    /// True when an attempt in flight is past its deadline at `now`.
    func hasOverdue(at now: ContinuousClock.Instant) -> Bool {
        state.withLock { s in s.deadlines.values.contains { $0 < now } }
    }
}

/// A flag shared between tasks: set (when the server first answered, when retries stop), and
/// for some cleared again (`clear()`).
final class AnsweredFlag: Sendable {
    private let value = Atomic<Bool>(false)

    /// True after `set()`, until `clear()`.
    var isSet: Bool { value.load(ordering: .relaxed) }

    /// Sets the flag.
    func set() { value.store(true, ordering: .relaxed) }

    /// Clears the flag (for a flag that can be set again).
    func clear() { value.store(false, ordering: .relaxed) }
}
