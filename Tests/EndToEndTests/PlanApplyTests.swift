import Foundation
import InfluxAPI
import XCTest

/// The "Done when" list of issue 2, end to end: the real `influxsync` binary against a sandbox
/// over loopback, asserting exit codes, output and the sandbox's request log.
final class PlanApplyTests: XCTestCase {
    var sandbox: SandboxHarness!
    var workspace: Workspace!

    override func setUp() async throws {
        sandbox = try await SandboxHarness.start()
        workspace = try Workspace()
    }

    override func tearDown() async throws {
        try await sandbox?.stop()
        sandbox = nil
        workspace = nil
    }

    static let noChanges = "No changes. Live state matches the manifests.\n"

    /// Applies `manifest` (as `main.yml`) and asserts success.
    func applyOK(_ manifest: String, _ extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) async throws -> CLIResult {
        try workspace.write("main.yml", manifest)
        let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"] + extra)
        XCTAssertEqual(result.exitCode, 0, "\(result)", file: file, line: line)
        return result
    }

    /// `plan --detailed-exitcode` on the workspace.
    func plan(_ extra: [String] = []) async throws -> CLIResult {
        try await sandbox.cli("plan", [workspace.path(), "--detailed-exitcode"] + extra)
    }

    func assertNoChanges(_ extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) async throws {
        let result = try await plan(extra)
        XCTAssertEqual(result.exitCode, 0, "\(result)", file: file, line: line)
        XCTAssertTrue(result.stdout.hasSuffix(Self.noChanges), "\(result)", file: file, line: line)
        XCTAssertEqual(result.stderr, "", file: file, line: line)
    }

    // MARK: - examples/

    func testApplyExamplesToEmptySandboxThenPlanReportsNoChanges() async throws {
        let examples = CLIProcess.packageRoot.appendingPathComponent("examples").path
        let apply = try await sandbox.cli("apply", [examples, "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        XCTAssertTrue(apply.stdout.contains("Apply complete: "), "\(apply)")
        XCTAssertFalse(apply.stdout.split(separator: "\n").contains { $0.hasPrefix("failed ") || $0.hasPrefix("not attempted ") }, "\(apply)")
        let created = try await sandbox.tasks()
        XCTAssertFalse(created.isEmpty)

        try await sandbox.clearRequests()
        let plan = try await sandbox.cli("plan", [examples, "--detailed-exitcode"])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        XCTAssertEqual(plan.stdout, Self.noChanges)
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes, [])

        // Applying again sends no write either.
        let again = try await sandbox.cli("apply", [examples, "--auto-approve"])
        XCTAssertEqual(again.exitCode, 0, "\(again)")
        XCTAssertEqual(again.stdout, Self.noChanges)
        let writesAfterSecondApply = try await sandbox.writes()
        XCTAssertEqual(writesAfterSecondApply, [])
    }

    // MARK: - One field changed → one request

    func testChangingEveryPlansOneUpdateAndAppliesExactlyOnePatch() async throws {
        _ = try await applyOK(Manifests.file(Manifests.label("team-ops"), Manifests.task("cpu-downsample", labels: ["team-ops"])))
        let task = try await sandbox.task(named: "cpu-downsample")

        try workspace.write("main.yml", Manifests.file(Manifests.label("team-ops"), Manifests.task("cpu-downsample", every: "2h", labels: ["team-ops"])))
        let plan = try await plan()
        XCTAssertEqual(plan.exitCode, 2, "\(plan)")
        XCTAssertTrue(plan.stdout.contains("every: 1h → 2h"), "\(plan)")
        XCTAssertTrue(plan.stdout.hasSuffix("Plan: 0 to add, 1 to change, 0 to destroy.\n"), "\(plan)")

        try await sandbox.clearRequests()
        let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        XCTAssertTrue(apply.stdout.hasSuffix("""
            done           ~ Task "cpu-downsample"
            Apply complete: 1 change done.

            """), "\(apply)")
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes, ["PATCH /api/v2/tasks/\(task.id) 200"])
        let updated = try await sandbox.task(named: "cpu-downsample")
        XCTAssertEqual(updated.every, "2h")
        XCTAssertEqual(updated.id, task.id)

        try await assertNoChanges()
    }

    func testAddingOneAssociationSendsExactlyOneLabelPost() async throws {
        let labels = Manifests.file(Manifests.label("team-ops"), Manifests.label("critical", color: "#DC4E58"))
        _ = try await applyOK(labels + "---\n" + Manifests.task("cpu-downsample", labels: ["team-ops"]))
        let task = try await sandbox.task(named: "cpu-downsample")
        let critical = try await sandbox.label(named: "critical")

        try workspace.write("main.yml", labels + "---\n" + Manifests.task("cpu-downsample", labels: ["team-ops", "critical"]))
        let plan = try await plan()
        XCTAssertEqual(plan.exitCode, 2, "\(plan)")
        XCTAssertTrue(plan.stdout.hasSuffix("Plan: 0 to add, 1 to change, 0 to destroy.\n"), "\(plan)")

        try await sandbox.clearRequests()
        _ = try await applyOK(labels + "---\n" + Manifests.task("cpu-downsample", labels: ["team-ops", "critical"]))
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes, ["POST /api/v2/tasks/\(task.id)/labels 201"])
        let live = try await sandbox.task(named: "cpu-downsample")
        XCTAssertTrue(live.labels.contains { $0.id == critical.id })

        try await assertNoChanges()
    }

    func testDescriptionOnlyChangeSendsOnePatchTheSandboxAccepts() async throws {
        _ = try await applyOK(Manifests.task("cpu-downsample"))
        let task = try await sandbox.task(named: "cpu-downsample")
        XCTAssertNil(task.description)

        try await sandbox.clearRequests()
        _ = try await applyOK(Manifests.task("cpu-downsample", description: "Downsample CPU to hourly means"))
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes, ["PATCH /api/v2/tasks/\(task.id) 200"])
        let live = try await sandbox.task(named: "cpu-downsample")
        XCTAssertEqual(live.description, "Downsample CPU to hourly means")
        XCTAssertEqual(live.flux, task.flux, "a description-only change must not touch the script")

        try await assertNoChanges()
    }

    // MARK: - Formatting differences are not changes

    /// Replaces the live task created by apply with one created directly through the API from
    /// `flux`, carrying the same labels (owner label included), then expects `No changes`.
    func assertLiveScriptEquivalent(_ flux: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        _ = try await applyOK(Manifests.file(Manifests.label("team-ops"), Manifests.task("cpu-downsample", labels: ["team-ops"])), file: file, line: line)
        let original = try await sandbox.task(named: "cpu-downsample", file: file, line: line)
        try await sandbox.api.deleteTask(id: original.id)
        let replacement = try await sandbox.createTask(flux: flux, labels: original.labels.map(\.name))
        XCTAssertEqual(replacement.flux, flux, file: file, line: line)

        try await sandbox.clearRequests()
        try await assertNoChanges(file: file, line: line)
        let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)", file: file, line: line)
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes, [], file: file, line: line)
    }

    func testLiveScriptWithDifferentWhitespaceIsNoChange() async throws {
        try await assertLiveScriptEquivalent("""
            option task = {name:"cpu-downsample",   every:1h}
            from(bucket:"telegraf")
              |>range(start:-task.every)
              |>   filter(fn:(r)=>r._measurement=="cpu")
              |> aggregateWindow(every:1h,fn:mean)
              |> to(bucket:  "telegraf-downsampled")
            """)
    }

    func testLiveScriptWithDifferentLineBreaksIsNoChange() async throws {
        try await assertLiveScriptEquivalent("""
            option task = {
                name: "cpu-downsample",
                every: 1h
            }


            from(bucket: "telegraf") |> range(start: -task.every) |> filter(fn: (r) => r._measurement == "cpu") |> aggregateWindow(every: 1h, fn: mean) |> to(bucket: "telegraf-downsampled")

            """)
    }

    func testLiveScriptWithTrailingCommasIsNoChange() async throws {
        try await assertLiveScriptEquivalent("""
            option task = {name: "cpu-downsample", every: 1h,}

            from(bucket: "telegraf",)
                |> range(start: -task.every,)
                |> filter(fn: (r) => r._measurement == "cpu",)
                |> aggregateWindow(every: 1h, fn: mean,)
                |> to(bucket: "telegraf-downsampled",)
            """)
    }

    func testLiveScriptWithGoStyleDurationIsNoChange() async throws {
        try await assertLiveScriptEquivalent("""
            option task = {name: "cpu-downsample", every: 1h0m0s}

            from(bucket: "telegraf")
                |> range(start: -task.every)
                |> filter(fn: (r) => r._measurement == "cpu")
                |> aggregateWindow(every: 1h, fn: mean)
                |> to(bucket: "telegraf-downsampled")
            """)
    }

    // MARK: - Pruning and ownership

    func testRemovedTaskIsOnlyReportedWithoutPruneAndDeletedOnceWithPrune() async throws {
        _ = try await applyOK(Manifests.file(Manifests.task("cpu-downsample"), Manifests.task("mem-downsample", query: Manifests.cpuQuery.replacingOccurrences(of: "cpu", with: "mem"))))
        let removed = try await sandbox.task(named: "mem-downsample")
        let kept = try await sandbox.task(named: "cpu-downsample")
        let unowned = try await sandbox.createTask(flux: "option task = {name: \"hand-made\", every: 5m}\n\nfrom(bucket: \"x\") |> range(start: -5m)\n")

        try workspace.write("main.yml", Manifests.task("cpu-downsample"))
        try await sandbox.clearRequests()
        let plan = try await sandbox.cli("plan", [workspace.path()])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        XCTAssertTrue(plan.stdout.contains("would prune"), "\(plan)")
        XCTAssertTrue(plan.stdout.contains("mem-downsample"), "\(plan)")
        let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        let writesWithoutPrune = try await sandbox.writes()
        XCTAssertEqual(writesWithoutPrune, [])

        let prunePlan = try await sandbox.cli("plan", [workspace.path(), "--prune", "--detailed-exitcode"])
        XCTAssertEqual(prunePlan.exitCode, 2, "\(prunePlan)")
        XCTAssertTrue(prunePlan.stdout.hasSuffix("Plan: 0 to add, 0 to change, 1 to destroy.\n"), "\(prunePlan)")
        let prune = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--prune"])
        XCTAssertEqual(prune.exitCode, 0, "\(prune)")
        let writesWithPrune = try await sandbox.writes()
        XCTAssertEqual(writesWithPrune, ["DELETE /api/v2/tasks/\(removed.id) 204"])

        let remaining = try await sandbox.tasks().map(\.id).sorted()
        XCTAssertEqual(remaining, [kept.id, unowned.id].sorted(), "the unowned task is never touched")
        let log = try await sandbox.requests()
        XCTAssertFalse(log.contains { $0.isWrite && $0.path.contains(unowned.id) })
        try await assertNoChanges(["--prune"])
    }

    func testTwoLiveTasksWithTheManifestTaskNameFailWithBothIDsAndNoWrites() async throws {
        let first = try await sandbox.createTask(flux: "option task = {name: \"cpu-downsample\", every: 1h}\n\nfrom(bucket: \"a\") |> range(start: -1h)\n")
        let second = try await sandbox.createTask(flux: "option task = {name: \"cpu-downsample\", every: 2h}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n")
        try workspace.write("main.yml", Manifests.file(Manifests.label("team-ops"), Manifests.task("cpu-downsample", labels: ["team-ops"])))
        try await sandbox.clearRequests()

        let plan = try await plan()
        XCTAssertEqual(plan.exitCode, 1, "\(plan)")
        XCTAssertTrue(plan.stderr.contains(first.id), "\(plan)")
        XCTAssertTrue(plan.stderr.contains(second.id), "\(plan)")
        XCTAssertTrue(plan.stderr.hasSuffix("No plan was made; nothing was changed.\n"), "\(plan)")

        let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 1, "\(apply)")
        XCTAssertTrue(apply.stderr.contains(first.id) && apply.stderr.contains(second.id), "\(apply)")
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes, [])
    }
}
