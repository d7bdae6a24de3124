import XCTest

/// influxdb-api.md §22 (`POST /api/v2/query/analyze`) and §23 (runs that fail on a missing
/// bucket or secret).
final class AnalyzeAndRunFailureTests: ConformanceTestCase, @unchecked Sendable {
    func testAnalyzeReportsSyntaxOnly() async throws {
        let clean = try await request("POST", "/api/v2/query/analyze", json: ["query": "import \"nope\"\nx = y\nfrom(bucket: \"missing\")", "type": "flux"])
        XCTAssertEqual(clean.status, 200, clean.text)
        XCTAssertEqual(try clean.decoded(AnalyzeBody.self), AnalyzeBody(errors: []))
        let awaited1 = try await request("POST", "/api/v2/query/analyze", json: ["query": "", "type": "flux"]).decoded(AnalyzeBody.self)
        XCTAssertEqual(awaited1, AnalyzeBody(errors: []))
        let broken = try await request("POST", "/api/v2/query/analyze", json: ["query": "x = 1\nfrom(bucket: \"b\"", "type": "flux"]).decoded(AnalyzeBody.self)
        XCTAssertEqual(broken.errors.count, 1)
        XCTAssertEqual(broken.errors.first?.line, 2)
        XCTAssertEqual(broken.errors.first?.character, 0)
        try assertError(try await request("POST", "/api/v2/query/analyze", json: ["query": "x"]), 500, "internal error", "An internal error has occurred - check server logs")
        try assertError(try await request("POST", "/api/v2/query/analyze", json: ["query": "x"], auth: nil), 401, "unauthorized", "unauthorized access")
    }

    private func failedRun(_ flux: String) async throws -> (logs: [String], task: [String: Any]) {
        let t = try await createTask(unique("fails"), flux: flux)
        let id = try XCTUnwrap(t["id"] as? String)
        let run = try await request("POST", "/api/v2/tasks/\(id)/runs")
        let runID = try XCTUnwrap(try run.object()["id"] as? String)
        let finished = try await RunConformanceTests.waitForRun(self, id, runID)
        XCTAssertEqual(finished["status"] as? String, "failed")
        let logs = try await request("GET", "/api/v2/tasks/\(id)/runs/\(runID)/logs").object()
        let messages = (logs["events"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        return (messages, try await request("GET", "/api/v2/tasks/\(id)").object())
    }

    func testRunOfTaskReadingAMissingBucketFailsUnrecoverably() async throws {
        _ = try requireSandbox()
        let flux = "option task = {name: \"t\", every: 1h}\n\nfrom(bucket: \"nope\") |> range(start: -1h) |> to(bucket: \"b\")\n"
        let (logs, task) = try await failedRun(flux)
        let text = "error exhausting result iterator: failed to initialize execute state: could not find bucket \"nope\""
        XCTAssertEqual(Array(logs.suffix(3)), ["Completed(failed)", text, "Task encountered unrecoverable error, requires admin action: \(text)"])
        XCTAssertEqual(task["lastRunStatus"] as? String, "failed")
        XCTAssertEqual(task["lastRunError"] as? String, text)
    }

    func testRunOfTaskWritingAMissingBucketNamesIt() async throws {
        _ = try requireSandbox()
        let flux = "option task = {name: \"t\", every: 1h}\n\nfrom(bucket: \"b\") |> range(start: -1h) |> to(bucket: \"gone\")\n"
        let (logs, _) = try await failedRun(flux)
        XCTAssertEqual(logs.dropLast().last, "error exhausting result iterator: failed to initialize execute state: could not find bucket \"gone\"")
    }

    func testRunOfTaskWithAMissingSecretFailsWithTheCallsLocation() async throws {
        _ = try requireSandbox()
        let flux =
            "import \"influxdata/influxdb/secrets\"\n\noption task = {name: \"t\", every: 1h}\n\ntoken = secrets.get(key: \"TOKEN\")\n\nfrom(bucket: \"b\") |> range(start: -1h)\n"
        let (logs, task) = try await failedRun(flux)
        XCTAssertEqual(
            Array(logs.suffix(2)),
            [
                "Completed(failed)",
                "error exhausting result iterator: error calling function \"get\" @5:9-5:34: secret not found",
            ])
        XCTAssertEqual(task["lastRunError"] as? String, "Completed(failed)")
        // Once the org has the secret, runs succeed.
        let awaited2 = try await request("PATCH", "/api/v2/orgs/\(orgID)/secrets", json: ["TOKEN": "x"]).status
        XCTAssertEqual(awaited2, 204)
        let t = try await createTask(unique("works"), flux: flux)
        let id = try XCTUnwrap(t["id"] as? String)
        let queued = try await request("POST", "/api/v2/tasks/\(id)/runs")
        let runID = try XCTUnwrap(try queued.object()["id"] as? String)
        let awaited3 = try await RunConformanceTests.waitForRun(self, id, runID)["status"] as? String
        XCTAssertEqual(awaited3, "success")
    }
}
