import Foundation
import InfluxAPI

/// Which failed runs `retry-failed` retries, so that running it twice (a scheduled CI job, a
/// rerun) retries nothing twice (issue 21 item 1).
///
/// Runs are grouped by `scheduledFor`: a retry keeps the original's `scheduledFor` (§12.6),
/// so a group is one schedule window and every attempt at it. A window is retried only when
/// its one attempt failed: a window with more than one attempt has been retried already (by
/// an earlier `retry-failed`, or by hand), whatever came of it, and is left alone, so a
/// scheduled job that runs `retry-failed` every night adds no attempt to a window that keeps
/// failing (`status` shows it failing); `retry RUN` retries such a run by hand.
///
/// The server's filtering is not trusted: with `scheduledFrom`/`scheduledUntil`, a window
/// outside them (the server listed a run from year 1 or 9999 despite `afterTime`) or whose
/// `scheduledFor` is not an RFC 3339 time is not retried, and a run listed twice is retried once.
public enum RetrySelection {
    /// The runs to retry among `runs` (any statuses, one task), in `scheduledFor` order; only
    /// windows scheduled within `scheduledFrom`…`scheduledUntil` when they are given.
    public static func runsToRetry(_ runs: [InfluxRun], scheduledFrom: Date? = nil, scheduledUntil: Date? = nil) -> [InfluxRun] {
        let bounded = scheduledFrom != nil || scheduledUntil != nil
        var seen = Set<String>()
        let unique = runs.filter { seen.insert($0.id).inserted }
        // A window is its time; a `scheduledFor` that does not read is a window of its own
        // (unbounded only), ordered first.
        let windows = Dictionary(grouping: unique) { run in
            RFC3339.parse(run.scheduledFor).map { Window(time: $0, text: nil) } ?? Window(time: .distantPast, text: run.scheduledFor)
        }
        return windows.keys.sorted { ($0.time, $0.text ?? "") < ($1.time, $1.text ?? "") }.compactMap { window in
            if bounded {
                guard window.text == nil, window.time >= (scheduledFrom ?? .distantPast), window.time <= (scheduledUntil ?? .distantFuture) else { return nil }
            }
            let attempts = windows[window]!
            guard attempts.count == 1, let only = attempts.first, only.status == "failed" else { return nil }
            return only
        }
    }

    /// A schedule window: its time, or for a `scheduledFor` that is not a time, that text.
    private struct Window: Hashable {
        let time: Date
        let text: String?
    }
}
