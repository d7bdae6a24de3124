import Synchronization

/// Lets a client's requests through at most `AdaptiveConcurrencyLimit.limit` at a time, and
/// feeds each answer back into the limit (`--parallelism auto`).
///
/// `InfluxHTTPClient` calls `enter()` before each attempt and `leave(_:outcome:)` after it,
/// whatever happened. Requests that find the limit reached wait in arrival order; when the limit
/// grows, or a request leaves, the longest waiting go first — except that a request sent again
/// after the server throttled it (`enter(retrying: true)`) waits ahead of every first attempt:
/// it has already spent part of its retry budget, and behind a queue of first attempts that
/// use up the server's allowance again it could be throttled until it gives up. A waiting request is let through
/// when its task is cancelled, so that cancellation is seen at once by the attempt.
public final class ConcurrencyGate: Sendable {
    private struct State {
        var limit = AdaptiveConcurrencyLimit()
        var inFlight = 0
        var nextWaiter = 0
        var waiters: [(id: Int, continuation: CheckedContinuation<Void, Never>)] = []
        /// How many of the first `waiters` are retries (they wait ahead of first attempts).
        var retryingWaiters = 0
    }

    private let state = Mutex(State())

    /// Creates a gate whose limit starts at `AdaptiveConcurrencyLimit.initial`.
    public init() {}

    /// The limit in force now.
    public var limit: Int { state.withLock { $0.limit.limit } }

    /// Requests let through and not yet left.
    public var inFlight: Int { state.withLock { $0.inFlight } }

    /// Requests waiting to be let through.
    public var waiting: Int { state.withLock { $0.waiters.count } }

    /// Returns once the request may be sent, with its ticket (pass it to `leave`). `retrying`:
    /// the request is sent again after a `429`/`503`; it waits behind other retries only.
    public func enter(retrying: Bool = false) async -> AdaptiveConcurrencyLimit.Ticket {
        if let ticket = state.withLock({ s in Self.admit(&s) }) { return ticket }
        let id = state.withLock { s -> Int in
            defer { s.nextWaiter += 1 }
            return s.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let admitted = state.withLock { s -> Bool in
                    if s.inFlight < s.limit.limit, s.waiters.isEmpty {
                        s.inFlight += 1
                        return true
                    }
                    if retrying {
                        s.waiters.insert((id, continuation), at: s.retryingWaiters)
                        s.retryingWaiters += 1
                    } else {
                        s.waiters.append((id, continuation))
                    }
                    return false
                }
                if admitted { continuation.resume() }
            }
        } onCancel: {
            let cancelled = state.withLock { s -> CheckedContinuation<Void, Never>? in
                guard let index = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                s.inFlight += 1
                if index < s.retryingWaiters { s.retryingWaiters -= 1 }
                return s.waiters.remove(at: index).continuation
            }
            cancelled?.resume()
        }
        return state.withLock { s in s.limit.ticket(inFlight: s.inFlight) }
    }

    /// Records how the request of `ticket` ended and lets waiting requests through as the
    /// (possibly changed) limit allows.
    public func leave(_ ticket: AdaptiveConcurrencyLimit.Ticket, outcome: AdaptiveConcurrencyLimit.Outcome) {
        let woken = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.inFlight -= 1
            s.limit.record(outcome, ticket: ticket)
            var woken: [CheckedContinuation<Void, Never>] = []
            while s.inFlight < s.limit.limit, !s.waiters.isEmpty {
                s.inFlight += 1
                if s.retryingWaiters > 0 { s.retryingWaiters -= 1 }
                woken.append(s.waiters.removeFirst().continuation)
            }
            return woken
        }
        for continuation in woken { continuation.resume() }
    }

    /// The ticket of a request let through at once, or nil when it must wait.
    private static func admit(_ s: inout State) -> AdaptiveConcurrencyLimit.Ticket? {
        guard s.inFlight < s.limit.limit, s.waiters.isEmpty else { return nil }
        s.inFlight += 1
        return s.limit.ticket(inFlight: s.inFlight)
    }
}
