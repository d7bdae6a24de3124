import Foundation
import InfluxAPI
import XCTest

/// Owned duplicate tasks (the trace of applies that raced) are shown, repaired with `--prune`,
/// and the apply lock never shows up in drift (issue 10 items 1 and 2).
final class DuplicateRepairTests: SandboxTestCase {
    func testOwnedDuplicateTaskIsShownWithTheRepairCommandAndPruneDeletesTheCopy() async throws {
        try workspace.write("a.yml", Manifests.task("cpu"))
        let first = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(first.exitCode, 0, "\(first)")
        let kept = try await sandbox.task(named: "cpu")
        let copy = try await sandbox.createTask(flux: kept.flux, labels: ["influxsync"])
        XCTAssertGreaterThan(copy.id, kept.id)
        let location = try workspace.location(of: "cpu", in: "a.yml")

        let plan = try await sandbox.cli("plan", [workspace.path()])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        XCTAssertEqual(
            plan.stdout,
            """
            ? Task "cpu" \(copy.id) (duplicate) (would prune) (\(location))
                owned copy of task \(kept.id), which is kept: run with --prune to delete it

            No changes. Live state matches the manifests.
            1 owned resource declared by no manifest would be pruned with --prune.

            """)
        XCTAssertEqual(
            plan.stderr,
            """
            note: 1 live task is an owned duplicate of a declared task (the copy named on each line is kept); --prune deletes the copies
              hint: to repair, run: influxsync apply \(workspace.path()) --host \(sandbox.baseURL) --token "$INFLUX_TOKEN" --org acme --prune

            """)
        // An `--env-file` given is kept in the command (it was dropped without a target).
        let envFile = try workspace.write("extra.env", "UNUSED=1\n")
        let withFile = try await sandbox.cli("plan", [workspace.path(), "--env-file", envFile])
        XCTAssertTrue(
            withFile.stderr.hasSuffix(
                "hint: to repair, run: influxsync apply \(workspace.path()) --env-file \(envFile) --host \(sandbox.baseURL) --token \"$INFLUX_TOKEN\" --org acme --prune\n"
            ), withFile.stderr)

        try await sandbox.clearRequests()
        let repair = try await sandbox.cli("apply", [workspace.path(), "--prune", "--auto-approve"])
        XCTAssertEqual(repair.exitCode, 0, "\(repair)")
        XCTAssertTrue(repair.stdout.hasSuffix("Apply complete: 1 change done.\n"), repair.stdout)
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes, ["DELETE /api/v2/tasks/\(copy.id) 204"])
        let tasks = try await sandbox.tasks()
        XCTAssertEqual(tasks.map(\.id), [kept.id])
    }

    func testUnownedSameNamedTaskStaysAnErrorNamingBothIDs() async throws {
        try workspace.write("a.yml", Manifests.task("cpu"))
        let first = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(first.exitCode, 0, "\(first)")
        let kept = try await sandbox.task(named: "cpu")
        let stranger = try await sandbox.createTask(flux: kept.flux)
        let plan = try await sandbox.cli("plan", [workspace.path(), "--prune"])
        XCTAssertEqual(plan.exitCode, 1, "\(plan)")
        let location = try workspace.location(of: "cpu", in: "a.yml")
        XCTAssertEqual(
            plan.stderr,
            """
            error: \(location): task "cpu" matches 2 live tasks: \(kept.id) ("cpu", ours), \(stranger.id) ("cpu", not ours); delete or rename the extra ones, or pin one with spec.id. To keep ours, delete the others with the influx CLI: influx task delete --id \(stranger.id) (influxsync never deletes a task it does not own), or add `id: \(kept.id)` under spec
            No plan was made; nothing was changed.

            """)
    }

    func testDriftAndPlanNeverShowTheLockLabel() async throws {
        try workspace.write("a.yml", Manifests.task("cpu"))
        let first = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(first.exitCode, 0, "\(first)")
        _ = try await sandbox.api.createLabel(
            LabelCreateRequest(
                orgID: try await sandbox.orgID(), name: "influxsync.lock",
                properties: [
                    "influxsync.role": "apply-lock", "host": "ci-runner-7", "pid": "4242",
                    "started": "2026-11-30T10:00:00Z", "expires": "2099-01-01T00:00:00Z",
                ]))
        try await sandbox.clearRequests()
        for format in ["text", "json", "markdown"] {
            let drift = try await sandbox.cli("drift", [workspace.path(), "--format", format, "--fail-on", "drift"])
            XCTAssertEqual(drift.exitCode, 0, "\(drift)")
            XCTAssertFalse(drift.stdout.contains("lock"), drift.stdout)
            let plan = try await sandbox.cli("plan", [workspace.path(), "--format", format, "--prune", "--detailed-exitcode"])
            XCTAssertEqual(plan.exitCode, 0, "\(plan)")
            XCTAssertFalse(plan.stdout.contains("lock"), plan.stdout)
        }
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes, [])
    }
}
