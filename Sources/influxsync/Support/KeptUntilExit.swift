import Foundation

/// Values the command still holds when it is done with them and that the process's exit will
/// reclaim anyway: kept here instead of being freed one object at a time. Freeing the desired
/// and live states of 10,000 tasks (millions of small objects) took 10–15 ms at the end of
/// every large `plan`; the operating system takes the whole heap back at once.
enum KeptUntilExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var values: [Any] = []

    /// Keeps `value` until the process exits.
    static func keep(_ value: Any) {
        lock.withLock { values.append(value) }
    }
}
