import ArgumentParser
import InfluxAPI
import InfluxSync
import XCTest

@testable import influxsync

/// `apply --run-after` in-process (`RunAfterApply.run`), against a fake server, its lines
/// kept on a captured standard error (`keepStdoutClean`, as `apply --format json` does).
final class RunAfterApplyTests: XCTestCase {
    private static let flux = "option task = {name: \"nightly\", every: 1h}\n\nfrom(bucket: \"metrics\") |> range(start: -1h)\n"
    private static let tasks = [
        InfluxTask(id: "0000000000000001", orgID: "0000000000000a0a", name: "nightly", flux: flux),
        InfluxTask(id: "0000000000000002", orgID: "0000000000000a0a", name: "paused", status: "inactive", flux: flux),
    ]
    /// Creates `nightly`, changes `paused`, deletes a task and a label: only the first two are
    /// runs to consider.
    private static let plan = Plan(
        orgID: "0000000000000a0a", ownerLabel: "influxsync",
        changes: [
            ResourceChange(action: .create, resource: ResourceRef(kind: .task, name: "nightly")),
            ResourceChange(action: .update, resource: ResourceRef(kind: .task, name: "paused", id: "0000000000000002")),
            ResourceChange(action: .delete, resource: ResourceRef(kind: .task, name: "old", id: "0000000000000003")),
            ResourceChange(action: .create, resource: ResourceRef(kind: .label, name: "team")),
        ])

    func testRunsEachActiveChangedTaskAndSkipsInactiveOnes() async throws {
        let client = FakeRunsClient(tasks: Self.tasks, runStates: ["success"])
        let capture = ConsoleCapture()
        try await RunAfterApply.run(
            plan: Self.plan, session: TestSessions.session(client),
            console: Console(environment: [:], errorCapture: capture), timeout: 600, keepStdoutClean: true)
        XCTAssertEqual(
            capture.lines,
            [
                "Ran task \"nightly\" (0000000000000001): run run-0000000000000001 succeeded.",
                "Not running task \"paused\" (0000000000000002): it is inactive.",
            ])
        // The labels and the first task page are asked for together (either may come first).
        let calls = client.calls
        XCTAssertEqual(calls.count, 5)
        XCTAssertEqual(calls.first, "GET /api/v2/orgs?org=acme")
        XCTAssertEqual(
            Set(calls.dropFirst().prefix(2)),
            [
                "GET /api/v2/labels?orgID=0000000000000a0a",
                "GET /api/v2/tasks?orgID=0000000000000a0a&after=&limit=500",
            ])
        XCTAssertEqual(
            Array(calls.dropFirst(3)),
            [
                "POST /api/v2/tasks/0000000000000001/runs",
                "GET /api/v2/tasks/0000000000000001/runs/run-0000000000000001",
            ])
    }

    func testAFailedRunPrintsItsErrorAndFailsTheCommand() async throws {
        let client = FakeRunsClient(
            tasks: Self.tasks, runStates: ["failed"],
            logs: [
                InfluxLogEvent(runID: "run-0000000000000001", time: "2026-11-29T10:00:01Z", message: "could not find bucket \"metrics\""),
                InfluxLogEvent(runID: "run-0000000000000001", time: "2026-11-29T10:00:02Z", message: "Completed(failed)"),
            ])
        let capture = ConsoleCapture()
        do {
            try await RunAfterApply.run(
                plan: Self.plan, session: TestSessions.session(client),
                console: Console(environment: [:], errorCapture: capture), timeout: 600, keepStdoutClean: true)
            XCTFail("a failed run should fail the command")
        } catch let exit as ExitCode {
            XCTAssertEqual(exit, .failure)
        }
        XCTAssertEqual(
            capture.lines,
            [
                "error: run run-0000000000000001 of task \"nightly\" failed: could not find bucket \"metrics\"",
                "  hint: read its whole log with: influxsync logs 0000000000000001 run-0000000000000001 --host http://localhost:8086 --org acme",
                "Not running task \"paused\" (0000000000000002): it is inactive.",
            ])
    }

    func testAPlanWithoutChangedTasksSendsNothing() async throws {
        let client = FakeRunsClient(tasks: Self.tasks)
        let plan = Plan(
            orgID: "0000000000000a0a", ownerLabel: "influxsync",
            changes: [
                ResourceChange(action: .delete, resource: ResourceRef(kind: .task, name: "old", id: "0000000000000003"))
            ])
        try await RunAfterApply.run(plan: plan, session: TestSessions.session(client), console: Console(environment: [:]), timeout: 600)
        XCTAssertEqual(client.calls, [])
    }
}
