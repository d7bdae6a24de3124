import InfluxAPI
import InfluxSync
import XCTest

@testable import influxsync

/// `TaskLookup.find` in-process, against a fake server: which requests each kind of reference
/// costs, and the exact failures.
final class TaskLookupTests: XCTestCase {
    private static func task(_ id: String, _ name: String) -> InfluxTask {
        InfluxTask(id: id, orgID: "0000000000000a0a", name: name, flux: "")
    }

    func testAnIDIsReadDirectly() async throws {
        let client = FakeRunsClient(tasks: [Self.task("0000000000000001", "nightly")])
        let found = try await TaskLookup.find("0000000000000001", session: TestSessions.session(client))
        XCTAssertEqual(found, Self.task("0000000000000001", "nightly"))
        XCTAssertEqual(client.calls, ["GET /api/v2/tasks/0000000000000001", "GET /api/v2/orgs?org=acme"])
    }

    /// A token may see several orgs: a task ID of another org than the one named is refused
    /// (`run ID` started a run in an org `--org` did not name).
    func testAnIDOfAnotherOrgsTaskIsRefused() async throws {
        let foreign = InfluxTask(id: "0000000000000003", orgID: "0000000000000b0b", name: "foreign", flux: "")
        let client = FakeRunsClient(tasks: [foreign])
        do {
            _ = try await TaskLookup.find("0000000000000003", session: TestSessions.session(client))
            XCTFail("the lookup should have failed")
        } catch let failure as CommandFailure {
            XCTAssertEqual(
                failure.rendered,
                """
                error: task 0000000000000003 ("foreign") is not in org acme (0000000000000a0a): it belongs to org 0000000000000b0b
                  hint: name its org with --org-id 0000000000000b0b, or name a task of org acme
                """)
        }
    }

    func testANameIsLookedUpInTheOrgsTasks() async throws {
        let client = FakeRunsClient(tasks: [Self.task("0000000000000001", "nightly"), Self.task("0000000000000002", "hourly")])
        let found = try await TaskLookup.find("hourly", session: TestSessions.session(client))
        XCTAssertEqual(found.id, "0000000000000002")
        XCTAssertEqual(client.calls, ["GET /api/v2/orgs?org=acme", "GET /api/v2/tasks?orgID=0000000000000a0a&after=&limit=500"])
    }

    func testATaskNamedLikeAnIDIsFoundByName() async throws {
        let client = FakeRunsClient(tasks: [Self.task("0000000000000001", "abcdefabcdefabcd")])
        let found = try await TaskLookup.find("abcdefabcdefabcd", session: TestSessions.session(client))
        XCTAssertEqual(found.id, "0000000000000001")
        XCTAssertEqual(
            client.calls,
            [
                "GET /api/v2/tasks/abcdefabcdefabcd", "GET /api/v2/orgs?org=acme", "GET /api/v2/tasks?orgID=0000000000000a0a&after=&limit=500",
            ])
    }

    func testAnUnknownNameSuggestsTheNearestOne() async throws {
        let client = FakeRunsClient(tasks: [Self.task("0000000000000001", "nightly-rollup"), Self.task("0000000000000002", "hourly")])
        do {
            _ = try await TaskLookup.find("nightly-rolup", session: TestSessions.session(client))
            XCTFail("the lookup should have failed")
        } catch let failure as CommandFailure {
            XCTAssertEqual(
                failure.rendered,
                """
                error: no task named or with ID "nightly-rolup" in org acme (0000000000000a0a)
                  hint: did you mean "nightly-rollup"?
                  hint: list the managed tasks and their IDs with: influxsync status --host http://localhost:8086 --org acme
                """)
        }
    }

    func testTwoTasksOfOneNameAskForAnID() async throws {
        let client = FakeRunsClient(tasks: [Self.task("0000000000000001", "copy"), Self.task("0000000000000002", "copy")])
        do {
            _ = try await TaskLookup.find("copy", session: TestSessions.session(client))
            XCTFail("the lookup should have failed")
        } catch let failure as CommandFailure {
            XCTAssertEqual(
                failure.rendered,
                """
                error: 2 tasks are named "copy" in org acme: 0000000000000001, 0000000000000002
                  hint: name the task by one of these IDs instead of its name
                """)
        }
    }

    func testAnUnreadableOrgNamesTheToken() async throws {
        let refused = InfluxAPIError(method: "GET", path: "/api/v2/orgs?org=acme", status: 401, code: "unauthorized", message: "unauthorized access")
        let client = FakeRunsClient(orgError: refused)
        do {
            _ = try await TaskLookup.find("nightly", session: TestSessions.session(client))
            XCTFail("the lookup should have failed")
        } catch let failure as CommandFailure {
            XCTAssertEqual(
                failure.rendered,
                """
                error: cannot read the org: GET /api/v2/orgs?org=acme: 401 unauthorized: unauthorized access
                  hint: check the API token (--token, --token-file or INFLUX_TOKEN) and its permissions
                """)
        }
    }

    func testIDsAreSixteenLowercaseHexDigits() {
        XCTAssertEqual(
            ["0123456789abcdef", "0123456789ABCDEF", "0123456789abcde", "0123456789abcdefa", "0123456789abcdeg"].map(InfluxID.isValid),
            [true, false, false, false, false])
    }
}
