import Foundation
import InfluxAPI

/// Which failed runs `retry-failed` retries, so that running it twice (a scheduled CI job, a
/// rerun) retries nothing twice (issue 21 item 1).
///
/// Runs are grouped by `scheduledFor`: a retry keeps the original's `scheduledFor` (§12.6),
/// so a group is one schedule window and every attempt at it. A window is retried when
/// - its latest attempt failed (a run that succeeded, is queued (`scheduled`) or is running
///   (`started`) after the last failure covers it; so does a `canceled` one: someone stopped
///   it on purpose), and
/// - then exactly once: the latest failed run of the window is retried, never the older
///   failures (earlier retries) of the same window.
///
/// "Latest" is by when the attempt was asked for or began: `requestedAt`, else `startedAt`,
/// else `scheduledFor` (RFC 3339), then the run ID.
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
        let windows = Dictionary(grouping: unique) { RFC3339.parse($0.scheduledFor) ?? .distantPast }
        return windows.keys.sorted().compactMap { window in
            if bounded {
                guard window != .distantPast, window >= (scheduledFrom ?? .distantPast), window <= (scheduledUntil ?? .distantFuture) else { return nil }
            }
            let attempts = windows[window]!.sorted { order($0) < order($1) }
            guard let latest = attempts.last, latest.status == "failed" else { return nil }
            return latest
        }
    }

    /// The sort key of an attempt: when it was asked for or began, then its ID.
    private static func order(_ run: InfluxRun) -> (Date, String) {
        let time = [run.requestedAt, run.startedAt, run.scheduledFor].lazy.compactMap { $0.flatMap(RFC3339.parse) }.first
        return (time ?? .distantPast, run.id)
    }
}
