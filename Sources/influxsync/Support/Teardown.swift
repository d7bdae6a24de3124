import Dispatch
import Foundation

/// Where a command's large values go when it is done with them. Freeing the desired and live
/// states of 10,000 tasks (millions of small objects) takes 10–15 ms, which a command should
/// not spend between its last read and its first write (apply), or before it exits (plan).
enum Teardown {
    /// A value moving to the releasing thread; nothing reads it there, it is only dropped.
    private struct Parcel: @unchecked Sendable { let value: Any }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []

    /// Drops `value` on a background thread, while the caller goes on (apply's writes wait on
    /// the network meanwhile). The caller must drop its own copy at once for the freeing to
    /// happen there.
    static func releaseInBackground(_ value: consuming Any) {
        let parcel = Parcel(value: value)
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(parcel) {} }
    }

    /// Keeps `value` until the process exits, which takes the whole heap back at once: for a
    /// value a command holds until its very end.
    static func keepUntilExit(_ value: Any) {
        lock.withLock { kept.append(value) }
    }
}
