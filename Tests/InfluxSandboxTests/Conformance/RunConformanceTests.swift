import XCTest

/// influxdb-api.md §12–§13: runs and logs. Against the sandbox runs are simulated.
final class RunConformanceTests: ConformanceTestCase, @unchecked Sendable {
    /// Polls a run until it reaches a terminal status (gives up after ~20 s).
    func finishedRun(_ taskID: String, _ runID: String) async throws -> [String: Any] {
        try await Self.waitForRun(self, taskID, runID)
    }

    /// Polls a run of `test`'s target until it reaches a terminal status (gives up after ~20 s).
    static func waitForRun(_ test: ConformanceTestCase, _ taskID: String, _ runID: String) async throws -> [String: Any] {
        for _ in 0..<1000 {
            let run = try await test.request("GET", "/api/v2/tasks/\(taskID)/runs/\(runID)").object()
            if ["success", "failed", "canceled"].contains(run["status"] as? String ?? "") { return run }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        XCTFail("run \(runID) did not finish")
        return [:]
    }

    func manualRun(_ taskID: String, body: String? = nil) async throws -> HTTPResult {
        try await request("POST", "/api/v2/tasks/\(taskID)/runs", body: body)
    }

    func testManualRunIs201Scheduled() async throws {
        let t = try await createTask(unique("run"))
        let id = t.string("id")
        let r = try await manualRun(id)
        XCTAssertEqual(r.status, 201, r.text)
        let run = try r.object()
        let runID = try XCTUnwrap(run["id"] as? String)
        XCTAssertEqual(run["taskID"] as? String, id)
        XCTAssertEqual(run["status"] as? String, "scheduled")
        XCTAssertNotNil(run["scheduledFor"] as? String)
        XCTAssertNotNil(run["requestedAt"] as? String)
        XCTAssertNil(run["startedAt"])
        XCTAssertNil(run["finishedAt"])
        XCTAssertNil(run["log"])
        XCTAssertEqual(
            run["links"] as? [String: String],
            [
                "self": "/api/v2/tasks/\(id)/runs/\(runID)", "task": "/api/v2/tasks/\(id)",
                "logs": "/api/v2/tasks/\(id)/runs/\(runID)/logs", "retry": "/api/v2/tasks/\(id)/runs/\(runID)/retry",
            ])
    }

    func testManualRunWithScheduledForTruncatesToSeconds() async throws {
        let t = try await createTask(unique("sched"))
        let r = try await manualRun(t.string("id"), body: #"{"scheduledFor":"2022-07-18T14:46:07.5Z"}"#)
        XCTAssertEqual(r.status, 201, r.text)
        XCTAssertEqual(try r.object()["scheduledFor"] as? String, "2022-07-18T14:46:07Z")
    }

    func testManualRunWithBadTimeIs400() async throws {
        let t = try await createTask(unique("badtime"))
        let r = try await manualRun(t.string("id"), body: #"{"scheduledFor":"yesterday"}"#)
        XCTAssertEqual(r.status, 400, r.text)
        XCTAssertTrue((try r.envelope()["message"] ?? "").hasPrefix("failed to decode request: parsing time"), r.text)
    }

    func testManualRunOnInactiveTaskIs400() async throws {
        let t = try await createTask(unique("off"), status: "inactive")
        try assertError(try await manualRun(t.string("id")), 400, "invalid", "failed to force run: inactive task")
    }

    func testManualRunOnUnknownTaskIs404() async throws {
        try assertError(try await manualRun("0000000000000001"), 404, "not found", "failed to force run: task not found")
    }

    func testSimulatedRunSucceedsAndTaskFollows() async throws {
        let t = try await createTask(unique("ok"))
        let id = t.string("id")
        let runID = try await manualRun(id).object().string("id")
        let run = try await finishedRun(id, runID)
        XCTAssertEqual(run["status"] as? String, "success")
        XCTAssertNotNil(run["startedAt"] as? String)
        XCTAssertNotNil(run["finishedAt"] as? String)
        let task = try await request("GET", "/api/v2/tasks/\(id)").object()
        XCTAssertEqual(task["lastRunStatus"] as? String, "success")
        XCTAssertNil(task["lastRunError"])
        XCTAssertEqual(task["latestCompleted"] as? String, run["scheduledFor"] as? String)
    }

    func testRunLogsStartWithTheScriptAndEndCompleted() async throws {
        try XCTSkipIf(target.isExternal, "sandbox-only: log lines of simulated runs")
        let t = try await createTask(unique("log"))
        let id = t.string("id")
        let runID = try await manualRun(id).object().string("id")
        _ = try await finishedRun(id, runID)
        let logs = try await request("GET", "/api/v2/tasks/\(id)/runs/\(runID)/logs").object()
        let events = try XCTUnwrap(logs["events"] as? [[String: Any]])
        XCTAssertEqual(
            events.map { $0.string("message") },
            [
                "Started task from script: \(goQuoted(t.string("flux")))",
                "Completed(success)",
            ])
        XCTAssertEqual(Set(events.map { $0.string("runID") }), [runID])
        let taskLogs = try await request("GET", "/api/v2/tasks/\(id)/logs").object()
        XCTAssertEqual((taskLogs["events"] as? [Any])?.count, 2)
    }

    func testFailingRunsViaControlAPISetLastRunError() async throws {
        _ = try requireSandbox()
        let t = try await createTask(unique("fail"))
        let id = t.string("id")
        let awaited17 = try await request("PUT", "/sandbox/tasks/\(id)/failure", json: ["message": "bucket not found"]).status
        XCTAssertEqual(awaited17, 204)
        let runID = try await manualRun(id).object().string("id")
        let run = try await finishedRun(id, runID)
        XCTAssertEqual(run["status"] as? String, "failed")
        XCTAssertEqual((run["log"] as? [[String: Any]])?.suffix(2).map { $0.string("message") }, ["Completed(failed)", "bucket not found"])
        let task = try await request("GET", "/api/v2/tasks/\(id)").object()
        XCTAssertEqual(task["lastRunStatus"] as? String, "failed")
        XCTAssertEqual(task["lastRunError"] as? String, "Completed(failed)", "second-to-last log message (§12.2)")
    }

    // [UNVERIFIED] `"events": null` for a task without runs.
    func testLogsOfANewTaskAreNull() async throws {
        let t = try await createTask(unique("quiet"))
        let r = try await request("GET", "/api/v2/tasks/\(t.string("id"))/logs")
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.text, "{\"events\":null}\n")
    }

    func testLogsOfUnknownTaskIs404() async throws {
        try assertError(try await request("GET", "/api/v2/tasks/0000000000000001/logs"), 404, "not found", "failed to find task logs: task not found")
    }

    func testLogsOfUnknownRunIs404() async throws {
        let t = try await createTask(unique("norun"))
        let r = try await request("GET", "/api/v2/tasks/\(t.string("id"))/runs/0000000000000001/logs")
        try assertError(r, 404, "not found", "failed to find task logs: run not found")
    }

    func testListRunsOfNewTaskIsEmpty() async throws {
        let t = try await createTask(unique("empty"))
        let id = t.string("id")
        let r = try await request("GET", "/api/v2/tasks/\(id)/runs")
        XCTAssertEqual(r.status, 200)
        let o = try r.object()
        XCTAssertEqual(o["links"] as? [String: String], ["self": "/api/v2/tasks/\(id)/runs", "task": "/api/v2/tasks/\(id)"])
        XCTAssertEqual((o["runs"] as? [Any])?.count, 0)
    }

    func testListRunsLimitOutOfBoundsIs400() async throws {
        let t = try await createTask(unique("lim"))
        let r = try await request("GET", "/api/v2/tasks/\(t.string("id"))/runs?limit=501")
        try assertError(r, 400, "invalid", "failed to decode request: run limit is out of bounds, must be between 1 and 500")
    }

    func testListRunsWithBeforeTimeNotAfterAfterTimeIs400() async throws {
        let t = try await createTask(unique("times"))
        let r = try await request("GET", "/api/v2/tasks/\(t.string("id"))/runs?afterTime=2022-01-02T00:00:00Z&beforeTime=2022-01-01T00:00:00Z")
        try assertError(r, 400, "invalid", "failed to decode request: beforeTime must be later than afterTime")
    }

    func testListRunsWithBadTimeIs400() async throws {
        let t = try await createTask(unique("bad"))
        let r = try await request("GET", "/api/v2/tasks/\(t.string("id"))/runs?afterTime=nope")
        XCTAssertEqual(r.status, 400)
        XCTAssertTrue((try r.envelope()["message"] ?? "").hasPrefix("failed to decode request: parsing time"), r.text)
    }

    func testListRunsOfUnknownTaskIs404() async throws {
        try assertError(try await request("GET", "/api/v2/tasks/0000000000000001/runs"), 404, "not found", "failed to find runs: task not found")
    }

    func testCompletedRunsAreListedNewestScheduledFirstAndFilteredByTime() async throws {
        let t = try await createTask(unique("hist"))
        let id = t.string("id")
        var runIDs: [String] = []
        for time in ["2022-01-01T00:00:00Z", "2022-01-03T00:00:00Z", "2022-01-02T00:00:00Z"] {
            let runID = try await manualRun(id, body: "{\"scheduledFor\":\"\(time)\"}").object().string("id")
            _ = try await finishedRun(id, runID)
            runIDs.append(runID)
        }
        let all = try await request("GET", "/api/v2/tasks/\(id)/runs").object()["runs"] as? [[String: Any]]
        XCTAssertEqual(all?.map { $0.string("id") }, [runIDs[1], runIDs[2], runIDs[0]])
        let bounded = try await request("GET", "/api/v2/tasks/\(id)/runs?afterTime=2022-01-01T00:00:00Z&beforeTime=2022-01-03T00:00:00Z").object()
        XCTAssertEqual((bounded["runs"] as? [[String: Any]])?.map { $0.string("id") }, [runIDs[2]], "bounds are exclusive")
        let limited = try await request("GET", "/api/v2/tasks/\(id)/runs?limit=1").object()
        XCTAssertEqual((limited["runs"] as? [Any])?.count, 1)
    }

    func testGetUnknownRunIs404() async throws {
        let t = try await createTask(unique("g"))
        try assertError(
            try await request("GET", "/api/v2/tasks/\(t.string("id"))/runs/0000000000000001"), 404, "not found",
            "failed to find run: run not found")
    }

    func testGetRunOfUnknownTaskIs404() async throws {
        try assertError(
            try await request("GET", "/api/v2/tasks/0000000000000001/runs/0000000000000001"), 404, "not found",
            "failed to find run: task not found")
    }

    func testRetryCompletedRunIs200WithNewRunSameScheduledFor() async throws {
        let t = try await createTask(unique("retry"))
        let id = t.string("id")
        let runID = try await manualRun(id).object().string("id")
        let old = try await finishedRun(id, runID)
        let r = try await request("POST", "/api/v2/tasks/\(id)/runs/\(runID)/retry")
        XCTAssertEqual(r.status, 200, r.text)
        let run = try r.object()
        XCTAssertNotEqual(run["id"] as? String, runID)
        XCTAssertEqual(run["status"] as? String, "scheduled")
        XCTAssertEqual(run["scheduledFor"] as? String, old["scheduledFor"] as? String)
        XCTAssertNotNil(run["requestedAt"] as? String)
    }

    func testRetryOnInactiveTaskIs400() async throws {
        let t = try await createTask(unique("retryoff"))
        let id = t.string("id")
        let runID = try await manualRun(id).object().string("id")
        _ = try await finishedRun(id, runID)
        _ = try await request("PATCH", "/api/v2/tasks/\(id)", json: ["status": "inactive"])
        try assertError(try await request("POST", "/api/v2/tasks/\(id)/runs/\(runID)/retry"), 400, "invalid", "failed to retry run: inactive task")
    }

    func testRetryUnknownRunIs404() async throws {
        let t = try await createTask(unique("retry404"))
        try assertError(
            try await request("POST", "/api/v2/tasks/\(t.string("id"))/runs/0000000000000001/retry"), 404, "not found",
            "failed to retry run: run not found")
    }

    func testCancelCompletedRunIs404() async throws {
        let t = try await createTask(unique("cancel"))
        let id = t.string("id")
        let runID = try await manualRun(id).object().string("id")
        _ = try await finishedRun(id, runID)
        try assertError(try await request("DELETE", "/api/v2/tasks/\(id)/runs/\(runID)"), 404, "not found", "failed to cancel run: run not found")
    }

    func testCancelOfUnknownTaskIs404() async throws {
        try assertError(
            try await request("DELETE", "/api/v2/tasks/0000000000000001/runs/0000000000000001"), 404, "not found",
            "failed to cancel run: task not found")
    }

    // [SRC; UNVERIFIED at runtime] success is 200 with an empty body (docs say 204).
    func testCancelQueuedRunIs200EmptyAndRunIsCanceled() async throws {
        _ = try requireSandbox()
        let t = try await createTask(unique("held"))
        let id = t.string("id")
        let awaited16 = try await request("PUT", "/sandbox/tasks/\(id)/hold").status
        XCTAssertEqual(awaited16, 204)
        let runID = try await manualRun(id).object().string("id")
        let r = try await request("DELETE", "/api/v2/tasks/\(id)/runs/\(runID)")
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(r.body, [])
        let run = try await request("GET", "/api/v2/tasks/\(id)/runs/\(runID)").object()
        XCTAssertEqual(run["status"] as? String, "canceled")
    }

    // InfluxDB hands a manual run to the executor before answering (§12.4), so a second manual
    // run for the same instant right after the first is another 201, never 422 "run already
    // queued" — also when the task's runs cannot start (the executor holds them, not the queue).
    func testSecondManualRunForTheSameInstantIs201() async throws {
        let t = try await createTask(unique("dupe"))
        let id = t.string("id")
        let body = #"{"scheduledFor":"2022-01-01T00:00:00Z"}"#
        let first = try await manualRun(id, body: body)
        XCTAssertEqual(first.status, 201, first.text)
        let second = try await manualRun(id, body: body)
        XCTAssertEqual(second.status, 201, second.text)
        XCTAssertNotEqual(try first.object()["id"] as? String, try second.object()["id"] as? String)
        XCTAssertEqual(try second.object()["scheduledFor"] as? String, "2022-01-01T00:00:00Z")
    }

    func testSecondManualRunOfAHeldTaskIs201() async throws {
        _ = try requireSandbox()
        let t = try await createTask(unique("dupeheld"))
        let id = t.string("id")
        let hold = try await request("PUT", "/sandbox/tasks/\(id)/hold").status
        XCTAssertEqual(hold, 204)
        let body = #"{"scheduledFor":"2022-01-01T00:00:00Z"}"#
        let first = try await manualRun(id, body: body).status
        XCTAssertEqual(first, 201)
        let second = try await manualRun(id, body: body).status
        XCTAssertEqual(second, 201)
    }

    // §12.6: retrying a run that is still queued or running queues a copy under a new ID, with
    // startedAt, finishedAt and requestedAt cleared, and answers 200 (never 422).
    func testRetryOfAQueuedRunIs200CopyUnderANewID() async throws {
        _ = try requireSandbox()
        let t = try await createTask(unique("retryqueued"))
        let id = t.string("id")
        let hold = try await request("PUT", "/sandbox/tasks/\(id)/hold").status
        XCTAssertEqual(hold, 204)
        let queued = try await manualRun(id, body: #"{"scheduledFor":"2022-01-01T00:00:00Z"}"#).object()
        let runID = queued.string("id")
        let r = try await request("POST", "/api/v2/tasks/\(id)/runs/\(runID)/retry")
        XCTAssertEqual(r.status, 200, r.text)
        let copy = try r.object()
        XCTAssertNotEqual(copy["id"] as? String, runID)
        XCTAssertEqual(copy["status"] as? String, "scheduled")
        XCTAssertEqual(copy["scheduledFor"] as? String, "2022-01-01T00:00:00Z")
        XCTAssertNil(copy["requestedAt"])
        XCTAssertNil(copy["startedAt"])
        XCTAssertNil(copy["finishedAt"])
    }

    // A wrong-typed field is worded as Go's encoding/json words it, never with Swift internals.
    func testWrongTypedScheduledForIs400InGoWords() async throws {
        let t = try await createTask(unique("typed"))
        let r = try await manualRun(t.string("id"), body: #"{"scheduledFor":5}"#)
        try assertError(
            r, 400, "invalid",
            "failed to decode request: json: cannot unmarshal number into Go struct field .scheduledFor of type string")
        XCTAssertFalse(r.text.contains("Mismatch"), r.text)
    }
}

/// Go's `%q` for the ASCII scripts the tests use.
func goQuoted(_ s: String) -> String {
    "\""
        + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t") + "\""
}
