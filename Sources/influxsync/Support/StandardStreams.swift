import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard output and standard error, written with `write(2)`. A stream whose reader has gone
/// (`influxsync apply … | head -3`, a CI step that closed its log) is dropped: the rest of the
/// command's text for it is discarded and the command goes on, so an apply finishes the writes
/// it started and releases its lock, and nothing crashes. (Foundation's `FileHandle.write(_:)`
/// stops the process on such an error, with a library backtrace; a `SIGPIPE` would kill it
/// silently: `ignoreBrokenPipeSignal()` turns that signal into an error here.)
enum StandardStreams {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var dropped: Set<Int32> = []

    /// Makes writing to a closed pipe an error (`EPIPE`) instead of the signal that ends the
    /// process; called once, first thing in `main`.
    static func ignoreBrokenPipeSignal() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes all of `text` to `descriptor` (`STDOUT_FILENO`, `STDERR_FILENO`), or nothing once
    /// a write to it has failed.
    static func write(_ text: String, to descriptor: Int32) {
        if lock.withLock({ dropped.contains(descriptor) }) { return }
        var text = text
        let complete = text.withUTF8 { bytes -> Bool in
            guard var next = bytes.baseAddress else { return true }
            var left = bytes.count
            while left > 0 {
                #if canImport(Glibc)
                    let written = Glibc.write(descriptor, next, left)
                #else
                    let written = Darwin.write(descriptor, next, left)
                #endif
                if written > 0 {
                    next += written
                    left -= written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return false
                }
            }
            return true
        }
        if !complete { _ = lock.withLock { dropped.insert(descriptor) } }
    }
}
