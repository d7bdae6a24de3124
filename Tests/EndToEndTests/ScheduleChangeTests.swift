import Foundation
import InfluxAPI
import XCTest

/// Issue 3, end to end: a schedule switch or an offset removal is one PATCH whose stored script
/// says exactly the new thing (the server keeps a PATCHed `flux` verbatim, §7.3 A4).
final class ScheduleChangeTests: SandboxTestCase {
    private func manifest(_ schedule: String) -> String {
        """
        apiVersion: influxdata.com/v2alpha1
        kind: Task
        metadata:
          name: rollup
        spec:
        \(schedule.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
          query: |-
            from(bucket: "telegraf")
                |> range(start: -1h)
                |> to(bucket: "rollup")

        """
    }

    private func apply(_ schedule: String) async throws -> [String] {
        try workspace.write("main.yml", manifest(schedule))
        try await sandbox.clearRequests()
        let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(result.exitCode, 0, "\(result)")
        return try await sandbox.resourceWrites()
    }

    func testEveryToCronIsOnePatchWhoseScriptHasCronAndNoEvery() async throws {
        _ = try await apply("every: 1h")
        let before = try await sandbox.task(named: "rollup")

        let writes = try await apply("cron: \"0 * * * *\"")
        XCTAssertEqual(writes, ["PATCH /api/v2/tasks/\(before.id) 200"])
        let after = try await sandbox.task(named: "rollup")
        XCTAssertEqual(after.cron, "0 * * * *")
        XCTAssertNil(after.every)
        XCTAssertTrue(after.flux.hasPrefix("option task = {name: \"rollup\", cron: \"0 * * * *\"}\n"), after.flux)
        XCTAssertFalse(after.flux.contains("every:"), after.flux)

        let again = try await sandbox.cli("plan", [workspace.path(), "--detailed-exitcode"])
        XCTAssertEqual(again.exitCode, 0, "\(again)")
    }

    func testRemovingTheOffsetIsOnePatchWhoseScriptHasNoOffset() async throws {
        _ = try await apply("every: 1h\noffset: 5m")
        let before = try await sandbox.task(named: "rollup")
        XCTAssertEqual(before.offset, "5m")

        let writes = try await apply("every: 1h")
        XCTAssertEqual(writes, ["PATCH /api/v2/tasks/\(before.id) 200"])
        let after = try await sandbox.task(named: "rollup")
        XCTAssertNil(after.offset)
        XCTAssertFalse(after.flux.contains("offset"), after.flux)

        let again = try await sandbox.cli("plan", [workspace.path(), "--detailed-exitcode"])
        XCTAssertEqual(again.exitCode, 0, "\(again)")
    }
}
