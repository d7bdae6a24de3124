import Flux
import Foundation
import InfluxAPI

/// Run health of one managed task (influxdb-api.md §3, §12).
///
/// The task object's `lastRunStatus`, `lastRunError` and `latestCompleted` are used when
/// present; when the task object lacks `latestCompleted` or `lastRunStatus`, the completed runs
/// of `GET /tasks/{id}/runs?afterTime=` (see `RunHistory`) fill them in (runs carry no error
/// text, so `lastRunError` then stays nil).
///
/// **Missed schedule**: an active `every` task has missed its schedule when no run completed
/// within two intervals (plus its `offset`) before `checkedAt`: `checkedAt − latestCompleted >
/// 2 × every + offset`. `latestCompleted` starts at the creation time (§3), so a new task is
/// not reported before two intervals have passed. Calendar units count at their longest
/// (`1mo` = 31 days, `1y` = 366 days) so that a month-long task is never reported early. Cron
/// and inactive tasks are never reported as missed.
public struct TaskRunHealth: Codable, Hashable, Sendable {
    /// Where the last-run facts came from.
    public enum Source: String, Codable, Hashable, Sendable {
        /// The task object's own fields.
        case task
        /// `GET /api/v2/tasks/{id}/runs` (some fields were missing on the task).
        case runs
    }

    /// The task (live ID, and its manifest location when declared).
    public var task: ResourceRef
    /// `active` or `inactive`.
    public var status: String
    /// `every 1h` or `cron "0 * * * *"`; nil when the live task has neither field.
    public var schedule: String?
    /// `success`, `failed` or `canceled`; nil when no run has completed.
    public var lastRunStatus: String?
    /// The last failed run's error (the task's `lastRunError`).
    public var lastRunError: String?
    /// RFC 3339 `scheduledFor` of the latest completed run (or the creation time).
    public var latestCompleted: String?
    /// Where `lastRunStatus`/`latestCompleted` came from.
    public var source: Source
    /// True when the last completed run failed.
    public var failing: Bool
    /// True when an active `every` task has no completed run within two intervals.
    public var missed: Bool
    /// The missed-schedule threshold as text (`2 × 1h`), nil when missed is not checked.
    public var missedThreshold: String?

    /// Creates a run-health value (normally via `evaluate(task:ref:runs:checkedAt:)`).
    public init(
        task: ResourceRef, status: String, schedule: String?, lastRunStatus: String?, lastRunError: String?,
        latestCompleted: String?, source: Source, failing: Bool, missed: Bool, missedThreshold: String?
    ) {
        self.task = task
        self.status = status
        self.schedule = schedule
        self.lastRunStatus = lastRunStatus
        self.lastRunError = lastRunError
        self.latestCompleted = latestCompleted
        self.source = source
        self.failing = failing
        self.missed = missed
        self.missedThreshold = missedThreshold
    }

    /// True when the task object itself lacks the run fields and the run list must be read.
    public static func needsRunHistory(_ task: InfluxTask) -> Bool {
        task.latestCompleted == nil || task.lastRunStatus == nil
    }

    /// The `afterTime` to list runs from: the start of the missed-schedule window for an
    /// `every` task, else three days back (the `_tasks` bucket's retention, §11).
    public static func runWindowStart(for task: InfluxTask, checkedAt: Date) -> Date {
        if let seconds = missedThresholdSeconds(task) { return checkedAt.addingTimeInterval(-seconds) }
        return checkedAt.addingTimeInterval(-3 * 86_400)
    }

    /// `2 × every + offset` in seconds for an active `every` task; nil otherwise or when the
    /// live `every` does not parse.
    static func missedThresholdSeconds(_ task: InfluxTask) -> Double? {
        guard task.status == "active", let everyText = task.every, !everyText.isEmpty,
              let every = try? FluxDuration(parsing: everyText) else { return nil }
        let offset = task.offset.flatMap { try? FluxDuration(parsing: $0) } ?? .zero
        let interval = upperBoundSeconds(every)
        guard interval > 0 else { return nil }
        return 2 * interval + max(0, upperBoundSeconds(offset))
    }

    /// A duration's length with calendar months counted at 31 days.
    static func upperBoundSeconds(_ d: FluxDuration) -> Double {
        Double(d.nanoseconds) / 1_000_000_000 + Double(d.months) * 31 * 86_400
    }

    /// Evaluates one task.
    /// - Parameters:
    ///   - task: the live task.
    ///   - ref: how to name it (from the plan: declared location included).
    ///   - runs: runs listed for it, or nil when none were read.
    ///   - checkedAt: the time of the check.
    public static func evaluate(task: InfluxTask, ref: ResourceRef, runs: [InfluxRun]?, checkedAt: Date) -> TaskRunHealth {
        var lastStatus = task.lastRunStatus
        var latest = task.latestCompleted
        var source = Source.task
        if let runs {
            let completed = runs.filter { ["success", "failed", "canceled"].contains($0.status) }
            let newest = completed.max { (RFC3339.parse($0.scheduledFor) ?? .distantPast) < (RFC3339.parse($1.scheduledFor) ?? .distantPast) }
            if let newest, let newestDate = RFC3339.parse(newest.scheduledFor) {
                if let taskDate = latest.flatMap(RFC3339.parse), taskDate > newestDate {
                    // The task's own marker is newer (e.g. its creation time): keep it.
                } else {
                    latest = newest.scheduledFor
                }
                if task.lastRunStatus == nil { lastStatus = newest.status }
                source = .runs
            }
        }
        var schedule: String?
        if let every = task.every, !every.isEmpty { schedule = "every \(every)" } else if let cron = task.cron, !cron.isEmpty { schedule = "cron \"\(cron)\"" }
        var missed = false
        var thresholdText: String?
        if let threshold = missedThresholdSeconds(task), let every = task.every {
            thresholdText = "2 × \(every)" + ((task.offset.map { $0.isEmpty || $0 == "0s" } ?? true) ? "" : " + \(task.offset!)")
            if let last = latest.flatMap(RFC3339.parse) {
                missed = checkedAt.timeIntervalSince(last) > threshold
            } else {
                missed = true
            }
        }
        return TaskRunHealth(
            task: ref, status: task.status, schedule: schedule, lastRunStatus: lastStatus,
            lastRunError: lastStatus == "failed" ? task.lastRunError : nil, latestCompleted: latest,
            source: source, failing: lastStatus == "failed", missed: missed, missedThreshold: thresholdText)
    }
}
