import Foundation
import InfluxAPI
import XCTest

/// The "Done when" list of issue 2, end to end: the real `influxsync` binary against a sandbox
/// over loopback, asserting exit codes, output and the sandbox's request log.
final class PlanApplyTests: SandboxTestCase {
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
        let writesAfterSecondApply = try await sandbox.resourceWrites()
        XCTAssertEqual(writesAfterSecondApply, [])
    }

    // MARK: - One field changed → one request

    func testChangingEveryPlansOneUpdateAndAppliesExactlyOnePatch() async throws {
        _ = try await applyOK(Manifests.file(Manifests.label("team-ops"), Manifests.task("cpu-downsample", labels: ["team-ops"])))
        let task = try await sandbox.task(named: "cpu-downsample")

        try workspace.write("main.yml", Manifests.file(Manifests.label("team-ops"), Manifests.task("cpu-downsample", every: "2h", labels: ["team-ops"])))
        let expectedPlan = """
            ~ Task "cpu-downsample" \(task.id) (\(try workspace.location(of: "cpu-downsample", in: "main.yml")))
                every: 1h → 2h

            Plan: 0 to add, 1 to change, 0 to destroy.

            """
        let plan = try await plan()
        XCTAssertEqual(plan.exitCode, 2, "\(plan)")
        XCTAssertEqual(plan.stdout, expectedPlan)
        XCTAssertEqual(plan.stderr, "")

        try await sandbox.clearRequests()
        let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        XCTAssertEqual(
            apply.stdout,
            expectedPlan + """

                done           ~ Task "cpu-downsample"
                Apply complete: 1 change done.

                """)
        let writes = try await sandbox.resourceWrites()
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
        XCTAssertEqual(
            plan.stdout,
            """
            ~ Task "cpu-downsample" \(task.id) (\(try workspace.location(of: "cpu-downsample", in: "main.yml")))
                labels: + "critical"

            Plan: 0 to add, 1 to change, 0 to destroy.

            """)

        try await sandbox.clearRequests()
        _ = try await applyOK(labels + "---\n" + Manifests.task("cpu-downsample", labels: ["team-ops", "critical"]))
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes, ["POST /api/v2/tasks/\(task.id)/labels 201"])
        let live = try await sandbox.task(named: "cpu-downsample")
        XCTAssertTrue(live.labels.contains { $0.id == critical.id })

        try await assertNoChanges()
    }

    /// An association may name a label that only exists live; the live names are read before
    /// the plan decides, and one that neither a manifest nor InfluxDB has is refused.
    func testAssociationWithALiveOnlyLabelIsAttachedAndOneNobodyHasIsRefused() async throws {
        let (status, _) = try await sandbox.raw("POST", "/api/v2/labels", json: #"{"orgID":"\#(try await sandbox.orgID())","name":"legacy"}"#)
        XCTAssertEqual(status, 201)
        let legacy = try await sandbox.label(named: "legacy")
        _ = try await applyOK(Manifests.task("cpu-downsample", labels: ["legacy"]))
        let task = try await sandbox.task(named: "cpu-downsample")
        XCTAssertTrue(task.labels.contains { $0.id == legacy.id }, "\(task.labels)")
        try await assertNoChanges()

        try workspace.write("main.yml", Manifests.task("cpu-downsample", labels: ["legacy", "ghost"]))
        try await sandbox.clearRequests()
        let refused = try await plan()
        XCTAssertEqual(refused.exitCode, 1, "\(refused)")
        let location = workspace.path("main.yml") + ":11:13"  // the line `      name: ghost`
        XCTAssertEqual(
            refused.stderr,
            """
            \(location): error: association names label `ghost`, which no manifest declares and InfluxDB does not have (at spec.associations[1].name)
                hint: declare a Label with metadata.name `ghost`, or create the label in InfluxDB first
            1 error in the manifests.

            """)
        XCTAssertEqual(refused.stdout, "")
        let sent = try await sandbox.requests()
        XCTAssertFalse(sent.isEmpty)
        XCTAssertTrue(sent.allSatisfy { !$0.isWrite }, "\(sent)")
    }

    func testDescriptionOnlyChangeSendsOnePatchTheSandboxAccepts() async throws {
        _ = try await applyOK(Manifests.task("cpu-downsample"))
        let task = try await sandbox.task(named: "cpu-downsample")
        XCTAssertNil(task.description)

        try workspace.write("main.yml", Manifests.task("cpu-downsample", description: "Downsample CPU to hourly means"))
        let plan = try await plan()
        XCTAssertEqual(plan.exitCode, 2, "\(plan)")
        XCTAssertEqual(
            plan.stdout,
            """
            ~ Task "cpu-downsample" \(task.id) (\(try workspace.location(of: "cpu-downsample", in: "main.yml")))
                description: (none) → "Downsample CPU to hourly means"

            Plan: 0 to add, 1 to change, 0 to destroy.

            """)

        try await sandbox.clearRequests()
        _ = try await applyOK(Manifests.task("cpu-downsample", description: "Downsample CPU to hourly means"))
        let writes = try await sandbox.resourceWrites()
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
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes, [], file: file, line: line)
    }

    func testLiveScriptWithDifferentWhitespaceIsNoChange() async throws {
        try await assertLiveScriptEquivalent(
            """
            option task = {name:"cpu-downsample",   every:1h}
            from(bucket:"telegraf")
              |>range(start:-task.every)
              |>   filter(fn:(r)=>r._measurement=="cpu")
              |> aggregateWindow(every:1h,fn:mean)
              |> to(bucket:  "telegraf-downsampled")
            """)
    }

    func testLiveScriptWithDifferentLineBreaksIsNoChange() async throws {
        try await assertLiveScriptEquivalent(
            """
            option task = {
                name: "cpu-downsample",
                every: 1h
            }


            from(bucket: "telegraf") |> range(start: -task.every) |> filter(fn: (r) => r._measurement == "cpu") |> aggregateWindow(every: 1h, fn: mean) |> to(bucket: "telegraf-downsampled")

            """)
    }

    func testLiveScriptWithTrailingCommasIsNoChange() async throws {
        try await assertLiveScriptEquivalent(
            """
            option task = {name: "cpu-downsample", every: 1h,}

            from(bucket: "telegraf",)
                |> range(start: -task.every,)
                |> filter(fn: (r) => r._measurement == "cpu",)
                |> aggregateWindow(every: 1h, fn: mean,)
                |> to(bucket: "telegraf-downsampled",)
            """)
    }

    func testLiveScriptWithGoStyleDurationIsNoChange() async throws {
        try await assertLiveScriptEquivalent(
            """
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
        _ = try await applyOK(
            Manifests.file(Manifests.task("cpu-downsample"), Manifests.task("mem-downsample", query: Manifests.cpuQuery.replacingOccurrences(of: "cpu", with: "mem"))))
        let removed = try await sandbox.task(named: "mem-downsample")
        let kept = try await sandbox.task(named: "cpu-downsample")
        let unowned = try await sandbox.createTask(flux: "option task = {name: \"hand-made\", every: 5m}\n\nfrom(bucket: \"x\") |> range(start: -5m)\n")

        try workspace.write("main.yml", Manifests.task("cpu-downsample"))
        try await sandbox.clearRequests()
        let plan = try await sandbox.cli("plan", [workspace.path(), "--detailed-exitcode"])
        XCTAssertEqual(plan.exitCode, 0, "nothing would be sent: \(plan)")
        XCTAssertEqual(
            plan.stdout,
            """
            ? Task "mem-downsample" \(removed.id) (would prune)
                owned by "influxsync", declared by no manifest: run with --prune to delete it

            Unmanaged: 1 live task not declared and not owned by "influxsync" (never touched):
                Task "hand-made" \(unowned.id)

            No changes. Live state matches the manifests.
            1 owned resource declared by no manifest would be pruned with --prune.

            """)
        let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        let writesWithoutPrune = try await sandbox.resourceWrites()
        XCTAssertEqual(writesWithoutPrune, [])

        let prunePlan = try await sandbox.cli("plan", [workspace.path(), "--prune", "--detailed-exitcode"])
        XCTAssertEqual(prunePlan.exitCode, 2, "\(prunePlan)")
        XCTAssertEqual(
            prunePlan.stdout,
            """
            - Task "mem-downsample" \(removed.id)
                owned by "influxsync", declared by no manifest: will be deleted (--prune)

            Unmanaged: 1 live task not declared and not owned by "influxsync" (never touched):
                Task "hand-made" \(unowned.id)

            Plan: 0 to add, 0 to change, 1 to destroy.

            """)
        let prune = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--prune"])
        XCTAssertEqual(prune.exitCode, 0, "\(prune)")
        let writesWithPrune = try await sandbox.resourceWrites()
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

        let expectedError = """
            error: \(try workspace.location(of: "cpu-downsample", in: "main.yml")): task "cpu-downsample" matches 2 live tasks: \(first.id) ("cpu-downsample", not ours), \(second.id) ("cpu-downsample", not ours); delete or rename the extra ones, or pin one with spec.id
            No plan was made; nothing was changed.

            """
        let plan = try await plan()
        XCTAssertEqual(plan.exitCode, 1, "\(plan)")
        XCTAssertEqual(plan.stderr, expectedError)
        XCTAssertEqual(plan.stdout, "")

        let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 1, "\(apply)")
        XCTAssertEqual(apply.stderr, expectedError)
        XCTAssertEqual(apply.stdout, "")
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes, [])
    }
}

/// Apply stops at the first failed request, reports every change, and a re-run converges.
final class ApplyFailureTests: XCTestCase {
    func testFailedWriteStopsApplyReportsEachChangeAndARerunConverges() async throws {
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            try workspace.write(
                "main.yml",
                Manifests.file(
                    Manifests.label("team-ops"),
                    Manifests.task("t1", labels: ["team-ops"], query: "from(bucket: \"a\") |> range(start: -1h)"),
                    Manifests.task("t2", query: "from(bucket: \"b\") |> range(start: -1h)"),
                    Manifests.task("t3", query: "from(bucket: \"c\") |> range(start: -1h)")))
            // The second task creation fails with a server error: t1 exists by then, but its
            // labels (owner and team-ops) are attached in the later associations phase.
            try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","skip":1,"count":1,"status":500,"message":"disk full"}"#)

            // One request at a time (--parallelism 1): the fault hits the second create in plan order.
            let failed = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--parallelism", "1"])
            XCTAssertEqual(failed.exitCode, 1, "\(failed)")
            XCTAssertTrue(
                failed.stdout.hasSuffix(
                    """

                    done           + Label "influxsync"
                    done           + Label "team-ops"
                    partially done + Task "t1"
                    failed         + Task "t2"
                    not attempted  + Task "t3"
                    Apply failed: 2 done, 1 partially done, 1 failed, 1 not attempted.

                    """), "\(failed)")
            XCTAssertEqual(failed.stderr, "error: Task \"t2\": POST /api/v2/tasks: 500 internal error: disk full\n")
            let afterFailure = try await sandbox.tasks().map(\.name)
            XCTAssertEqual(afterFailure, ["t1"], "nothing after the failure was attempted")

            try await sandbox.clearRequests()
            let rerun = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
            XCTAssertEqual(rerun.exitCode, 0, "\(rerun)")
            XCTAssertTrue(
                rerun.stdout.hasSuffix(
                    """

                    done           ~ Task "t1"
                    done           + Task "t2"
                    done           + Task "t3"
                    Apply complete: 3 changes done.

                    """), "\(rerun)")
            let live = try await sandbox.tasks()
            // Creates run concurrently (--parallelism 8), so IDs need not follow plan order.
            XCTAssertEqual(live.map(\.name).sorted(), ["t1", "t2", "t3"], "no duplicates")
            XCTAssertEqual(live.first { $0.name == "t1" }?.labels.map(\.name).sorted(), ["influxsync", "team-ops"])
            let creates = try await sandbox.requests().filter { $0.method == "POST" && $0.path == "/api/v2/tasks" }
            XCTAssertEqual(creates.count, 2)
        }
    }
}
