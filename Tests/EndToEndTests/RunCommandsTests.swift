import Foundation
import XCTest

/// `status`, `runs`, `logs`, `run`, `retry`, `retry-failed`, `cancel`, and drift's run health,
/// run as the real binary against a sandbox on loopback. Runs that fail, hang in `started` or
/// never start are made through the control API (`POST /sandbox/tasks/{id}/runs`,
/// `PUT /sandbox/tasks/{id}/failure`), never by waiting for the clock.
final class RunCommandsTests: XCTestCase {
    var sandbox: SandboxHarness!
    var workspace: Workspace!

    override func setUp() async throws {
        // A served sandbox with its scheduler on, as `sandbox serve --scheduler` runs it. The
        // tasks run every 24h (the server shows `1d`), so no scheduled run falls inside a test
        // unless the test runs across midnight UTC.
        sandbox = try await SandboxHarness.start(scheduler: true)
        workspace = try Workspace()
    }

    override func tearDown() async throws {
        try await sandbox?.stop()
        sandbox = nil
        workspace = nil
    }

    /// Applies tasks `names` (every 24h) and returns name → ID.
    func applyTasks(_ names: [String]) async throws -> [String: String] {
        _ = try workspace.write("tasks.yml", names.map { Manifests.task($0, every: "24h") }.joined(separator: "---\n"))
        let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        var ids: [String: String] = [:]
        for task in try await sandbox.tasks() { ids[task.name] = task.id }
        return ids
    }

    /// Records a run through the control API; `ago` seconds before now for `scheduledFor`.
    @discardableResult
    func recordRun(_ taskID: String, _ status: String, ago: Double, startedAgo: Double? = nil, log: [String] = []) async throws -> String {
        var body: [String: Any] = ["status": status, "scheduledFor": time(ago)]
        if let startedAgo { body["startedAt"] = time(startedAgo) }
        if !log.isEmpty { body["log"] = log }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let (code, data) = try await sandbox.raw("POST", "/sandbox/tasks/\(taskID)/runs", json: json)
        XCTAssertEqual(code, 201, String(decoding: data, as: UTF8.self))
        return try XCTUnwrap((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["id"] as? String)
    }

    func time(_ ago: Double) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date().addingTimeInterval(-ago))
    }

    static let toUnauthorized = "error calling function \"to\" @5:8-5:46: unauthorized: write:orgs/0/buckets is unauthorized"

    func testStatusShowsTheRunStripAndTheHeaderNamesTheOrg() async throws {
        let ids = try await applyTasks(["cpu", "mem"])
        try await recordRun(ids["cpu"]!, "success", ago: 3 * 3600)
        try await recordRun(ids["cpu"]!, "failed", ago: 2 * 3600, log: ["Started task from script: \"x\"", "Completed(failed)", Self.toUnauthorized])
        try await recordRun(ids["cpu"]!, "success", ago: 3600)
        let orgID = try await sandbox.orgID()
        let status = try await sandbox.cli("status", [workspace.path()])
        XCTAssertEqual(status.exitCode, 0, "\(status)")
        let lines = status.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "Status of 2 managed tasks in org acme (\(orgID)) at \(lines.first?.split(separator: " ").last ?? "")")
        let cpu = try XCTUnwrap(lines.first { $0.hasPrefix("cpu ") }, status.stdout)
        XCTAssertTrue(cpu.hasSuffix("success   no      ✓✗✓"), cpu)
        let mem = try XCTUnwrap(lines.first { $0.hasPrefix("mem ") }, status.stdout)
        XCTAssertTrue(mem.hasSuffix("(no runs)"), mem)
        XCTAssertTrue(status.stdout.hasSuffix("\n0 failing, 0 missed (2 managed tasks checked).\n"), status.stdout)

        // Without PATHS: every task with the owner label. JSON carries the strip oldest first.
        let json = try await sandbox.cli("status", ["--format", "json"])
        XCTAssertEqual(json.exitCode, 0, "\(json)")
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(doc["orgName"] as? String, "acme")
        let tasks = try XCTUnwrap(doc["tasks"] as? [[String: Any]])
        let cpuJSON = try XCTUnwrap(tasks.first { ($0["task"] as? [String: Any])?["name"] as? String == "cpu" })
        XCTAssertEqual((cpuJSON["recentRuns"] as? [[String: Any]])?.map { $0["status"] as! String }, ["success", "failed", "success"])

        // Reads only: one runs page per task, no log (the newest run succeeded).
        try await sandbox.clearRequests()
        _ = try await sandbox.cli("status", [workspace.path(), "--runs", "5"])
        let runReads = try await sandbox.requests().filter { $0.path.contains("/runs") || $0.path.contains("/logs") }
        XCTAssertEqual(runReads.count, 2, "\(runReads)")
        // The window starts at now minus the lookback: its time is shown as <time>.
        XCTAssertEqual(
            runReads.map { VaryingText.times($0.description.removingPercentEncoding ?? "") }.sorted(),
            [ids["cpu"]!, ids["mem"]!].map { "GET /api/v2/tasks/\($0)/runs?afterTime=<time>&limit=5 200" }.sorted(), "\(runReads)")
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes, [])
    }

    /// Every time flag takes a duration (issue 17): `--timeout 2s`, and a bare number is still
    /// seconds; anything else is refused by name.
    /// A run without log lines: `logs` says so on standard error (it printed nothing at all).
    func testLogsOfARunWithoutLinesSaysSo() async throws {
        let ids = try await applyTasks(["cpu"])
        let runID = try await recordRun(ids["cpu"]!, "failed", ago: 60, startedAgo: 59)
        let logs = try await sandbox.cli("logs", ["cpu", runID])
        XCTAssertEqual(logs.exitCode, 0, "\(logs)")
        XCTAssertEqual(logs.stdout, "")
        XCTAssertEqual(logs.stderr, "Run \(runID) of task \"cpu\" has no log lines.\n")
    }

    func testRunTimeoutTakesADuration() async throws {
        _ = try await applyTasks(["cpu"])
        let ok = try await sandbox.cli("run", ["cpu", "--wait", "--timeout", "2s"])
        XCTAssertEqual(ok.exitCode, 0, "\(ok)")
        let seconds = try await sandbox.cli("run", ["cpu", "--wait", "--timeout", "30"])
        XCTAssertEqual(seconds.exitCode, 0, "\(seconds)")
        let bad = try await sandbox.cli("run", ["cpu", "--wait", "--timeout", "soon"])
        XCTAssertEqual(bad.exitCode, 1)
        XCTAssertTrue(bad.stderr.hasPrefix("error: the value 'soon' is invalid for '--timeout <duration>'\n"), "\(bad)")
    }

    func testRunWaitPrintsTheLogAndExitsOneWhenTheRunFails() async throws {
        let ids = try await applyTasks(["cpu"])
        let ok = try await sandbox.cli("run", ["cpu", "--wait"])
        XCTAssertEqual(ok.exitCode, 0, "\(ok)")
        // The whole output; the run's ID is the server's (read from the first line), and the
        // times are the sandbox clock's, shown as <time>.
        let script =
            #"Started task from script: "option task = {name: \"cpu\", every: 1d}\n\nfrom(bucket: \"telegraf\")\n    |> range(start: -task.every)\n    |> filter(fn: (r) => r._measurement == \"cpu\")\n    |> aggregateWindow(every: 1h, fn: mean)\n    |> to(bucket: \"telegraf-downsampled\")\n""#
        let okRunID = String(ok.stdout.dropFirst("Started run ".count).prefix(16))
        XCTAssertEqual(
            VaryingText.times(ok.stdout),
            """
            Started run \(okRunID) of task "cpu" (\(ids["cpu"]!)), scheduled for <time>.
            <time>  \(script)
            <time>  Completed(success)
            Run \(okRunID) of task "cpu" succeeded.

            """)

        let (code, _) = try await sandbox.raw("PUT", "/sandbox/tasks/\(ids["cpu"]!)/failure", json: #"{"message": "could not find bucket \"telegraf\""}"#)
        XCTAssertEqual(code, 204)
        let failed = try await sandbox.cli("run", [ids["cpu"]!, "--wait"])
        XCTAssertEqual(failed.exitCode, 1, "\(failed)")
        let runID = String(failed.stdout.dropFirst("Started run ".count).prefix(16))
        XCTAssertEqual(
            VaryingText.times(failed.stdout),
            """
            Started run \(runID) of task "cpu" (\(ids["cpu"]!)), scheduled for <time>.
            <time>  \(script)
            <time>  Completed(failed)
            <time>  could not find bucket "telegraf"

            """)
        XCTAssertEqual(
            failed.stderr,
            """
            error: run \(runID) of task "cpu" failed: could not find bucket "telegraf"
              hint: read its whole log with: influxsync logs \(ids["cpu"]!) \(runID) --host \(sandbox.baseURL) --token "$INFLUX_TOKEN" --org acme

            """)
        let logs = try await sandbox.cli("logs", ["cpu", runID])
        XCTAssertEqual(logs.exitCode, 0, "\(logs)")
        XCTAssertTrue(logs.stdout.hasSuffix("  could not find bucket \"telegraf\"\n"), logs.stdout)
        // JSON: the task, the run and its lines (schemas/logs.schema.json).
        let json = try await sandbox.cli("logs", ["cpu", runID, "--format", "json"])
        XCTAssertEqual(json.exitCode, 0, "\(json)")
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["runID"] as? String, runID)
        XCTAssertEqual(document["task"] as? [String: String], ["id": ids["cpu"]!, "name": "cpu"])
        XCTAssertEqual((document["log"] as? [[String: Any]])?.last?["message"] as? String, "could not find bucket \"telegraf\"")
        let follow = try await sandbox.cli("logs", ["cpu", "--format", "json", "--follow"])
        XCTAssertEqual(follow.exitCode, 1)
        XCTAssertTrue(follow.stderr.hasPrefix("error: --format json prints the log as it is now and cannot be combined with --follow"), "\(follow)")
    }

    /// A run listing throttled past the client's own retries ends `retry-failed`: the tasks
    /// left are counted as not read (exit 1) instead of each waiting out the server's
    /// `Retry-After` again (a persistent 429 made it run for minutes).
    func testRetryFailedStopsAtAPersistent429() async throws {
        _ = try await applyTasks(["a", "b", "c"])
        try await sandbox.clearRequests()
        try await sandbox.injectFault(#"{"method":"GET","path":"/api/v2/tasks/:id/runs","status":429,"retryAfter":0,"count":0}"#)
        let result = try await sandbox.cli("retry-failed", [])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertTrue(
            result.stderr.contains(
                "error: the server kept answering 429 (too many requests); the runs of 2 more tasks were not read\n  hint: run retry-failed again later: what was retried is not retried twice\n"
            ),
            result.stderr)
        let listings = try await sandbox.requests().filter { $0.method == "GET" && $0.path.hasSuffix("/runs") }
        XCTAssertEqual(Set(listings.map(\.path)).count, 1, "only the first task's runs were asked for: \(listings.map(\.path))")
    }

    func testRetryFailedRetriesExactlyTheFailedRunsWithinSince() async throws {
        let ids = try await applyTasks(["cpu", "mem"])
        let cpu = ids["cpu"]!, mem = ids["mem"]!
        let a = try await recordRun(cpu, "failed", ago: 30 * 60)
        try await recordRun(cpu, "success", ago: 20 * 60)
        let c = try await recordRun(cpu, "failed", ago: 10 * 60)
        try await recordRun(cpu, "failed", ago: 2 * 3600)
        try await recordRun(cpu, "canceled", ago: 5 * 60)
        let e = try await recordRun(mem, "failed", ago: 5 * 60)
        try await sandbox.clearRequests()
        let dry = try await sandbox.cli("retry-failed", [workspace.path(), "--since", "1h", "--dry-run", "--format", "json"])
        XCTAssertEqual(dry.exitCode, 0, "\(dry)")
        let planned = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(Set(((planned["retries"] as? [[String: Any]]) ?? []).compactMap { $0["run"] as? String }), [a, c, e])
        XCTAssertEqual(((planned["retries"] as? [[String: Any]]) ?? []).map { $0["retriedAs"] is NSNull }, [true, true, true])
        let result = try await sandbox.cli("retry-failed", [workspace.path(), "--since", "1h"])
        XCTAssertEqual(result.exitCode, 0, "\(result)")
        let writes = try await sandbox.writes()
        XCTAssertEqual(
            writes.sorted(),
            [
                "POST /api/v2/tasks/\(cpu)/runs/\(a)/retry 200", "POST /api/v2/tasks/\(cpu)/runs/\(c)/retry 200",
                "POST /api/v2/tasks/\(mem)/runs/\(e)/retry 200",
            ].sorted())
        // Task by task in ID order, each task's windows oldest first. The new runs' IDs are the
        // server's and the times its clock's: shown as <id> and <time>.
        let retried = [(cpu, "cpu", [a, c]), (mem, "mem", [e])].sorted { $0.0 < $1.0 }.flatMap { task in
            task.2.map { "Retrying run \($0) of task \"\(task.1)\" (\(task.0)) as run <id>, scheduled for <time>.\n" }
        }
        XCTAssertEqual(VaryingText.times(VaryingText.ids(after: " as run ", in: result.stdout)), retried.joined() + "3 failed runs scheduled since <time> retried.\n")
    }

    /// A scheduled job that runs retry-failed again: the second run retries nothing (the
    /// first run's retries are queued), and a window that already recovered is never run again
    /// (before: every failed run was retried on every invocation, 2 → 4 …).
    func testRetryFailedTwiceRetriesNothingTwice() async throws {
        let ids = try await applyTasks(["cpu"])
        let cpu = ids["cpu"]!
        let failed = try await recordRun(cpu, "failed", ago: 30 * 60)
        let window = time(20 * 60)
        let (code, _) = try await sandbox.raw("POST", "/sandbox/tasks/\(cpu)/runs", json: #"{"status":"failed","scheduledFor":"\#(window)","startedAt":"\#(window)"}"#)
        XCTAssertEqual(code, 201)
        // That window recovered: a later manual retry of it succeeded.
        let (recovered, _) = try await sandbox.raw("POST", "/sandbox/tasks/\(cpu)/runs", json: #"{"status":"success","scheduledFor":"\#(window)","startedAt":"\#(time(10 * 60))"}"#)
        XCTAssertEqual(recovered, 201)
        try await sandbox.clearRequests()

        // The dry run shows the rule: the failed window is retried, the recovered one is not.
        let dry = try await sandbox.cli("retry-failed", [workspace.path(), "--since", "1h", "--dry-run"])
        XCTAssertEqual(dry.exitCode, 0, "\(dry)")
        let dryLines = dry.stdout.components(separatedBy: "\n")
        XCTAssertEqual(dryLines.count, 3, dry.stdout)
        XCTAssertTrue(dryLines[0].hasPrefix("Would retry run \(failed) of task \"cpu\" (\(cpu)), scheduled for "), dry.stdout)
        XCTAssertNotNil(dryLines[0].range(of: #", scheduled for \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\.$"#, options: .regularExpression), dry.stdout)
        XCTAssertNotNil(dryLines[1].range(of: #"^1 failed run scheduled since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ would be retried\.$"#, options: .regularExpression), dry.stdout)
        XCTAssertEqual(dryLines[2], "")
        let dryWrites = try await sandbox.writes()
        XCTAssertEqual(dryWrites, [])

        let first = try await sandbox.cli("retry-failed", [workspace.path(), "--since", "1h"])
        XCTAssertEqual(first.exitCode, 0, "\(first)")
        let firstWrites = try await sandbox.writes()
        XCTAssertEqual(firstWrites, ["POST /api/v2/tasks/\(cpu)/runs/\(failed)/retry 200"])
        // The new run's ID is the server's and the times its clock's: shown as <id> and <time>.
        XCTAssertEqual(
            VaryingText.times(VaryingText.ids(after: " as run ", in: first.stdout)),
            """
            Retrying run \(failed) of task "cpu" (\(cpu)) as run <id>, scheduled for <time>.
            1 failed run scheduled since <time> retried.

            """)

        try await sandbox.clearRequests()
        // JSON says the same: nothing left to retry (schemas/retry-failed.schema.json).
        let json = try await sandbox.cli("retry-failed", [workspace.path(), "--since", "1h", "--format", "json", "--dry-run"])
        XCTAssertEqual(json.exitCode, 0, "\(json)")
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["summary"] as? [String: Int], ["found": 0, "retried": 0, "failed": 0])
        XCTAssertEqual(document["dryRun"] as? Bool, true)
        let second = try await sandbox.cli("retry-failed", [workspace.path(), "--since", "1h"])
        XCTAssertEqual(second.exitCode, 0, "\(second)")
        let secondWrites = try await sandbox.writes()
        XCTAssertEqual(secondWrites, [], "the first invocation's retry is queued: nothing to retry again")
        XCTAssertTrue(second.stdout.hasPrefix("0 failed runs scheduled since "), second.stdout)
    }

    /// A nightly job: a window whose retry failed too is not retried again (it has two runs), and
    /// failures older than one listing's 500 runs are found (pages by `beforeTime`, §12.3).
    func testARetriedWindowIsLeftAloneAndFailuresPastAFullPageAreFound() async throws {
        let ids = try await applyTasks(["cpu"])
        let cpu = ids["cpu"]!
        let window = time(50 * 3600)
        for status in ["failed", "failed"] {
            let (code, _) = try await sandbox.raw("POST", "/sandbox/tasks/\(cpu)/runs", json: #"{"status":"\#(status)","scheduledFor":"\#(window)"}"#)
            XCTAssertEqual(code, 201)
        }
        var old: [String] = []
        for minute in 0..<3 { old.append(try await recordRun(cpu, "failed", ago: Double(40 * 3600 - minute * 60))) }
        for minute in 0..<520 { try await recordRun(cpu, "success", ago: Double(30 * 3600 - minute * 60)) }
        try await sandbox.clearRequests()
        let dry = try await sandbox.cli("retry-failed", [workspace.path(), "--since", "3d", "--dry-run", "--format", "json"])
        XCTAssertEqual(dry.exitCode, 0, "\(dry)")
        XCTAssertEqual(dry.stderr, "")
        let planned = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(((planned["retries"] as? [[String: Any]]) ?? []).compactMap { $0["run"] as? String }, old)
        let listings = try await sandbox.requests().filter { $0.method == "GET" && $0.path.hasSuffix("/runs") }
        XCTAssertEqual(listings.count, 2, "one full page, then one before its oldest window")
    }

    /// One window with more runs than a page (retried already, so not retried) does not stop the
    /// listing: the next page starts before it and finds an older failed window.
    func testAWindowFillingAPageDoesNotHideOlderFailures() async throws {
        let ids = try await applyTasks(["cpu"])
        let cpu = ids["cpu"]!
        let older = try await recordRun(cpu, "failed", ago: 3 * 3600)
        let window = time(3600)
        for _ in 0..<501 {
            let (code, _) = try await sandbox.raw("POST", "/sandbox/tasks/\(cpu)/runs", json: #"{"status":"failed","scheduledFor":"\#(window)"}"#)
            XCTAssertEqual(code, 201)
        }
        let dry = try await sandbox.cli("retry-failed", [workspace.path(), "--since", "1d", "--dry-run", "--format", "json"])
        XCTAssertEqual(dry.exitCode, 0, "\(dry)")
        XCTAssertEqual(dry.stderr, "")
        let planned = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(((planned["retries"] as? [[String: Any]]) ?? []).compactMap { $0["run"] as? String }, [older])
    }

    /// `--since` in a calendar unit says why it is refused and what to write instead.
    func testSinceInACalendarUnitIsExplained() async throws {
        _ = try await applyTasks(["cpu"])
        let result = try await sandbox.cli("retry-failed", [workspace.path(), "--since", "1mo", "--dry-run"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(
            result.stderr,
            "error: --since \"1mo\" uses a calendar unit (mo, y), whose length varies: give it in days or weeks, e.g. --since 30d\n  hint: usage: influxsync retry-failed [<options>] [<path> ...]\n  hint: see 'influxsync retry-failed --help' for more information\n"
        )
    }

    /// InfluxDB refuses every retry of an inactive task (§12.6): its failures are noted, not
    /// sent, and do not fail the job.
    func testAnInactiveTasksFailuresAreNotedNotRetried() async throws {
        let ids = try await applyTasks(["cpu"])
        let cpu = ids["cpu"]!
        try await recordRun(cpu, "failed", ago: 10 * 60)
        let (code, _) = try await sandbox.raw("PATCH", "/api/v2/tasks/\(cpu)", json: #"{"status":"inactive"}"#)
        XCTAssertEqual(code, 200)
        try await sandbox.clearRequests()
        let result = try await sandbox.cli("retry-failed", [workspace.path(), "--since", "1h"])
        XCTAssertEqual(result.exitCode, 0, "\(result)")
        XCTAssertEqual(result.stderr, "note: task \"cpu\" (\(cpu)) is inactive: its 1 failed run is not retried (InfluxDB refuses retries of an inactive task)\n")
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes, [])
    }

    func testDriftAndStatusShowTheLogErrorStuckAndNotStarted() async throws {
        let ids = try await applyTasks(["etl", "hung", "waiting", "fine"])
        let failed = try await recordRun(
            ids["etl"]!, "failed", ago: 600,
            log: ["Started task from script: \"x\"", "Completed(failed)", Self.toUnauthorized, "trace_id=1 is_sampled=false"])
        let hung = try await recordRun(ids["hung"]!, "started", ago: 30 * 3600, startedAgo: 30 * 3600)
        let waiting = try await recordRun(ids["waiting"]!, "scheduled", ago: 48 * 3600 + 60)
        // The task summary holds InfluxDB's placeholder: the second-to-last log line.
        let etl = try await sandbox.api.getTask(id: ids["etl"]!)
        XCTAssertEqual(etl.lastRunError, Self.toUnauthorized)

        let drift = try await sandbox.cli("drift", [workspace.path()])
        XCTAssertEqual(drift.exitCode, 0, "\(drift)")
        // The whole report: tasks in ID order (the server's IDs, so any order of names); the
        // times are the sandbox clock's, shown as <time>.
        let orgID = try await sandbox.orgID()
        func health(stuckAfter bound: String) -> String {
            [
                (ids["etl"]!, "  FAILING Task \"etl\" (\(ids["etl"]!)) every 1d: last run failed, latest completed <time>\n      error: \(Self.toUnauthorized)\n"),
                (
                    ids["hung"]!,
                    "  STUCK Task \"hung\" (\(ids["hung"]!)) every 1d: last run none, latest completed <time>\n      stuck: run \(hung) started at <time>, still running after 30h (stuck after \(bound))\n"
                ),
                (
                    ids["waiting"]!,
                    "  NOT STARTED Task \"waiting\" (\(ids["waiting"]!)) every 1d: last run none, latest completed <time>\n      not started: run \(waiting) scheduled for <time> has not started after 48h1m (stuck after \(bound))\n"
                ),
                (ids["fine"]!, "  ok Task \"fine\" (\(ids["fine"]!)) every 1d: last run none, latest completed <time>\n"),
            ].sorted { $0.0 < $1.0 }.map(\.1).joined()
        }
        func report(stuckAfter bound: String) -> String {
            """
            Drift report for org acme (\(orgID)) (owner label "influxsync") at <time>

            No drift: the live org matches the manifests.

            Run health (4 managed tasks):
            \(health(stuckAfter: bound))
            0 changed, 0 missing, 0 unmanaged, 0 owned but undeclared, 0 not owned; 1 failing, 0 missed, 1 stuck, 1 not started (4 managed tasks checked).

            """
        }
        XCTAssertEqual(VaryingText.times(drift.stdout), report(stuckAfter: "1d"))
        let failOn = try await sandbox.cli("drift", [workspace.path(), "--fail-on", "missed"])
        XCTAssertEqual(failOn.exitCode, 2, "\(failOn)")

        // --stuck-after tightens the bound.
        let tight = try await sandbox.cli("drift", [workspace.path(), "--stuck-after", "30m"])
        XCTAssertEqual(VaryingText.times(tight.stdout), report(stuckAfter: "30m"))

        let status = try await sandbox.cli("status", [workspace.path()])
        XCTAssertEqual(status.exitCode, 0, "\(status)")
        // The whole table, rows in ID order; times shown as <time>.
        let rows = [
            (ids["etl"]!, "etl      \(ids["etl"]!)  active  every 1d  <time>  failed    no      ✗\n    error: \(Self.toUnauthorized)\n"),
            (
                ids["hung"]!,
                "hung     \(ids["hung"]!)  active  every 1d  <time>  none      no      …\n    stuck: run \(hung) started at <time>, still running after 30h (stuck after 1d)\n"
            ),
            (
                ids["waiting"]!,
                "waiting  \(ids["waiting"]!)  active  every 1d  <time>  none      no      …\n    not started: run \(waiting) scheduled for <time> has not started after 48h1m (stuck after 1d)\n"
            ),
            (ids["fine"]!, "fine     \(ids["fine"]!)  active  every 1d  <time>  none      no      (no runs)\n"),
        ].sorted { $0.0 < $1.0 }.map(\.1).joined()
        XCTAssertEqual(
            VaryingText.times(status.stdout),
            """
            Status of 4 managed tasks in org acme (\(orgID)) at <time>

            TASK     ID                STATUS  SCHEDULE  LATEST COMPLETED      LAST RUN  MISSED  RUNS (oldest first)
            \(rows)
            1 failing, 0 missed, 1 stuck, 1 not started (4 managed tasks checked).

            """)
        _ = failed
    }

    func testA404OnOneRunsListLeavesTheRestOfTheReport() async throws {
        let ids = try await applyTasks(["a", "b", "c"])
        try await sandbox.injectFault(#"{"method":"GET","path":"/api/v2/tasks/\#(ids["b"]!)/runs","count":100,"status":404,"message":"failed to find runs: task not found"}"#)
        let drift = try await sandbox.cli("drift", [workspace.path()])
        XCTAssertEqual(drift.exitCode, 0, "\(drift)")
        // The whole report: tasks in ID order (the server's IDs, so any order of names); the
        // times are the sandbox clock's, shown as <time>.
        let orgID = try await sandbox.orgID()
        let health = ["a", "b", "c"].sorted { ids[$0]! < ids[$1]! }.map { name in
            name == "b"
                ? "  UNAVAILABLE Task \"b\" (\(ids["b"]!)) every 1d: last run none, latest completed <time>\n      health unavailable: runs could not be read: 404 failed to find runs: task not found\n"
                : "  ok Task \"\(name)\" (\(ids[name]!)) every 1d: last run none, latest completed <time>\n"
        }.joined()
        XCTAssertEqual(
            VaryingText.times(drift.stdout),
            """
            Drift report for org acme (\(orgID)) (owner label "influxsync") at <time>

            No drift: the live org matches the manifests.

            Run health (3 managed tasks):
            \(health)
            0 changed, 0 missing, 0 unmanaged, 0 owned but undeclared, 0 not owned; 0 failing, 0 missed, 1 health unavailable (3 managed tasks checked).

            """)
        let failOn = try await sandbox.cli("drift", [workspace.path(), "--fail-on", "unavailable"])
        XCTAssertEqual(failOn.exitCode, 2, "\(failOn)")
        let status = try await sandbox.cli("status", [workspace.path()])
        XCTAssertEqual(status.exitCode, 0, "\(status)")
        let rows = ["a", "b", "c"].sorted { ids[$0]! < ids[$1]! }.map { name in
            "\(name)     \(ids[name]!)  active  every 1d  <time>  none      no      (no runs)\n"
                + (name == "b" ? "    health unavailable: runs could not be read: 404 failed to find runs: task not found\n" : "")
        }.joined()
        XCTAssertEqual(
            VaryingText.times(status.stdout),
            """
            Status of 3 managed tasks in org acme (\(orgID)) at <time>

            TASK  ID                STATUS  SCHEDULE  LATEST COMPLETED      LAST RUN  MISSED  RUNS (oldest first)
            \(rows)
            0 failing, 0 missed, 1 health unavailable (3 managed tasks checked).

            """)
    }

    /// RUN goes into the request's path, so it must be a run ID: `..` (which a proxy that
    /// normalises paths turns into the task itself: `DELETE …/runs/..` deleted the task) and a
    /// line break are refused before any request, and the value is printed escaped.
    func testRunArgumentsThatAreNotRunIDsAreRefusedBeforeAnyRequest() async throws {
        let ids = try await applyTasks(["cpu"])
        let before = try await sandbox.requests().count
        for (command, extra) in [("cancel", [String]()), ("retry", []), ("logs", [])] {
            let shown = ["..": "\"..\"", "x\n::error::cli": #""x\n::error::cli""#, "0000000000000ABC": #""0000000000000ABC""#, "00000000000000a": #""00000000000000a""#]
            for (bad, quoted) in shown {
                let result = try await sandbox.cli(command, [ids["cpu"]!, bad] + extra)
                XCTAssertEqual(result.exitCode, 1, "\(command) \(bad): \(result)")
                XCTAssertTrue(
                    result.stderr.hasPrefix(
                        "error: \(quoted) is not a run ID: run IDs are 16 lowercase hex digits, as `influxsync runs TASK` lists them\n  hint: usage: influxsync \(command)"),
                    result.stderr)
                XCTAssertFalse(result.stderr.contains("\n::"), result.stderr)
            }
        }
        let after = try await sandbox.requests().count
        XCTAssertEqual(after, before, "no request was sent")
    }

    func testRunsRetryAndCancel() async throws {
        let ids = try await applyTasks(["cpu"])
        let cpu = ids["cpu"]!
        let failed = try await recordRun(cpu, "failed", ago: 600)
        try await recordRun(cpu, "success", ago: 300)
        let runs = try await sandbox.cli("runs", ["cpu", "--status", "failed"])
        XCTAssertEqual(runs.exitCode, 0, "\(runs)")
        XCTAssertEqual(runs.stdout.split(separator: "\n").filter { $0.hasPrefix(failed) }.count, 1, runs.stdout)
        XCTAssertEqual(runs.stdout.split(separator: "\n").count, 3, runs.stdout)
        // JSON: a versioned document naming the task (schemas/runs.schema.json).
        let json = try await sandbox.cli("runs", ["cpu", "--status", "failed", "--format", "json"])
        XCTAssertEqual(json.exitCode, 0, "\(json)")
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["formatVersion"] as? Int, 1)
        XCTAssertEqual(document["task"] as? [String: String], ["id": cpu, "name": "cpu"])
        XCTAssertEqual((document["runs"] as? [[String: Any]])?.map { $0["id"] as? String }, [failed])
        XCTAssertEqual(Set(document.keys), ["formatVersion", "task", "runs"])

        try await sandbox.clearRequests()
        let retry = try await sandbox.cli("retry", ["cpu", failed])
        XCTAssertEqual(retry.exitCode, 0, "\(retry)")
        XCTAssertTrue(retry.stdout.hasPrefix("Retrying run \(failed) of task \"cpu\" (\(cpu)) as run "), retry.stdout)
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes, ["POST /api/v2/tasks/\(cpu)/runs/\(failed)/retry 200"])

        let unknown = try await sandbox.cli("retry", ["cpu", "0000000000000001"])
        XCTAssertEqual(unknown.exitCode, 1, "\(unknown)")
        XCTAssertEqual(
            unknown.stderr,
            "error: task \"cpu\" (\(cpu)) has no run 0000000000000001\n  hint: list its runs with: influxsync runs \(cpu) --host \(sandbox.baseURL) --token \"$INFLUX_TOKEN\" --org acme\n"
        )

        let (held, _) = try await sandbox.raw("PUT", "/sandbox/tasks/\(cpu)/hold")
        XCTAssertEqual(held, 204)
        // JSON for run, retry and cancel: one versioned document each (schemas/run.schema.json).
        let startedJSON = try await sandbox.cli("run", ["cpu", "--format", "json"])
        XCTAssertEqual(startedJSON.exitCode, 0, "\(startedJSON)")
        let started = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(startedJSON.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(Set(started.keys), ["formatVersion", "task", "run"])
        XCTAssertEqual(started["task"] as? [String: String], ["id": cpu, "name": "cpu"])
        XCTAssertEqual((started["run"] as? [String: Any])?["taskID"] as? String, cpu)
        let startedID = try XCTUnwrap((started["run"] as? [String: Any])?["id"] as? String)
        let cancelJSON = try await sandbox.cli("cancel", ["cpu", startedID, "--format", "json"])
        XCTAssertEqual(cancelJSON.exitCode, 0, "\(cancelJSON)")
        XCTAssertEqual(
            cancelJSON.stdout,
            """
            {
              "canceledRunID" : "\(startedID)",
              "formatVersion" : 1,
              "task" : {
                "id" : "\(cpu)",
                "name" : "cpu"
              }
            }

            """)
        let waitJSON = try await sandbox.cli("run", ["cpu", "--format", "json", "--wait"])
        XCTAssertEqual(waitJSON.exitCode, 1)
        XCTAssertTrue(
            waitJSON.stderr.hasPrefix("error: --format json prints the run as started and cannot be combined with --wait (which follows its log as text)\n"), "\(waitJSON)")

        let queued = try await sandbox.api.forceRun(taskID: cpu, scheduledFor: nil)
        let cancel = try await sandbox.cli("cancel", ["cpu", queued.id])
        XCTAssertEqual(cancel.exitCode, 0, "\(cancel)")
        XCTAssertEqual(cancel.stdout, "Canceled run \(queued.id) of task \"cpu\" (\(cpu)).\n")
        let again = try await sandbox.cli("cancel", ["cpu", queued.id])
        XCTAssertEqual(again.exitCode, 1, "\(again)")
        XCTAssertTrue(again.stderr.hasPrefix("error: run \(queued.id) of task \"cpu\" is not queued or running"), again.stderr)

        let missing = try await sandbox.cli("runs", ["nope"])
        XCTAssertEqual(missing.exitCode, 1, "\(missing)")
        XCTAssertTrue(missing.stderr.hasPrefix("error: no task named or with ID \"nope\" in org acme ("), missing.stderr)
        XCTAssertFalse(missing.stderr.contains("did you mean"), missing.stderr)
        // A misspelt task name gets the nearest one (issue 17, one vocabulary).
        let typo = try await sandbox.cli("runs", ["cpuu"])
        XCTAssertEqual(typo.exitCode, 1, "\(typo)")
        let orgID = try await sandbox.orgID()
        XCTAssertEqual(
            typo.stderr,
            """
            error: no task named or with ID "cpuu" in org acme (\(orgID))
              hint: did you mean "cpu"?
              hint: list the managed tasks and their IDs with: influxsync status --host \(sandbox.baseURL) --token "$INFLUX_TOKEN" --org acme

            """)
    }

    // The in-process --sandbox runs no scheduler: drift and status say so and report no missed
    // schedule.
    func testInProcessSandboxSaysNoSchedulerRan() async throws {
        _ = try workspace.write("tasks.yml", Manifests.task("cpu", every: "1m"))
        let state = workspace.path("state.json")
        let apply = try await CLIProcess.run(["apply", workspace.path("tasks.yml"), "--sandbox", state, "--auto-approve"], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        let drift = try await CLIProcess.run(["drift", workspace.path("tasks.yml"), "--sandbox", state, "--fail-on", "missed"], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(drift.exitCode, 0, "\(drift)")
        let lines = drift.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("Drift report for org influxsync ("), lines[0])
        XCTAssertEqual(lines[1], "Note: no scheduler ran: the in-process --sandbox runs tasks only when asked (run, retry), so missed schedules are not checked.")
        let status = try await CLIProcess.run(["status", "--sandbox", state], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(status.exitCode, 0, "\(status)")
        // The in-process sandbox's org and task IDs are made in the CLI process: shown as <id>,
        // like the times (<time>).
        XCTAssertEqual(
            VaryingText.times(VaryingText.ids(after: "cpu   ", in: VaryingText.ids(after: "org influxsync (", in: status.stdout))),
            """
            Status of 1 managed task in org influxsync (<id>) at <time>
            Note: no scheduler ran: the in-process --sandbox runs tasks only when asked (run, retry), so missed schedules are not checked.

            TASK  ID                STATUS  SCHEDULE  LATEST COMPLETED      LAST RUN  MISSED  RUNS (oldest first)
            cpu   <id>  active  every 1m  <time>  none      no      (no runs)

            0 failing, 0 missed (1 managed task checked).

            """)
    }

    func testApplyRunAfterRunsEachCreatedOrChangedTaskOnceAndWaits() async throws {
        let ids = try await applyTasks(["cpu", "mem"])
        // Change cpu only, and make its runs fail: --run-after runs cpu, not mem, and exits 1.
        let (code, _) = try await sandbox.raw("PUT", "/sandbox/tasks/\(ids["cpu"]!)/failure", json: #"{"message": "could not find bucket \"telegraf\""}"#)
        XCTAssertEqual(code, 204)
        _ = try workspace.write("tasks.yml", [Manifests.task("cpu", every: "24h", description: "changed"), Manifests.task("mem", every: "24h")].joined(separator: "---\n"))
        try await sandbox.clearRequests()
        let failed = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--run-after"])
        XCTAssertEqual(failed.exitCode, 1, "\(failed)")
        let runID = String(failed.stderr.dropFirst("error: run ".count).prefix(16))
        XCTAssertEqual(
            failed.stderr,
            """
            error: run \(runID) of task "cpu" failed: could not find bucket "telegraf"
              hint: read its whole log with: influxsync logs \(ids["cpu"]!) \(runID) --host \(sandbox.baseURL) --token "$INFLUX_TOKEN" --org acme

            """)
        let runs = try await sandbox.writes().filter { $0.hasSuffix("/runs 201") }
        XCTAssertEqual(runs, ["POST /api/v2/tasks/\(ids["cpu"]!)/runs 201"])

        // A new task is run too; nothing else changed, so only it runs.
        _ = try workspace.write(
            "tasks.yml",
            [
                Manifests.task("cpu", every: "24h", description: "changed"), Manifests.task("mem", every: "24h"),
                Manifests.task("disk", every: "24h"),
            ].joined(separator: "---\n"))
        try await sandbox.clearRequests()
        let ok = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--run-after"])
        XCTAssertEqual(ok.exitCode, 0, "\(ok)")
        let disk = try await sandbox.task(named: "disk")
        // The whole output; the new run's ID is the server's: shown as <id>.
        XCTAssertEqual(
            VaryingText.ids(after: "): run ", in: ok.stdout),
            """
            + Task "disk" (\(workspace.path("tasks.yml")):28:1)
                name:   "disk"
                every:  1d
                status: active
                query:
                  from(bucket: "telegraf")
                      |> range(start: -task.every)
                      |> filter(fn: (r) => r._measurement == "cpu")
                      |> aggregateWindow(every: 1h, fn: mean)
                      |> to(bucket: "telegraf-downsampled")

            Plan: 1 to add, 0 to change, 0 to destroy.

            done           + Task "disk"
            Apply complete: 1 change done.
            Ran task "disk" (\(disk.id)): run <id> succeeded.

            """)
        let started = try await sandbox.writes().filter { $0.hasSuffix("/runs 201") }
        XCTAssertEqual(started, ["POST /api/v2/tasks/\(disk.id)/runs 201"])
    }
}
