import Foundation

/// A clock whose sleeps return at once: each one moves the clock to its deadline and is
/// recorded, so a test reads the exact waits (backoff, retry pauses) code asked for without
/// waiting them in real time.
public final class RecordingClock: Clock, @unchecked Sendable {
    /// A clock at zero with no sleep recorded.
    public init() {}

    /// A point on the clock: the time it moved since it was made.
    public typealias Instant = OffsetInstant

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var recorded: [Duration] = []

    /// The clock's present instant.
    public var now: Instant { lock.withLock { current } }
    /// Zero: the clock moves exactly as told.
    public var minimumResolution: Duration { .zero }

    /// Every sleep, in order, as the duration it asked for.
    public var sleeps: [Duration] { lock.withLock { recorded } }

    /// Records the wait and returns at once, the clock moved to `deadline`.
    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        lock.withLock {
            recorded.append(current.duration(to: deadline))
            if current < deadline { current = deadline }
        }
    }
}
