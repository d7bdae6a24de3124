import Foundation
import InfluxSandbox
import XCTest

/// A Cloud script task (influxdb-api.md §15.1) end to end: the real binary applies a manifest
/// with `spec.scriptID` + `spec.scriptParameters` to a cloud-flavoured sandbox, plans again
/// (No changes), and applies a parameter change as one PATCH.
final class CloudScriptTaskTests: XCTestCase {
    var sandbox: SandboxHarness!
    var workspace: Workspace!

    override func setUp() async throws {
        sandbox = try await SandboxHarness.start(flavor: .cloud)
        workspace = try Workspace()
    }

    override func tearDown() async throws {
        try await sandbox?.stop()
        sandbox = nil
        workspace = nil
    }

    func manifest(window: String) -> String {
        """
        apiVersion: influxdata.com/v2alpha1
        kind: Task
        metadata:
          name: downsample
        spec:
          every: 1h
          offset: 5m
          description: runs the downsampling script
          scriptID: 0000000000000abc
          scriptParameters:
            bucket: telegraf
            window: \(window)
            dryRun: false

        """
    }

    func testScriptTaskRoundTripsAndAParameterChangeIsOnePatch() async throws {
        _ = try workspace.write("task.yml", manifest(window: "5"))
        let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        let task = try await sandbox.task(named: "downsample")
        XCTAssertEqual(task.scriptID, "0000000000000abc")
        XCTAssertEqual(task.scriptParameters, ["bucket": .string("telegraf"), "window": .number(5), "dryRun": .bool(false)])
        XCTAssertEqual(task.flux, "")
        XCTAssertEqual(task.every, "1h")

        let plan = try await sandbox.cli("plan", [workspace.path(), "--detailed-exitcode"])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        XCTAssertEqual(plan.stdout, "No changes. Live state matches the manifests.\n")

        _ = try workspace.write("task.yml", manifest(window: "10"))
        let changed = try await sandbox.cli("plan", [workspace.path()])
        XCTAssertTrue(changed.stdout.contains("scriptParameters"), changed.stdout)
        try await sandbox.clearRequests()
        let patch = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(patch.exitCode, 0, "\(patch)")
        // Besides the apply lock's own label create and delete, exactly one PATCH.
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes, ["PATCH /api/v2/tasks/\(task.id) 200"])
        let after = try await sandbox.task(named: "downsample")
        XCTAssertEqual(after.scriptParameters?["window"], .number(10))
        let again = try await sandbox.cli("plan", [workspace.path(), "--detailed-exitcode"])
        XCTAssertEqual(again.exitCode, 0, "\(again)")
    }

    func testScriptIDWithQueryIsAValidationErrorWithFileAndLine() async throws {
        let path = try workspace.write(
            "both.yml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: both
            spec:
              every: 1h
              scriptID: 0000000000000abc
              query: |-
                from(bucket: "b") |> range(start: -1h)

            """)
        let result = try await CLIProcess.run(["validate", path])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertTrue(result.stderr.contains("both.yml:8:3: error: Task has both `scriptID` and `query` (at spec.query)\n"), result.stderr)
        XCTAssertTrue(
            result.stderr.contains("hint: a script task runs its stored script: remove `query`, or remove `scriptID` and `scriptParameters` to run the Flux query"), result.stderr)
    }

    func testCancelOnCloudIsExplained() async throws {
        _ = try workspace.write("task.yml", manifest(window: "5"))
        let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        let task = try await sandbox.task(named: "downsample")
        let run = try await sandbox.api.forceRun(taskID: task.id, scheduledFor: nil)
        let cancel = try await sandbox.cli("cancel", ["downsample", run.id])
        XCTAssertEqual(cancel.exitCode, 1, "\(cancel)")
        XCTAssertTrue(
            cancel.stderr.hasPrefix(
                "error: cannot cancel run \(run.id) of task \"downsample\": the server does not support cancelling runs (InfluxDB Cloud answers 405 to every cancel)\n  hint: "),
            cancel.stderr)
    }
}
