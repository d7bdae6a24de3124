import Foundation
import InfluxAPI
import TestSupport
import XCTest

@testable import InfluxSync

final class DriftReportTests: XCTestCase {
    let checkedAt = RFC3339.parse("2026-11-29T12:00:00Z")!

    /// Live: cpu (owned, patched outside git), mem (declared, unowned), stale (owned, undeclared),
    /// ui-made (unmanaged), etl (owned, last run failed), hourly (owned, no run for 3h),
    /// fresh (owned, never ran: runs read), nightly (owned, cron, ok).
    var live: LiveState {
        LiveState(
            org: InfluxOrg(id: CIFixtures.orgID, name: "acme"), labels: [CIFixtures.ownerLabel],
            tasks: [
                CIFixtures.task("0000000000000b01", "cpu", every: "2h", latestCompleted: "2026-11-29T10:00:00Z", lastRunStatus: "success"),
                CIFixtures.task("0000000000000b02", "mem", owned: false, latestCompleted: "2026-11-29T11:00:00Z", lastRunStatus: "success"),
                CIFixtures.task("0000000000000b04", "stale", latestCompleted: "2026-11-29T11:00:00Z", lastRunStatus: "success"),
                CIFixtures.task("0000000000000b05", "ui-made", owned: false, latestCompleted: "2026-11-29T11:00:00Z", lastRunStatus: "success"),
                CIFixtures.task("0000000000000b06", "etl", latestCompleted: "2026-11-29T11:00:00Z", lastRunStatus: "failed", lastRunError: "could not find bucket \"x\""),
                CIFixtures.task("0000000000000b07", "hourly", latestCompleted: "2026-11-29T09:00:00Z", lastRunStatus: "success"),
                CIFixtures.task("0000000000000b08", "fresh", every: "30m", latestCompleted: nil, lastRunStatus: nil),
                {
                    var t = CIFixtures.task("0000000000000b09", "nightly", every: nil, latestCompleted: "2026-11-29T00:00:00Z", lastRunStatus: "success"); t.cron = "0 0 * * *";
                    return t
                }(),
            ])
    }

    var plan: Plan {
        Plan(
            orgID: CIFixtures.orgID, ownerLabel: "influxsync",
            changes: [
                ResourceChange(
                    action: .update, resource: ResourceRef(kind: .task, name: "cpu", id: "0000000000000b01", location: CIFixtures.loc("cpu.yml", 1)),
                    fields: [FieldChange(field: "every", old: "2h", new: "1h")], fluxDiff: "--- live\n+++ manifest\n@@ -1 +1 @@\n-a\n+b\n",
                    labelsRemoved: ["prod"], operations: [.updateTask(id: "0000000000000b01", TaskUpdateRequest(flux: "f", status: "active"))]),
                ResourceChange(
                    action: .adopt, resource: ResourceRef(kind: .task, name: "mem", id: "0000000000000b02", location: CIFixtures.loc("mem.yml", 1)),
                    labelsAdded: ["influxsync"], operations: [.addTaskLabel(task: .id("0000000000000b02"), label: .id("0000000000000a00"))]),
                ResourceChange(
                    action: .create, resource: ResourceRef(kind: .task, name: "gone", location: CIFixtures.loc("gone.yml", 1)),
                    operations: [.createTask(key: "gone", TaskCreateRequest(orgID: CIFixtures.orgID, flux: "f", status: "active"))]),
                ResourceChange(action: .wouldPrune, resource: ResourceRef(kind: .task, name: "stale", id: "0000000000000b04")),
            ], unmanaged: [ResourceRef(kind: .task, name: "ui-made", id: "0000000000000b05")])
    }

    var runs: [String: [InfluxRun]] {
        [
            "0000000000000b08": [
                InfluxRun(id: "r1", taskID: "0000000000000b08", status: "success", scheduledFor: "2026-11-29T11:00:00Z", finishedAt: "2026-11-29T11:00:01.5Z"),
                InfluxRun(id: "r2", taskID: "0000000000000b08", status: "failed", scheduledFor: "2026-11-29T11:30:00Z", finishedAt: "2026-11-29T11:30:02Z"),
                InfluxRun(id: "r3", taskID: "0000000000000b08", status: "started", scheduledFor: "2026-11-29T12:00:00Z"),
            ]
        ]
    }

    func testFindingsOneEachInPlanOrder() {
        let report = DriftDetector.report(plan: plan, live: live, runs: runs, checkedAt: checkedAt)
        XCTAssertEqual(report.findings.map(\.kind), [.changed, .notOwned, .missing, .ownedUndeclared, .unmanaged])
        XCTAssertEqual(report.findings.map(\.resource.name), ["cpu", "mem", "gone", "stale", "ui-made"])
        XCTAssertEqual(report.findings[0].fields, [FieldChange(field: "every", old: "2h", new: "1h")])
        XCTAssertEqual(report.findings[0].labelsExtra, ["prod"])
        XCTAssertEqual(report.findings[1].labelsMissing, [], "the owner label is implied by not-owned")
        XCTAssertEqual(report.checkedAt, "2026-11-29T12:00:00Z")
    }

    func testRunHealthForEveryManagedTask() {
        let report = DriftDetector.report(plan: plan, live: live, runs: runs, checkedAt: checkedAt)
        XCTAssertEqual(report.runHealth.map(\.task.name), ["cpu", "mem", "etl", "hourly", "fresh", "nightly"])
        XCTAssertEqual(report.runHealth[0].task.location, CIFixtures.loc("cpu.yml", 1), "ref comes from the plan")
        XCTAssertEqual(report.runHealth.map(\.failing), [false, false, true, false, true, false])
        XCTAssertEqual(report.runHealth.map(\.missed), [false, false, false, true, false, false])
        XCTAssertEqual(report.runHealth[2].lastRunError, "could not find bucket \"x\"")
        XCTAssertEqual(report.runHealth[3].missedThreshold, "2 × 1h")
        XCTAssertEqual(
            report.runHealth[4],
            TaskRunHealth(
                task: ResourceRef(kind: .task, name: "fresh", id: "0000000000000b08"), status: "active", schedule: "every 30m",
                lastRunStatus: "failed", lastRunError: nil, latestCompleted: "2026-11-29T11:30:00Z", source: .runs,
                failing: true, missed: false, missedThreshold: "2 × 30m",
                recentRuns: [
                    TaskRunHealth.RunOutcome(id: "r1", status: "success", scheduledFor: "2026-11-29T11:00:00Z"),
                    TaskRunHealth.RunOutcome(id: "r2", status: "failed", scheduledFor: "2026-11-29T11:30:00Z"),
                    TaskRunHealth.RunOutcome(id: "r3", status: "started", scheduledFor: "2026-11-29T12:00:00Z"),
                ]))
        XCTAssertEqual(report.runHealth[5].schedule, "cron \"0 0 * * *\"")
        XCTAssertEqual(report.runHealth[5].missedThreshold, "2 cron times (since 2026-11-28T00:00:00Z)")
    }

    func testFailOnCategories() {
        let report = DriftDetector.report(plan: plan, live: live, runs: runs, checkedAt: checkedAt)
        XCTAssertEqual(DriftCategory.allCases.map(report.count), [4, 1, 2, 1, 0])
        XCTAssertEqual(report.summaryLine, "1 changed, 1 missing, 1 unmanaged, 1 owned but undeclared, 1 not owned; 2 failing, 1 missed (6 managed tasks checked).")
        let clean = DriftDetector.report(
            plan: Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync"),
            live: LiveState(org: live.org, labels: live.labels, tasks: [live.tasks[0]]), runs: [:], checkedAt: checkedAt)
        XCTAssertFalse(clean.hasFindings(in: Set(DriftCategory.allCases)))
        XCTAssertEqual(clean.summaryLine, "0 changed, 0 missing, 0 unmanaged, 0 owned but undeclared, 0 not owned; 0 failing, 0 missed (1 managed task checked).")
    }

    func testMissedScheduleBoundaryAndOffsetAndInactive() {
        let ref = ResourceRef(kind: .task, name: "t")
        var t = CIFixtures.task("0000000000000b01", "t", every: "1h", latestCompleted: "2026-11-29T10:00:00Z", lastRunStatus: "success")
        XCTAssertFalse(TaskRunHealth.evaluate(task: t, ref: ref, record: nil, checkedAt: checkedAt).missed, "exactly two intervals is not missed")
        XCTAssertTrue(TaskRunHealth.evaluate(task: t, ref: ref, record: nil, checkedAt: checkedAt.addingTimeInterval(1)).missed)
        t.offset = "5m"
        let withOffset = TaskRunHealth.evaluate(task: t, ref: ref, record: nil, checkedAt: checkedAt.addingTimeInterval(60))
        XCTAssertFalse(withOffset.missed)
        XCTAssertEqual(withOffset.missedThreshold, "2 × 1h + 5m")
        t.status = "inactive"
        XCTAssertFalse(TaskRunHealth.evaluate(task: t, ref: ref, record: nil, checkedAt: checkedAt.addingTimeInterval(86_400)).missed)
        XCTAssertEqual(TaskRunHealth.runWindowStart(checkedAt: checkedAt), checkedAt.addingTimeInterval(-3 * 86_400))
    }

    func testRunHistoryReadsEveryTaskAndTheFailedRunsLogOnly() async throws {
        let client = RecordingRunsClient()
        client.runs = [
            "0000000000000b02": [
                InfluxRun(id: "f1", taskID: "0000000000000b02", status: "failed", scheduledFor: "2026-11-29T11:45:00Z", finishedAt: "2026-11-29T11:45:01Z"),
                InfluxRun(id: "s1", taskID: "0000000000000b02", status: "success", scheduledFor: "2026-11-29T11:30:00Z", finishedAt: "2026-11-29T11:30:01Z"),
            ]
        ]
        let tasks = [
            CIFixtures.task("0000000000000b01", "complete", latestCompleted: "2026-11-29T11:00:00Z", lastRunStatus: "success"),
            CIFixtures.task("0000000000000b02", "new", every: "15m", latestCompleted: "2026-11-29T11:50:00Z", lastRunStatus: nil),
        ]
        let records = try await RunHistory.fetch(client: client, tasks: tasks, checkedAt: checkedAt, limit: 7)
        XCTAssertEqual(
            client.calls.value.sorted(),
            [
                "0000000000000b01 afterTime=2026-11-26T12:00:00Z limit=7",
                "0000000000000b02 afterTime=2026-11-26T12:00:00Z limit=7",
                "logs 0000000000000b02 f1",
            ])
        XCTAssertEqual(records.keys.sorted(), ["0000000000000b01", "0000000000000b02"])
        XCTAssertEqual(records["0000000000000b02"]?.failedRunLog?.map(\.message), ["Completed(failed)", "error calling function \"to\": unauthorized"])
        XCTAssertNil(records["0000000000000b01"]?.failedRunLog)
    }

    func testRunHistoryLimitIsClampedTo500() async throws {
        let client = RecordingRunsClient()
        _ = try await RunHistory.fetch(client: client, tasks: [CIFixtures.task("0000000000000b01", "a")], checkedAt: checkedAt, limit: 10_000)
        XCTAssertEqual(client.calls.value, ["0000000000000b01 afterTime=2026-11-26T12:00:00Z limit=500"])
    }

    func testA404OnOneRunsListMarksThatTaskUnavailableOnly() async throws {
        let client = RecordingRunsClient()
        client.missing = ["0000000000000b02"]
        let tasks = [
            CIFixtures.task("0000000000000b01", "a", latestCompleted: "2026-11-29T11:00:00Z", lastRunStatus: "success"),
            CIFixtures.task("0000000000000b02", "b", latestCompleted: "2026-11-29T11:00:00Z", lastRunStatus: "success"),
        ]
        let records = try await RunHistory.fetch(client: client, tasks: tasks, checkedAt: checkedAt)
        XCTAssertNil(records["0000000000000b01"]?.unavailable)
        XCTAssertEqual(records["0000000000000b02"]?.unavailable, "runs could not be read: 404 failed to find runs: task not found")
        let live = LiveState(org: InfluxOrg(id: CIFixtures.orgID, name: "acme"), labels: [CIFixtures.ownerLabel], tasks: tasks)
        let report = DriftDetector.report(plan: Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync"), live: live, records: records, checkedAt: checkedAt)
        XCTAssertEqual(report.runHealth.map(\.unavailable), [nil, "runs could not be read: 404 failed to find runs: task not found"])
        XCTAssertEqual(report.count(.unavailable), 1)
        XCTAssertTrue(report.summaryLine.hasSuffix("0 failing, 0 missed, 1 health unavailable (2 managed tasks checked)."), report.summaryLine)
    }

    /// A 429 the client could not get past ends the reading: tasks not yet started are marked
    /// unavailable without a request (a persistent 429 made a 300-task report take minutes),
    /// the ones already in flight keep what they read.
    func testAPersistent429LeavesTheTasksNotYetReadUnavailableWithoutARequest() async throws {
        let client = RecordingRunsClient()
        let tasks = (1...20).map { CIFixtures.task(String(format: "%016x", 0xb00 + $0), "t\($0)", latestCompleted: "2026-11-29T11:00:00Z", lastRunStatus: "success") }
        client.throttled = Set(tasks.map(\.id))
        let records = try await RunHistory.fetch(client: client, tasks: tasks, checkedAt: checkedAt)
        XCTAssertEqual(records.count, 20)
        XCTAssertEqual(client.calls.value.count, RunHistory.maxConcurrentTasks, "only the first batch was asked for")
        let asked = Set(client.calls.value.map { String($0.prefix(16)) })
        for task in tasks {
            XCTAssertEqual(
                records[task.id]?.unavailable,
                asked.contains(task.id)
                    ? "runs could not be read: 429 rate limit exceeded"
                    : "runs not read: the server kept answering 429 (too many requests) to the run listings before it", task.name)
        }
    }

    /// A server's words in the run-health table (a stuck run, an unavailable reason) are
    /// inline code with `|` as `&#124;` and what starts Markdown inside HTML as a character
    /// reference: a pipe, a link, an autolink or a mention in them neither splits the row nor
    /// renders (inside `<code>` a renderer still turns `[a](b)` into a link).
    /// One long log line (a run's error is its last lines) is cut in the Markdown cell, so the
    /// report stays whole and under the step summary's limit.
    func testMarkdownRunHealthCutsALongServerText() {
        let task = CIFixtures.task("0000000000000b01", "a", latestCompleted: "2026-11-29T11:00:00Z", lastRunStatus: "success")
        let live = LiveState(org: InfluxOrg(id: CIFixtures.orgID, name: "acme"), labels: [CIFixtures.ownerLabel], tasks: [task])
        let records = [task.id: TaskRunRecord(unavailable: String(repeating: "A", count: 2_000))]
        let report = DriftDetector.report(plan: Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync"), live: live, records: records, checkedAt: checkedAt)
        let row = MarkdownDriftRenderer.render(report).split(separator: "\n").first { $0.hasPrefix("| <code>a</code>") }
        XCTAssertEqual(
            row.map(String.init),
            "| <code>a</code> | **health unavailable** (<code>\(String(repeating: "A", count: 500))… (1,500 more characters)</code>) | <code>every 1h</code> | <code>success</code> | <code>2026-11-29T11:00:00Z</code> | _(none)_ |"
        )
    }

    func testMarkdownRunHealthKeepsTheServersWordsInsideOneCell() {
        let task = CIFixtures.task("0000000000000b01", "a", latestCompleted: "2026-11-29T11:00:00Z", lastRunStatus: "success")
        let live = LiveState(org: InfluxOrg(id: CIFixtures.orgID, name: "acme"), labels: [CIFixtures.ownerLabel], tasks: [task])
        let records = [task.id: TaskRunRecord(unavailable: "runs could not be read: 500 a|b [click](http://evil.example) @octocat")]
        let report = DriftDetector.report(plan: Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync"), live: live, records: records, checkedAt: checkedAt)
        let row = MarkdownDriftRenderer.render(report).split(separator: "\n").first { $0.hasPrefix("| <code>a</code>") }
        XCTAssertEqual(
            row.map(String.init),
            "| <code>a</code> | **health unavailable** (<code>runs could not be read: 500 a&#124;b &#91;click&#93;(http&#58;//evil.example) &#64;octocat</code>) | <code>every 1h</code> | <code>success</code> | <code>2026-11-29T11:00:00Z</code> | _(none)_ |"
        )
    }

    func testFailedRunErrorComesFromItsLogNotTheSummaryPlaceholder() {
        let task = CIFixtures.task("0000000000000b01", "etl", latestCompleted: "2026-11-29T11:00:00Z", lastRunStatus: "failed", lastRunError: "Completed(failed)")
        let run = InfluxRun(id: "r9", taskID: task.id, status: "failed", scheduledFor: "2026-11-29T11:00:00Z", finishedAt: "2026-11-29T11:00:02Z")
        let log = [
            "Started task from script: \"x\"", "Completed(failed)", "error calling function \"to\": unauthorized: write:buckets is unauthorized",
            "trace_id=abc is_sampled=false",
        ].map { InfluxLogEvent(runID: "r9", time: "2026-11-29T11:00:02Z", message: $0) }
        let h = TaskRunHealth.evaluate(task: task, ref: ResourceRef(kind: .task, name: "etl"), record: TaskRunRecord(runs: [run], failedRunLog: log), checkedAt: checkedAt)
        XCTAssertEqual(h.lastRunError, "error calling function \"to\": unauthorized: write:buckets is unauthorized")
        XCTAssertEqual(h.source, .log)
        XCTAssertTrue(h.failing)
        let noLine = TaskRunHealth.evaluate(
            task: task, ref: ResourceRef(kind: .task, name: "etl"),
            record: TaskRunRecord(runs: [run], failedRunLog: Array(log.prefix(2))), checkedAt: checkedAt)
        XCTAssertEqual(noLine.lastRunError, "Completed(failed)", "falls back to the task's lastRunError")
        XCTAssertEqual(noLine.source, .runs)
    }

    /// A canceled run has no verdict (§12.2): a manual run someone canceled after failures does
    /// not make the task look healthy, and the failed run's log is the one read.
    func testACanceledRunDoesNotHideAFailingTask() async throws {
        let task = CIFixtures.task("0000000000000b01", "etl", every: "1h", latestCompleted: "2026-11-29T11:00:00Z", lastRunStatus: "canceled")
        let runs = [
            InfluxRun(id: "c1", taskID: task.id, status: "canceled", scheduledFor: "2026-11-29T11:50:00Z"),
            InfluxRun(id: "f1", taskID: task.id, status: "failed", scheduledFor: "2026-11-29T11:00:00Z"),
        ]
        let client = RecordingRunsClient()
        client.runs = [task.id: runs]
        let records = try await RunHistory.fetch(client: client, tasks: [task], checkedAt: checkedAt)
        XCTAssertEqual(client.calls.value.filter { $0.hasPrefix("logs") }, ["logs 0000000000000b01 f1"])
        let h = TaskRunHealth.evaluate(task: task, ref: ResourceRef(kind: .task, name: "etl"), record: records[task.id], checkedAt: checkedAt)
        XCTAssertTrue(h.failing)
        XCTAssertEqual(h.lastRunStatus, "failed")
        XCTAssertEqual(h.latestCompleted, "2026-11-29T11:50:00Z", "the canceled run still completed")
    }

    /// A record property's value is Flux text: shown as written, not quoted a second time.
    func testARecordPropertyChangeShowsItsFluxText() {
        let finding = DriftFinding(
            kind: .changed, resource: ResourceRef(kind: .task, name: "t", id: "0000000000000b01"),
            fields: [FieldChange(field: "task.b", old: "\"raw\"", new: "\"raw2\""), FieldChange(field: "description", old: "a", new: nil)])
        let report = DriftReport(orgID: CIFixtures.orgID, ownerLabel: "influxsync", checkedAt: "2026-11-29T12:00:00Z", findings: [finding], runHealth: [])
        let lines = TextDriftRenderer.render(report).split(separator: "\n").filter { $0.hasPrefix("    ") }
        XCTAssertEqual(lines, ["    task.b: live \"raw\", manifests \"raw2\"", "    description: live \"a\", manifests (none)"])
    }

    /// A label `apply --prune` keeps because another configuration's (or nobody's) tasks carry it
    /// is reported but is not drift: `--fail-on drift` would fail every night with nothing to do.
    func testALabelPruneKeepsIsNotDrift() {
        let label = ResourceRef(kind: .label, name: "Operations", id: "0000000000000c01")
        let kept = DriftFinding(kind: .ownedUndeclared, resource: label, unmanagedTasks: [ResourceRef(kind: .task, name: "theirs", id: "0000000000000b09")])
        let stale = DriftFinding(kind: .ownedUndeclared, resource: ResourceRef(kind: .label, name: "old", id: "0000000000000c02"))
        let report = DriftReport(orgID: CIFixtures.orgID, ownerLabel: "influxsync", checkedAt: "2026-11-29T12:00:00Z", findings: [kept, stale], runHealth: [])
        XCTAssertEqual(report.count(.drift), 1)
        XCTAssertEqual(DriftReport(orgID: CIFixtures.orgID, ownerLabel: "influxsync", checkedAt: "2026-11-29T12:00:00Z", findings: [kept], runHealth: []).count(.drift), 0)
    }

    /// A cron task has missed its schedule when its latest completed run is older than the
    /// earlier of its two latest cron times (before `checkedAt − offset`).
    func testACronTaskMissesItsScheduleAfterTwoCronTimes() {
        let ref = ResourceRef(kind: .task, name: "c")
        var t = CIFixtures.task("0000000000000b01", "c", every: nil, latestCompleted: "2026-11-29T10:00:00Z", lastRunStatus: "success")
        t.cron = "0 * * * *"
        // checkedAt is 12:00: the two latest cron times are 12:00 and 11:00.
        XCTAssertFalse(TaskRunHealth.evaluate(task: t, ref: ref, record: nil, checkedAt: checkedAt.addingTimeInterval(-1)).missed, "11:59:59: 11:00 and 10:00")
        let missed = TaskRunHealth.evaluate(task: t, ref: ref, record: nil, checkedAt: checkedAt)
        XCTAssertTrue(missed.missed)
        XCTAssertEqual(missed.missedThreshold, "2 cron times (since 2026-11-29T11:00:00Z)")
        t.offset = "30m"
        XCTAssertFalse(TaskRunHealth.evaluate(task: t, ref: ref, record: nil, checkedAt: checkedAt).missed, "runs 30m after their cron time")
        t.offset = nil
        t.status = "inactive"
        XCTAssertFalse(TaskRunHealth.evaluate(task: t, ref: ref, record: nil, checkedAt: checkedAt).missed)
    }

    func testStuckAndNotStartedRuns() {
        let task = CIFixtures.task("0000000000000b01", "hourly", every: "1h", latestCompleted: "2026-11-29T11:00:00Z", lastRunStatus: "success")
        let ref = ResourceRef(kind: .task, name: "hourly")
        let stuckRun = InfluxRun(id: "a1", taskID: task.id, status: "started", scheduledFor: "2026-11-28T06:00:00Z", startedAt: "2026-11-28T06:00:00Z")
        let waiting = InfluxRun(id: "a2", taskID: task.id, status: "scheduled", scheduledFor: "2026-11-29T10:00:00Z")
        let h = TaskRunHealth.evaluate(task: task, ref: ref, record: TaskRunRecord(runs: [stuckRun, waiting]), checkedAt: checkedAt)
        // Issue 21 item 9: the age is measured from startedAt, the bound said apart.
        XCTAssertEqual(h.stuck, "run a1 started at 2026-11-28T06:00:00Z, still running after 30h (stuck after 1h)")
        XCTAssertEqual(h.notStarted, "run a2 scheduled for 2026-11-29T10:00:00Z has not started after 2h (stuck after 1h)")
        // Exactly the bound is not yet stuck; --stuck-after overrides the interval.
        let fresh = InfluxRun(id: "a3", taskID: task.id, status: "started", scheduledFor: "2026-11-29T11:00:00Z", startedAt: "2026-11-29T11:00:00Z")
        XCTAssertNil(TaskRunHealth.evaluate(task: task, ref: ref, record: TaskRunRecord(runs: [fresh]), checkedAt: checkedAt).stuck)
        let bounded = TaskRunHealth.evaluate(
            task: task, ref: ref, record: TaskRunRecord(runs: [fresh]), checkedAt: checkedAt,
            options: RunHealthOptions(stuckAfterSeconds: 1800, stuckAfterText: "30m"))
        XCTAssertEqual(bounded.stuck, "run a3 started at 2026-11-29T11:00:00Z, still running after 1h (stuck after 30m)")
        XCTAssertEqual(["0s", "59s", "1m", "59m", "1h", "1h1m", "30h"], [-5, 59.9, 60, 3599, 3600, 3660, 108_000].map(DurationText.elapsed))
        let report = DriftDetector.report(
            plan: Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync"),
            live: LiveState(org: InfluxOrg(id: CIFixtures.orgID, name: "acme"), labels: [CIFixtures.ownerLabel], tasks: [task]),
            records: [task.id: TaskRunRecord(runs: [stuckRun, waiting])], checkedAt: checkedAt)
        XCTAssertEqual(report.count(.missed), 1)
        XCTAssertEqual(
            report.summaryLine, "0 changed, 0 missing, 0 unmanaged, 0 owned but undeclared, 0 not owned; 0 failing, 0 missed, 1 stuck, 1 not started (1 managed task checked).")
    }

    func testNoSchedulerMeansNoMissedAndANote() {
        let task = CIFixtures.task("0000000000000b01", "hourly", every: "1h", latestCompleted: "2026-11-28T00:00:00Z", lastRunStatus: "success")
        let live = LiveState(org: InfluxOrg(id: CIFixtures.orgID, name: "acme"), labels: [CIFixtures.ownerLabel], tasks: [task])
        let plan = Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync")
        XCTAssertEqual(DriftDetector.report(plan: plan, live: live, records: [:], checkedAt: checkedAt).missed.count, 1)
        let report = DriftDetector.report(plan: plan, live: live, records: [:], checkedAt: checkedAt, options: RunHealthOptions(scheduleChecked: false))
        XCTAssertEqual(report.missed.count, 0)
        XCTAssertTrue(
            TextDriftRenderer.render(report).hasPrefix(
                """
                Drift report for org acme (0a0b0c0d0e0f1011) (owner label "influxsync") at 2026-11-29T12:00:00Z
                Note: \(RunHealthOptions.noSchedulerNote).

                """), TextDriftRenderer.render(report))
    }

    func testTextRendering() {
        let report = DriftDetector.report(plan: plan, live: live, runs: runs, checkedAt: checkedAt)
        XCTAssertEqual(
            TextDriftRenderer.render(report),
            """
            Drift report for org acme (0a0b0c0d0e0f1011) (owner label "influxsync") at 2026-11-29T12:00:00Z

            ~ Task "cpu" (0000000000000b01) differs from the manifests [cpu.yml:1:1] (changed outside git, or a manifest edit not applied yet):
                every: live "2h", manifests "1h"
                labels live but not in the manifests: "prod"
                query (- live, + manifests):
                  --- live
                  +++ manifest
                  @@ -1 +1 @@
                  -a
                  +b

            * Task "mem" (0000000000000b02) is declared [mem.yml:1:1] but not owned: it lacks the owner label (apply would adopt it)

            ! Task "gone" is missing: declared [gone.yml:1:1] but not in the org (deleted outside git, or never applied)

            - Task "stale" (0000000000000b04) is owned but declared by no manifest (apply --prune would delete it)

            ? Task "ui-made" (0000000000000b05) is unmanaged: in the org, declared by no manifest, not owned

            Run health (6 managed tasks):
              ok Task "cpu" (0000000000000b01) every 2h: last run success, latest completed 2026-11-29T10:00:00Z
              ok Task "mem" (0000000000000b02) every 1h: last run success, latest completed 2026-11-29T11:00:00Z
              FAILING Task "etl" (0000000000000b06) every 1h: last run failed, latest completed 2026-11-29T11:00:00Z
                  error: could not find bucket "x"
              MISSED Task "hourly" (0000000000000b07) every 1h: last run success, latest completed 2026-11-29T09:00:00Z, no completed run within 2 × 1h
              FAILING Task "fresh" (0000000000000b08) every 30m: last run failed, latest completed 2026-11-29T11:30:00Z
              ok Task "nightly" (0000000000000b09) cron "0 0 * * *": last run success, latest completed 2026-11-29T00:00:00Z

            1 changed, 1 missing, 1 unmanaged, 1 owned but undeclared, 1 not owned; 2 failing, 1 missed (6 managed tasks checked).

            """)
    }

    func testJSONValidatesAgainstDriftSchema() throws {
        let report = DriftDetector.report(plan: plan, live: live, runs: runs, checkedAt: checkedAt)
        let outcome = try SchemaValidator.validate(json: JSONDriftRenderer.render(report), schema: "drift.schema.json")
        XCTAssertEqual(outcome.output, "")
        XCTAssertEqual(outcome.exitCode, 0)
    }

    func testStatusJSONValidatesAgainstStatusSchema() throws {
        let report = DriftDetector.report(plan: plan, live: live, runs: runs, checkedAt: checkedAt)
        let json = StatusRenderer.json(report)
        let outcome = try SchemaValidator.validate(json: json, schema: "status.schema.json")
        XCTAssertEqual(outcome.output, "")
        XCTAssertEqual(outcome.exitCode, 0)
        let broken = json.replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 2")
        XCTAssertNotEqual(broken, json)
        XCTAssertEqual(try SchemaValidator.validate(json: broken, schema: "status.schema.json").exitCode, 1)
    }

    func testMarkdownHasATableAndOneSectionPerFinding() {
        let report = DriftDetector.report(plan: plan, live: live, runs: runs, checkedAt: checkedAt)
        let md = MarkdownDriftRenderer.render(report)
        XCTAssertEqual(
            md,
            """
            ## influxsync drift report

            **1 changed, 1 missing, 1 unmanaged, 1 owned but undeclared, 1 not owned; 2 failing, 1 missed (6 managed tasks checked).**

            > [!WARNING]
            > **2 managed tasks are failing:** <code>etl</code>, <code>fresh</code>.

            | Changed | Missing | Unmanaged | Owned, undeclared | Not owned | Duplicate | Failing | Missed |
            |---:|---:|---:|---:|---:|---:|---:|---:|
            | 1 | 1 | 1 | 1 | 1 | 0 | 2 | 1 |

            <details>
            <summary><b>changed</b> Task <code>cpu</code>: differs from the manifests (changed outside git, or an edit not applied yet)</summary>

            ID <code>0000000000000b01</code> · declared at <code>cpu.yml:1:1</code>

            | Field | Live | Manifests |
            |---|---|---|
            | every | <code>2h</code> | <code>1h</code> |

            Labels live but not in the manifests: <code>prod</code>

            ```diff
            --- live
            +++ manifest
            @@ -1 +1 @@
            -a
            +b
            ```

            </details>

            <details>
            <summary><b>not-owned</b> Task <code>mem</code>: declared but not owned</summary>

            ID <code>0000000000000b02</code> · declared at <code>mem.yml:1:1</code>

            </details>

            <details>
            <summary><b>missing</b> Task <code>gone</code>: missing (deleted outside git, or never applied)</summary>

            declared at <code>gone.yml:1:1</code>

            </details>

            <details>
            <summary><b>owned-undeclared</b> Task <code>stale</code>: owned but no longer declared</summary>

            ID <code>0000000000000b04</code>

            </details>

            <details>
            <summary><b>unmanaged</b> Task <code>ui-made</code>: unmanaged (not declared, not owned)</summary>

            ID <code>0000000000000b05</code>

            </details>

            ### Run health (6 managed tasks)

            | Task | State | Schedule | Last run | Latest completed | Error |
            |---|---|---|---|---|---|
            | <code>cpu</code> | ok | <code>every 2h</code> | <code>success</code> | <code>2026-11-29T10:00:00Z</code> | _(none)_ |
            | <code>mem</code> | ok | <code>every 1h</code> | <code>success</code> | <code>2026-11-29T11:00:00Z</code> | _(none)_ |
            | <code>etl</code> | **failing** | <code>every 1h</code> | <code>failed</code> | <code>2026-11-29T11:00:00Z</code> | <code>could not find bucket &quot;x&quot;</code> |
            | <code>hourly</code> | **missed** (none within 2 × 1h) | <code>every 1h</code> | <code>success</code> | <code>2026-11-29T09:00:00Z</code> | _(none)_ |
            | <code>fresh</code> | **failing** | <code>every 30m</code> | <code>failed</code> | <code>2026-11-29T11:30:00Z</code> | _(none)_ |
            | <code>nightly</code> | ok | <code>cron &quot;0 0 &#42; &#42; &#42;&quot;</code> | <code>success</code> | <code>2026-11-29T00:00:00Z</code> | _(none)_ |

            <sub>org <code>acme (0a0b0c0d0e0f1011)</code> · owner label <code>influxsync</code> · checked at 2026-11-29T12:00:00Z</sub>

            """)
        XCTAssertFalse(md.contains("changed outside git\n"), "never says only 'changed outside git': \(md)")
        XCTAssertEqual(md.components(separatedBy: "<details>").count - 1, 5)
        XCTAssertLessThanOrEqual(MarkdownDriftRenderer.render(report, characterLimit: 2_000).utf16.count, 2_000)
    }

    func testRFC3339() {
        XCTAssertEqual(RFC3339.parse("2022-07-18T14:46:07.16222Z")?.timeIntervalSince1970 ?? 0, 1_658_155_567.16222, accuracy: 0.00001)
        XCTAssertEqual(RFC3339.parse("2022-06-30T17:00:00+02:00"), RFC3339.parse("2022-06-30T15:00:00Z"))
        XCTAssertNil(RFC3339.parse("2022-06-30 15:00"))
        XCTAssertNil(RFC3339.parse("2022-13-30T15:00:00Z"))
        XCTAssertEqual(RFC3339.format(RFC3339.parse("2022-07-18T14:46:07.9Z")!), "2022-07-18T14:46:07Z")
    }

    /// `run --scheduled-for` takes what InfluxDB's parser takes: a `T`, a day of its month,
    /// seconds below 60 (February 30 was run as March 2; a space or second 60 reached the server).
    func testStrictRFC3339IsWhatInfluxDBsParserTakes() {
        XCTAssertEqual(RFC3339.parseStrict("2026-02-28T10:00:00Z"), RFC3339.parse("2026-02-28T10:00:00Z"))
        XCTAssertNotNil(RFC3339.parseStrict("2028-02-29T10:00:00.5+02:00"))
        for bad in ["2026-02-30T00:00:00Z", "2026-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-12-07 10:00:00Z", "2026-12-07T23:59:60Z"] {
            XCTAssertNil(RFC3339.parseStrict(bad), bad)
        }
    }
}

/// A client that only answers `listRuns` and `runLogs`, recording each call.
final class RecordingRunsClient: InfluxRunsAPI, UnusedCallsClient, @unchecked Sendable {
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func append(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
        var value: [String] { lock.lock(); defer { lock.unlock() }; return items }
    }
    let calls = Calls()
    /// Runs answered per task ID (none by default).
    var runs: [String: [InfluxRun]] = [:]
    /// Task IDs whose runs list answers 404.
    var missing: Set<String> = []
    /// Task IDs whose runs list answers 429 (after the client's own retries).
    var throttled: Set<String> = []
    struct Unexpected: Error {}
    func listRuns(taskID: String, afterTime: String?, beforeTime: String?, limit: Int) async throws -> [InfluxRun] {
        calls.append("\(taskID) afterTime=\(afterTime ?? "nil") limit=\(limit)")
        if missing.contains(taskID) {
            throw InfluxAPIError(method: "GET", path: "/api/v2/tasks/\(taskID)/runs", status: 404, code: "not found", message: "failed to find runs: task not found")
        }
        if throttled.contains(taskID) {
            throw InfluxAPIError(method: "GET", path: "/api/v2/tasks/\(taskID)/runs", status: 429, code: "too many requests", message: "rate limit exceeded")
        }
        return runs[taskID] ?? []
    }
    func getRun(taskID: String, runID: String) async throws -> InfluxRun { throw Unexpected() }
    func runLogs(taskID: String, runID: String) async throws -> [InfluxLogEvent] {
        calls.append("logs \(taskID) \(runID)")
        return ["Completed(failed)", "error calling function \"to\": unauthorized"].map { InfluxLogEvent(runID: runID, time: "2026-11-29T11:45:01Z", message: $0) }
    }
    func forceRun(taskID: String, scheduledFor: String?) async throws -> InfluxRun { throw Unexpected() }
    func retryRun(taskID: String, runID: String) async throws -> InfluxRun { throw Unexpected() }
    func cancelRun(taskID: String, runID: String) async throws { throw Unexpected() }
}
