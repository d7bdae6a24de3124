import Flux
import Foundation
import InfluxAPI

/// Run health of one managed task (influxdb-api.md §3, §12, §13), read from the truth: the
/// task's recent runs and, for a failed run, its log.
///
/// - **Last run**: the newest run with a verdict (success or failed) in the runs read
///   (`RunHistory`), a canceled one only when none has a verdict (a manual run someone
///   canceled does not hide a failing task); the task object's `lastRunStatus`/
///   `latestCompleted` only when no completed run was read.
/// - **Error**: a failed run's error is the last error line of its log (`RunLog.errorLine`),
///   not the task's `lastRunError`, which InfluxDB often fills with the `Completed(failed)`
///   placeholder (§12.2); the task field is used only when the log has no such line.
/// - **Missed schedule**: an active `every` task has missed its schedule when no run completed
///   within two intervals (plus its `offset`) before `checkedAt`: `checkedAt − latestCompleted >
///   2 × every + offset`. `latestCompleted` starts at the creation time (§3), so a new task is
///   not reported before two intervals have passed. Calendar units count at their longest
///   (`1mo` = 31 days, `1y` = 366 days). An active cron task has missed its schedule when its
///   latest completed run is scheduled before the earlier of its two latest cron times at or
///   before `checkedAt − offset` (`cronMissedSince`). Inactive tasks are never reported as missed,
///   and nothing is when no scheduler runs (`RunHealthOptions.scheduleChecked` false).
/// - **Stuck**: a run `started` longer than the stuck bound (see `RunHealthOptions`).
/// - **Not started**: a run still `scheduled` longer than the stuck bound after its time
///   (`scheduledFor` + `offset`).
/// - **Unavailable**: the runs or the log could not be read; the reason is kept and the
///   other facts come from the task object.
public struct TaskRunHealth: Codable, Hashable, Sendable {
    /// Where the last-run facts came from.
    public enum Source: String, Codable, Hashable, Sendable {
        /// The task object's own fields.
        case task
        /// `GET /api/v2/tasks/{id}/runs`.
        case runs
        /// The runs, and the failed run's log for the error.
        case log
    }

    /// One run as the run strip shows it.
    public struct RunOutcome: Codable, Hashable, Sendable {
        /// Run ID.
        public var id: String
        /// `scheduled`, `started`, `success`, `failed` or `canceled`.
        public var status: String
        /// The run's `scheduledFor` (RFC 3339).
        public var scheduledFor: String

        /// Creates an outcome.
        public init(id: String, status: String, scheduledFor: String) {
            self.id = id
            self.status = status
            self.scheduledFor = scheduledFor
        }
    }

    /// The task (live ID, and its manifest location when declared).
    public var task: ResourceRef
    /// `active` or `inactive`.
    public var status: String
    /// `every 1h` or `cron "0 * * * *"`; nil when the live task has neither field.
    public var schedule: String?
    /// `success`, `failed` or `canceled`; nil when no run has completed.
    public var lastRunStatus: String?
    /// The last failed run's error: its log's last error line, else the task's `lastRunError`.
    public var lastRunError: String?
    /// RFC 3339 `scheduledFor` of the latest completed run (or the creation time).
    public var latestCompleted: String?
    /// Where `lastRunStatus`/`latestCompleted`/`lastRunError` came from.
    public var source: Source
    /// True when the last completed run failed.
    public var failing: Bool
    /// True when an active `every` task has no completed run within two intervals.
    public var missed: Bool
    /// The missed-schedule threshold as text (`2 × 1h`), nil when missed is not checked.
    public var missedThreshold: String?
    /// `run 0a1b… started at 2026-11-28T06:00:00Z, still running after 30h (stuck after 1h)`,
    /// when a run is stuck: the age is measured from its `startedAt`.
    public var stuck: String?
    /// `run 0a1b… scheduled for 2026-11-29T10:00:00Z has not started after 2h (stuck after 1h)`,
    /// when a run never started: the wait is measured from its time plus the task's offset.
    public var notStarted: String?
    /// Why the runs or the log could not be read (`404 failed to find runs: task not found`).
    public var unavailable: String?
    /// The recent runs read, oldest first (the run strip).
    public var recentRuns: [RunOutcome]

    /// Creates a run-health value (normally via `evaluate`).
    public init(
        task: ResourceRef, status: String, schedule: String?, lastRunStatus: String?, lastRunError: String?,
        latestCompleted: String?, source: Source, failing: Bool, missed: Bool, missedThreshold: String?,
        stuck: String? = nil, notStarted: String? = nil, unavailable: String? = nil, recentRuns: [RunOutcome] = []
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
        self.stuck = stuck
        self.notStarted = notStarted
        self.unavailable = unavailable
        self.recentRuns = recentRuns
    }

    /// The `afterTime` to list runs from: three days back (the `_tasks` bucket's retention,
    /// §11; nothing older can be listed).
    public static func runWindowStart(checkedAt: Date) -> Date {
        checkedAt.addingTimeInterval(-3 * 86_400)
    }

    /// `2 × every + offset` in seconds for an active `every` task; nil otherwise or when the
    /// live `every` does not parse.
    static func missedThresholdSeconds(_ task: InfluxTask) -> Double? {
        guard task.status == "active", let every = intervalSeconds(task) else { return nil }
        return 2 * every + max(0, offsetSeconds(task))
    }

    /// For an active cron task, the earlier of its two latest cron times at or before
    /// `checkedAt − offset` (the scheduler runs a cron time's run `offset` after it): a task
    /// whose latest completed run is scheduled before that has missed both. Nil for other tasks,
    /// an `@every` cron (not checked) or a cron that reads no times.
    static func cronMissedSince(_ task: InfluxTask, checkedAt: Date) -> Date? {
        guard task.status == "active", task.every?.isEmpty ?? true, let text = task.cron, !text.isEmpty, let cron = CronSchedule(text) else { return nil }
        let now = Int64((checkedAt.timeIntervalSince1970 - max(0, offsetSeconds(task))).rounded(.down))
        guard let newest = cron.latestFire(atOrBefore: now), let previous = cron.latestFire(atOrBefore: newest - 1) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(previous))
    }

    /// The task's `every` in seconds (calendar units at their longest); nil for cron tasks.
    static func intervalSeconds(_ task: InfluxTask) -> Double? {
        guard let everyText = task.every, !everyText.isEmpty, let every = try? FluxDuration(parsing: everyText) else { return nil }
        let seconds = upperBoundSeconds(every)
        return seconds > 0 ? seconds : nil
    }

    /// The task's `offset` in seconds (calendar units at their longest, negative as written);
    /// 0 when it has none or it does not parse.
    static func offsetSeconds(_ task: InfluxTask) -> Double {
        task.offset.flatMap { try? FluxDuration(parsing: $0) }.map(upperBoundSeconds) ?? 0
    }

    /// A duration's length with calendar months counted at 31 days.
    static func upperBoundSeconds(_ d: FluxDuration) -> Double {
        Double(d.nanoseconds) / 1_000_000_000 + Double(d.months) * 31 * 86_400
    }

    /// Evaluates one task.
    /// - Parameters:
    ///   - task: the live task.
    ///   - ref: how to name it (from the plan: declared location included).
    ///   - record: what `RunHistory` read for it, or nil when nothing was read.
    ///   - checkedAt: the time of the check.
    ///   - options: the stuck bound and whether a scheduler runs.
    public static func evaluate(
        task: InfluxTask, ref: ResourceRef, record: TaskRunRecord?, checkedAt: Date,
        options: RunHealthOptions = RunHealthOptions()
    ) -> TaskRunHealth {
        var lastStatus = task.lastRunStatus
        var latest = task.latestCompleted
        var lastError = task.lastRunError
        var source = Source.task
        var stuck: String?
        var notStarted: String?
        let runs = record?.runs ?? []
        let date = { (run: InfluxRun) in RFC3339.parse(run.scheduledFor) ?? .distantPast }
        let completed = runs.filter { ["success", "failed", "canceled"].contains($0.status) }
        // A canceled run carries no verdict (§12.2): the newest success or failure is the last
        // run, a canceled one only when no run has a verdict.
        // (`latestCompleted` is still the newest completed run's, canceled or not.)
        let verdicts = completed.filter { $0.status != "canceled" }
        let newestFirst = { (a: InfluxRun, b: InfluxRun) in (date(a), a.id) < (date(b), b.id) }
        if let newest = (verdicts.isEmpty ? completed : verdicts).max(by: newestFirst), let newestCompleted = completed.max(by: newestFirst) {
            let newestDate = date(newestCompleted)
            if let taskDate = latest.flatMap(RFC3339.parse), taskDate > newestDate {
                // The task's own marker is newer (e.g. its creation time): keep it.
            } else {
                latest = newestCompleted.scheduledFor
            }
            lastStatus = newest.status
            lastError = nil
            source = .runs
            if newest.status == "failed" {
                if let line = record?.failedRunLog.flatMap(RunLog.errorLine) {
                    lastError = line
                    source = .log
                } else {
                    lastError = task.lastRunError
                }
            }
        }
        let bound = options.stuckAfterSeconds ?? intervalSeconds(task) ?? RunHealthOptions.defaultStuckAfterSeconds
        let boundText = options.stuckAfterText ?? task.every.flatMap { $0.isEmpty ? nil : $0 } ?? RunHealthOptions.defaultStuckAfterText
        let offset = offsetSeconds(task)
        for run in runs.sorted(by: { $0.id < $1.id }) {
            if run.status == "started", stuck == nil {
                let started = run.startedAt.flatMap(RFC3339.parse) ?? date(run)
                let age = checkedAt.timeIntervalSince(started)
                if age > bound {
                    stuck = "run \(run.id) started at \(RFC3339.format(started)), still running after \(DurationText.elapsed(age)) (stuck after \(boundText))"
                }
            }
            if run.status == "scheduled", notStarted == nil, run.scheduledFor != "" {
                let due = date(run).addingTimeInterval(offset)
                let waited = checkedAt.timeIntervalSince(due)
                if waited > bound {
                    notStarted = "run \(run.id) scheduled for \(run.scheduledFor) has not started after \(DurationText.elapsed(waited)) (stuck after \(boundText))"
                }
            }
        }
        var schedule: String?
        if let every = task.every, !every.isEmpty { schedule = "every \(every)" } else if let cron = task.cron, !cron.isEmpty { schedule = "cron \"\(cron)\"" }
        var missed = false
        var thresholdText: String?
        if options.scheduleChecked, let threshold = missedThresholdSeconds(task), let every = task.every {
            thresholdText = "2 × \(every)" + ((task.offset.map { $0.isEmpty || $0 == "0s" } ?? true) ? "" : " + \(task.offset!)")
            if let last = latest.flatMap(RFC3339.parse) {
                missed = checkedAt.timeIntervalSince(last) > threshold
            } else {
                missed = true
            }
        } else if options.scheduleChecked, let since = cronMissedSince(task, checkedAt: checkedAt) {
            thresholdText = "2 cron times (since \(RFC3339.format(since)))"
            missed = latest.flatMap(RFC3339.parse).map { $0 < since } ?? true
        }
        let strip = runs.sorted { (date($0), $0.id) < (date($1), $1.id) }
            .map { RunOutcome(id: $0.id, status: $0.status, scheduledFor: $0.scheduledFor) }
        return TaskRunHealth(
            task: ref, status: task.status, schedule: schedule, lastRunStatus: lastStatus,
            lastRunError: lastStatus == "failed" ? lastError : nil, latestCompleted: latest,
            source: source, failing: lastStatus == "failed", missed: missed, missedThreshold: thresholdText,
            stuck: stuck, notStarted: notStarted, unavailable: record?.unavailable, recentRuns: strip)
    }
}

/// How run health is judged.
public struct RunHealthOptions: Hashable, Sendable {
    /// The bound used for cron tasks when `--stuck-after` is not given: one hour.
    public static let defaultStuckAfterSeconds: Double = 3600
    /// `1h`.
    public static let defaultStuckAfterText = "1h"
    /// What reports say when no scheduler ran.
    public static let noSchedulerNote = "no scheduler ran: the in-process --sandbox runs tasks only when asked (run, retry), so missed schedules are not checked"

    /// `--stuck-after` in seconds; nil means the task's `every` (cron tasks: one hour).
    public var stuckAfterSeconds: Double?
    /// `--stuck-after` as given (a Flux duration literal, `30m`).
    public var stuckAfterText: String?
    /// False when no scheduler runs (the in-process `--sandbox`): missed schedules are not
    /// judged, since nothing could have run on schedule.
    public var scheduleChecked: Bool

    /// Creates options; by default the bound is the task's interval and schedules are checked.
    public init(stuckAfterSeconds: Double? = nil, stuckAfterText: String? = nil, scheduleChecked: Bool = true) {
        self.stuckAfterSeconds = stuckAfterSeconds
        self.stuckAfterText = stuckAfterText
        self.scheduleChecked = scheduleChecked
    }
}

/// What was read about one task's runs (`RunHistory.fetch`).
public struct TaskRunRecord: Hashable, Sendable {
    /// The runs listed, in the server's order (§12.3).
    public var runs: [InfluxRun]
    /// The log of the newest completed run when it failed; nil when not read.
    public var failedRunLog: [InfluxLogEvent]?
    /// Why the runs or the log could not be read; nil when they were.
    public var unavailable: String?

    /// Creates a record.
    public init(runs: [InfluxRun] = [], failedRunLog: [InfluxLogEvent]? = nil, unavailable: String? = nil) {
        self.runs = runs
        self.failedRunLog = failedRunLog
        self.unavailable = unavailable
    }
}

/// Reading run logs (§12.2, §13).
public enum RunLog {
    /// The last error line of a run's log: scanning from the end, the first line that is not
    /// bookkeeping (`Completed(…)`, `trace_id=…`, `Started task from script: …`); nil when
    /// only bookkeeping lines exist.
    public static func errorLine(_ events: [InfluxLogEvent]) -> String? {
        for event in events.reversed() {
            let m = event.message.trimmingCharacters(in: .whitespacesAndNewlines)
            if m.isEmpty || m.hasPrefix("Completed(") || m.hasPrefix("trace_id=") || m.hasPrefix("Started task from script")
                || m.hasPrefix("Task limit reached")
            {
                continue
            }
            return m
        }
        return nil
    }
}
