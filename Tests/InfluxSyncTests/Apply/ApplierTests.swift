import InfluxAPI
import XCTest

@testable import InfluxSync

final class ApplierTests: XCTestCase {
    typealias F = Fixture

    private func emptyOrgPlan() throws -> Plan {
        let desired = DesiredState(labels: [F.desiredLabel("team")], tasks: [F.desiredTask("cpu", labels: ["team"]), F.desiredTask("mem")])
        return try Planner.plan(desired: desired, live: F.live(labels: []))
    }

    func testRunsOperationsInPhaseOrderResolvingNewIDs() async throws {
        let client = RecordingClient()
        let result = await Applier(client: client).apply(try emptyOrgPlan())
        XCTAssertNil(result.failure)
        XCTAssertEqual(
            client.calls,
            [
                "POST /api/v2/labels influxsync",  // id ...101
                "POST /api/v2/labels team",  // id ...102
                "POST /api/v2/tasks",  // cpu ...103
                "POST /api/v2/tasks/0000000000000103/labels 0000000000000101",  // owner label at once
                "POST /api/v2/tasks",  // mem ...104
                "POST /api/v2/tasks/0000000000000104/labels 0000000000000101",
                "POST /api/v2/tasks/0000000000000103/labels 0000000000000102",
            ])
        XCTAssertEqual(result.outcomes.map(\.outcome), [.done, .done, .done, .done])
    }

    func testStopsAtFirstFailureAndReportsDoneFailedNotAttempted() async throws {
        let client = RecordingClient()
        client.failAt = 4  // the second task create
        let result = await Applier(client: client).apply(try emptyOrgPlan())
        XCTAssertEqual(client.calls.count, 5)
        XCTAssertEqual(result.outcomes.map(\.outcome), [.done, .done, .partial, .failed])
        XCTAssertEqual(result.failure?.description, "Task \"mem\": POST /api/v2/tasks: 500 internal error: boom")
    }

    func testAlreadyAttachedLabelMeansGoalMet() async throws {
        let client = RecordingClient()
        client.conflictOnAddLabel = true
        let plan = try Planner.plan(desired: DesiredState(tasks: [F.desiredTask("cpu")]), live: F.live(tasks: [F.liveTask("0000000000000010", "cpu", labels: [])]))
        let result = await Applier(client: client).apply(plan)
        XCTAssertNil(result.failure)
        XCTAssertEqual(client.calls, ["POST /api/v2/tasks/0000000000000010/labels 0000000000000001"])
    }

    func testResponseThatDiffersFromRequestIsAFailure() async throws {
        let client = RecordingClient()
        client.tamper = {
            var t = $0; t.flux = "option task = {name: \"x\", every: 1h}\n"; return t
        }
        let plan = try Planner.plan(desired: DesiredState(tasks: [F.desiredTask("cpu", every: "2h")]), live: F.live(tasks: [F.liveTask("0000000000000010", "cpu")]))
        let result = await Applier(client: client).apply(plan)
        XCTAssertEqual(result.outcomes.map(\.outcome), [.failed])
        XCTAssertEqual(
            result.failure?.message,
            "the server answered flux \"option task = {name: \\\"x\\\", every: 1h}\\n\" where \"option task = {name: \\\"cpu\\\", every: 2h}\\n\\nfrom(bucket: \\\"cpu…\" was asked"
        )
    }

    func testFailureAfterACreateNamesTheCreatedIDAndTheSentPath() async throws {
        let client = RecordingClient()
        client.failAt = 2  // the owner label attach of the new task
        client.failure = InfluxAPIError(method: "POST", path: "/api/v2/tasks/0000000000000102/labels", status: 404, code: "not found", message: "label not found")
        let plan = try Planner.plan(desired: DesiredState(tasks: [F.desiredTask("cpu")]), live: F.live(labels: []))
        let result = await Applier(client: client).apply(plan)
        XCTAssertEqual(result.failure?.description, "Task \"cpu\" (0000000000000102): POST /api/v2/tasks/0000000000000102/labels: 404 not found: label not found")
        XCTAssertEqual(result.outcomes.map(\.outcome), [.done, .failed])
    }
}
