import Foundation
import InfluxSync
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The single progress line `apply` keeps up to date on standard error:
///
/// ```
/// Applying: 812/2004 requests, 161.9/s, about 7 s left
/// ```
///
/// Shown only when standard error is a terminal, `--quiet` was not given, and the apply has
/// run for `delaySeconds` (short applies print nothing); redrawn at most every
/// `redrawSeconds` (a carriage return and the new text, padded with spaces over the old one —
/// no escape sequences, so it works on any terminal), and erased by `finish()` before the
/// report is printed.
final class ApplyProgressLine: Sendable {
    /// Seconds an apply runs before the line appears.
    static let delaySeconds = 2.0
    /// Least seconds between two redraws.
    static let redrawSeconds = 0.2

    private struct State {
        var lastDraw: ContinuousClock.Instant?
        /// Characters of the line on screen; 0 when none is shown.
        var shownLength = 0
    }

    private let started = ContinuousClock.now
    private let state = Mutex(State())
    private let enabled: Bool

    /// A line for this process's standard error; disabled when `quiet` or when standard error
    /// is not a terminal.
    init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// The callback to hand to `Applier(progress:)`, or nil when the line is disabled.
    var callback: (@Sendable (ApplyProgress) -> Void)? {
        guard enabled else { return nil }
        return { @Sendable [self] progress in self.update(progress) }
    }

    /// Redraws the line for `progress` when it is due.
    func update(_ progress: ApplyProgress) {
        let now = ContinuousClock.now
        let elapsed = Self.seconds(now - started)
        guard elapsed >= Self.delaySeconds else { return }
        let text = Self.text(progress, elapsedSeconds: elapsed)
        // Drawn under the lock so two redraws never interleave.
        state.withLock { s in
            if let last = s.lastDraw, Self.seconds(now - last) < Self.redrawSeconds, progress.completed < progress.total { return }
            s.lastDraw = now
            write("\r" + text + String(repeating: " ", count: max(0, s.shownLength - text.count)))
            s.shownLength = text.count
        }
    }

    /// Erases the line if it was shown.
    func finish() {
        state.withLock { s in
            guard s.shownLength > 0 else { return }
            write("\r" + String(repeating: " ", count: s.shownLength) + "\r")
            s.shownLength = 0
        }
    }

    /// `Applying: 812/2004 requests, 161.9/s, about 7 s left`.
    static func text(_ progress: ApplyProgress, elapsedSeconds: Double) -> String {
        let rate = elapsedSeconds > 0 ? Double(progress.completed) / elapsedSeconds : 0
        var line = "Applying: \(progress.completed)/\(progress.total) requests"
        guard rate > 0 else { return line }
        line += String(format: ", %.1f/s", rate)
        let left = Int((Double(progress.total - progress.completed) / rate).rounded(.up))
        line += left >= 60 ? ", about \(left / 60) min \(left % 60) s left" : ", about \(left) s left"
        return line
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func write(_ text: String) {
        StandardStreams.write(text, to: STDERR_FILENO)
    }
}
