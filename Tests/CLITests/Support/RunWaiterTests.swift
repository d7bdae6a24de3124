import InfluxAPI
import InfluxSync
import TestSupport
import XCTest

@testable import influxsync

/// `RunWaiter` in-process, against a fake server and a clock whose sleeps return at once:
/// how often it polls, how long it pauses, and the exact failures it reports.
final class RunWaiterTests: XCTestCase {
    private let task = InfluxTask(id: "0000000000000001", orgID: "0000000000000a0a", name: "nightly", flux: "")

    func testWaitPollsEveryHalfSecondUntilTheRunEnds() async throws {
        let client = FakeRunsClient(runStates: ["scheduled", "started", "success"])
        let clock = RecordingClock()
        let run = try await RunWaiter.wait(
            task: task, runID: "run-1", session: TestSessions.session(client), console: Console(environment: [:]),
            timeout: 600, printLogs: false, clock: clock)
        XCTAssertEqual(run, InfluxRun(id: "run-1", taskID: "0000000000000001", status: "success", scheduledFor: "2026-11-29T10:00:00Z"))
        XCTAssertEqual(clock.sleeps, [.milliseconds(500), .milliseconds(500)])
        XCTAssertEqual(client.calls, Array(repeating: "GET /api/v2/tasks/0000000000000001/runs/run-1", count: 3))
    }

    func testWaitUsesTheIntervalGiven() async throws {
        let client = FakeRunsClient(runStates: ["started", "canceled"])
        let clock = RecordingClock()
        let run = try await RunWaiter.wait(
            task: task, runID: "run-1", session: TestSessions.session(client), console: Console(environment: [:]),
            timeout: 600, interval: 2.25, printLogs: false, clock: clock)
        XCTAssertEqual(run.status, "canceled")
        XCTAssertEqual(clock.sleeps, [.milliseconds(2250)])
    }

    /// The timeout is passed once more time than `timeout` has gone by: with 2 seconds and a
    /// pause of 0.5, the reads at 0, 0.5, 1, 1.5 and 2 seconds go on, the one at 2.5 gives up.
    func testWaitGivesUpOnceTheTimeoutHasPassed() async throws {
        let client = FakeRunsClient(runStates: ["started"])
        let clock = RecordingClock()
        do {
            _ = try await RunWaiter.wait(
                task: task, runID: "run-1", session: TestSessions.session(client), console: Console(environment: [:]),
                timeout: 2, printLogs: false, clock: clock)
            XCTFail("the wait should have timed out")
        } catch let failure as CommandFailure {
            XCTAssertEqual(
                failure.rendered,
                """
                error: run run-1 of task "nightly" is still started after 2 seconds
                  hint: follow it with: influxsync logs 0000000000000001 run-1 --follow --host http://localhost:8086 --org acme
                """)
        }
        XCTAssertEqual(clock.sleeps, Array(repeating: .milliseconds(500), count: 5))
        XCTAssertEqual(client.calls, Array(repeating: "GET /api/v2/tasks/0000000000000001/runs/run-1", count: 6))
    }

    func testWaitReportsTheServersErrorWithoutPausing() async throws {
        let error = InfluxAPIError(method: "GET", path: "/api/v2/tasks/0000000000000001/runs/run-1", status: 500, code: "internal error", message: "boom")
        let client = FakeRunsClient(runError: error)
        let clock = RecordingClock()
        do {
            _ = try await RunWaiter.wait(
                task: task, runID: "run-1", session: TestSessions.session(client), console: Console(environment: [:]),
                timeout: 600, printLogs: false, clock: clock)
            XCTFail("the wait should have failed")
        } catch let failure as CommandFailure {
            XCTAssertEqual(
                failure.rendered,
                """
                error: cannot follow run run-1 of task "nightly": GET /api/v2/tasks/0000000000000001/runs/run-1: 500 internal error: boom
                """)
        }
        XCTAssertEqual(clock.sleeps, [])
    }

    func testFailureIsTheLogsLastErrorLine() async {
        let client = FakeRunsClient(logs: [
            InfluxLogEvent(runID: "run-1", time: "2026-11-29T10:00:00Z", message: "Started task from script: \"option task = {}\""),
            InfluxLogEvent(runID: "run-1", time: "2026-11-29T10:00:01Z", message: "could not find bucket \"missing\""),
            InfluxLogEvent(runID: "run-1", time: "2026-11-29T10:00:02Z", message: "Completed(failed)"),
        ])
        let cause = await RunWaiter.failure(task: task, runID: "run-1", session: TestSessions.session(client))
        XCTAssertEqual(cause, "could not find bucket \"missing\"")
        XCTAssertEqual(client.calls, ["GET /api/v2/tasks/0000000000000001/runs/run-1/logs"])
    }

    func testTableAlignsColumnsTwoSpacesApart() {
        let runs = [
            InfluxRun(
                id: "run-1", taskID: "0000000000000001", status: "success", scheduledFor: "2026-11-29T10:00:00Z",
                startedAt: "2026-11-29T10:00:01Z", finishedAt: "2026-11-29T10:00:02Z"),
            InfluxRun(id: "run-22", taskID: "0000000000000001", status: "started", scheduledFor: "2026-11-29T11:00:00Z"),
        ]
        XCTAssertEqual(
            RunWaiter.table(runs),
            """
            RUN     STATUS   SCHEDULED FOR         STARTED AT            FINISHED AT
            run-1   success  2026-11-29T10:00:00Z  2026-11-29T10:00:01Z  2026-11-29T10:00:02Z
            run-22  started  2026-11-29T11:00:00Z  -                     -

            """)
    }
}
