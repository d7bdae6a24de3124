import Foundation
import InfluxAPI
import InfluxSync
import XCTest

/// Issue 5 end to end: saved plans, exit codes, JSON/Markdown output, GitHub niceties and the
/// drift report, through the built `influxsync` binary against a sandbox over loopback.
final class CIWorkflowTests: SandboxTestCase {
    func applyOK(file: StaticString = #filePath, line: UInt = #line) async throws {
        let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(result.exitCode, 0, "\(result)", file: file, line: line)
    }

    // MARK: - Saved plans

    /// A saved plan whose requests were edited after it was made (its displayed fields left as
    /// they were) is refused before any write: what is sent must be what its manifests and the
    /// live state give. It used to display the recorded fields and send the edited requests.
    /// A saved plan of one task `cpu` described "Downsample CPU", outside the manifests'
    /// directory: its path, its text, and the workspace that holds it (kept alive by the caller).
    private func savedPlanOfOneTask() async throws -> (path: String, text: String, directory: Workspace) {
        try workspace.write("main.yml", Manifests.task("cpu", description: "Downsample CPU"))
        let outDir = try Workspace()
        let planFile = outDir.path("plan.json")
        let plan = try await sandbox.cli("plan", [workspace.path("main.yml"), "--no-server-checks", "--out", planFile])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        return (planFile, try String(contentsOfFile: planFile, encoding: .utf8), outDir)
    }

    func testAnEditedSavedPlanIsRefused() async throws {
        let (planFile, text, outDir) = try await savedPlanOfOneTask()
        defer { withExtendedLifetime(outDir) {} }
        // The create request's description, not the change's displayed fields.
        let request = #""description" : "Downsample CPU","#
        XCTAssertTrue(text.contains(request), text)
        try Data(text.replacingOccurrences(of: request, with: #""description" : "TAMPERED","#).utf8).write(to: URL(fileURLWithPath: planFile))
        try await sandbox.clearRequests()
        let apply = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(apply.exitCode, 1, "\(apply)")
        XCTAssertTrue(
            apply.stderr.hasPrefix(
                "error: saved plan \(planFile) does not hold the changes its manifests and the live state give (it was edited, or made by another influxsync version); nothing was applied\n"
            ), apply.stderr)
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes, [], "nothing but the apply lock was written")
        let tasks = try await sandbox.tasks()
        XCTAssertEqual(tasks.map(\.name), [])
    }

    /// A saved plan whose shown difference was edited (its requests not) is refused: it showed
    /// one change and sent another.
    func testASavedPlanWithEditedShownFieldsIsRefused() async throws {
        let (planFile, text, outDir) = try await savedPlanOfOneTask()
        defer { withExtendedLifetime(outDir) {} }
        let shown = #""new" : "Downsample CPU""#
        XCTAssertTrue(text.contains(shown), text)
        try Data(text.replacingOccurrences(of: shown, with: #""new" : "HACKED""#).utf8).write(to: URL(fileURLWithPath: planFile))
        let apply = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(apply.exitCode, 1, "\(apply)")
        XCTAssertTrue(apply.stderr.hasPrefix("error: saved plan \(planFile) does not hold the changes its manifests"), apply.stderr)
        let tasks = try await sandbox.tasks()
        XCTAssertEqual(tasks.map(\.name), [])
    }

    /// A saved plan applied to another org than it was made for is never "already applied"
    /// (the other org matched its manifests, and a job pointed at the wrong org passed green):
    /// it is refused, nothing is written.
    func testASavedPlanAppliedToAnotherOrgIsNotAlreadyApplied() async throws {
        try workspace.write("main.yml", Manifests.task("cpu"))
        let (status, _) = try await sandbox.raw("POST", "/sandbox/orgs", json: #"{"name":"prod"}"#)
        XCTAssertEqual(status, 201)
        let prodFlags = ["--host", sandbox.baseURL, "--token", SandboxHarness.token, "--org", "prod"]
        let applied = try await CLIProcess.run(["apply", workspace.path("main.yml"), "--no-server-checks", "--auto-approve"] + prodFlags)
        XCTAssertEqual(applied.exitCode, 0, "\(applied)")
        let outDir = try Workspace()
        let planFile = outDir.path("plan.json")
        let plan = try await sandbox.cli("plan", [workspace.path("main.yml"), "--no-server-checks", "--out", planFile])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        try await sandbox.clearRequests()
        let wrong = try await CLIProcess.run(["apply", planFile] + prodFlags)
        XCTAssertEqual(wrong.exitCode, 1, "\(wrong)")
        XCTAssertFalse(wrong.stdout.contains("already applied"), "\(wrong)")
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes, [])
    }

    /// A plan made with `--env-ref` and `--prune`: applied again it says "already applied"
    /// (it could not read its manifests without the env ref, and called itself stale), and
    /// the hint to make it again repeats every flag it was made with.
    func testASavedPlanRemembersItsEnvRefsAndFlags() async throws {
        try workspace.write(
            "main.yml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: e
            spec:
              name:
                envRef:
                  key: tname
              every: 1h
              query: |-
                from(bucket: "influxsync") |> range(start: -1h)

            """)
        let outDir = try Workspace()
        let planFile = outDir.path("plan.json")
        let plan = try await sandbox.cli("plan", [workspace.path("main.yml"), "--env-ref", "tname=hello", "--prune", "--no-server-checks", "--out", planFile])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        let saved = try SavedPlan.decode(Data(try String(contentsOfFile: planFile, encoding: .utf8).utf8), source: planFile)
        XCTAssertEqual(saved.planFlags, ["--env-ref", "tname=hello", "--prune", "--no-server-checks"])
        XCTAssertEqual(saved.envRefs, ["tname": "hello"])
        let apply = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        let again = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(again.exitCode, 0, "\(again)")
        XCTAssertTrue(again.stdout.contains("was already applied"), "\(again)")
        // A flag that would change the plan is refused, not silently ignored.
        let flagged = try await sandbox.cli("apply", [planFile, "--owner-label", "other", "--prune"])
        XCTAssertEqual(flagged.exitCode, 1, "\(flagged)")
        XCTAssertEqual(
            flagged.stderr,
            """
            error: --owner-label other --prune cannot change a saved plan: \(planFile) is applied exactly as it was made
              hint: make a new plan with them: influxsync plan PATHS… --owner-label other --prune --out \(planFile)

            """)
        try workspace.write("main.yml", try String(contentsOfFile: workspace.path("main.yml"), encoding: .utf8).replacingOccurrences(of: "1h", with: "2h"))
        let stale = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(stale.exitCode, 1, "\(stale)")
        XCTAssertTrue(
            stale.stderr.contains(
                "hint: make and review a new plan: influxsync plan \(workspace.path("main.yml")) --out \(planFile) --env-ref tname=hello --prune --no-server-checks --host"
            ), stale.stderr)
    }

    func testPlanOutThenApplyFileAppliesExactlyThatPlan() async throws {
        try workspace.write(
            "main.yml", Manifests.file(Manifests.label("team-ops"), Manifests.task("cpu-downsample", labels: ["team-ops"]), Manifests.task("mem-report", every: "30m")))
        let outDir = try Workspace()
        let planFile = outDir.path("plan.json")
        let plan = try await sandbox.cli("plan", [workspace.path("main.yml"), "--out", planFile])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        XCTAssertEqual(
            plan.stderr,
            """
            Saved the plan to \(planFile).
              hint: apply exactly this plan with: influxsync apply \(planFile) --host \(sandbox.baseURL) --token "$INFLUX_TOKEN" --org acme

            """)
        XCTAssertTrue(plan.stdout.hasSuffix("Plan: 4 to add, 0 to change, 0 to destroy.\n"), "\(plan)")
        let writesDuringPlan = try await sandbox.writes()
        XCTAssertEqual(writesDuringPlan, [])

        let text = try String(contentsOfFile: planFile, encoding: .utf8)
        XCTAssertFalse(text.contains(SandboxHarness.token), "a saved plan never holds the token")
        let saved = try SavedPlan.decode(Data(text.utf8), source: planFile)
        XCTAssertEqual(saved.formatVersion, 2)
        XCTAssertEqual(saved.manifestPaths, [workspace.path("main.yml")])
        XCTAssertEqual(saved.manifestDigest.files.map(\.path), [workspace.path("main.yml")])
        XCTAssertEqual(saved.plan.changes.map(\.resource.name), ["influxsync", "team-ops", "cpu-downsample", "mem-report"])

        let apply = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        XCTAssertTrue(apply.stdout.contains("Apply complete: "), "\(apply)")
        // Exactly the saved plan's requests, in its order.
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes.map { String($0.split(separator: " ")[0]) }, saved.plan.operations.map(\.method))
        XCTAssertEqual(writes.count, saved.plan.operations.count)

        let after = try await sandbox.cli("plan", [workspace.path("main.yml"), "--detailed-exitcode"])
        XCTAssertEqual(after.exitCode, 0, "\(after)")
    }

    /// A CI job that reruns after its apply succeeded: the saved plan is stale, but the live
    /// state matches its unchanged manifests, so it says "already applied" and exits 0 (it used
    /// to list every created resource as "appeared since the plan" and exit 1). Without any
    /// connection flag the error says where they come from.
    func testReapplyingAnAppliedPlanSaysAlreadyAppliedAndAMissingConnectionIsExplained() async throws {
        try workspace.write("main.yml", Manifests.file(Manifests.label("team-ops"), Manifests.task("cpu", labels: ["team-ops"])))
        let outDir = try Workspace()
        let planFile = outDir.path("plan.json")
        let plan = try await sandbox.cli("plan", [workspace.path("main.yml"), "--out", planFile])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        let first = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(first.exitCode, 0, "\(first)")
        try await sandbox.clearRequests()
        let again = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(again.exitCode, 0, "\(again)")
        XCTAssertEqual(again.stdout, "Saved plan \(planFile) was already applied: the live state matches its manifests, which have not changed. Nothing to do.\n")
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes, [])

        // A manifest changed since: stale as before, not "already applied".
        try workspace.write("main.yml", Manifests.file(Manifests.label("team-ops"), Manifests.task("cpu", every: "2h", labels: ["team-ops"])))
        let changed = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(changed.exitCode, 1, "\(changed)")
        XCTAssertTrue(changed.stderr.hasPrefix("error: saved plan \(planFile) is stale; nothing was applied."), "\(changed)")

        let bare = try await CLIProcess.run(["apply", planFile], environment: ["HOME": outDir.path()])
        XCTAssertEqual(bare.exitCode, 1, "\(bare)")
        XCTAssertTrue(
            bare.stderr.hasSuffix(
                "\n  hint: a saved plan is applied with the connection flags its plan used (--host URL --org NAME, or --sandbox FILE); the hint `plan --out` printed shows the complete command\n"
            ), "\(bare)")
    }

    func testApplyFileRefusesWhenALiveTaskChangedAndSendsNoWrite() async throws {
        try workspace.write("main.yml", Manifests.file(Manifests.task("cpu-downsample"), Manifests.task("mem-report", every: "30m")))
        try await applyOK()
        try workspace.write("main.yml", Manifests.file(Manifests.task("cpu-downsample", every: "2h"), Manifests.task("mem-report", every: "30m")))
        let outDir = try Workspace()
        let planFile = outDir.path("plan.json")
        let plan = try await sandbox.cli("plan", [workspace.path("main.yml"), "--out", planFile])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        let before = try await sandbox.task(named: "mem-report")

        // Someone edits mem-report in the UI between plan and apply.
        _ = try await sandbox.api.updateTask(id: before.id, TaskUpdateRequest(status: "active", description: "edited in the UI"))
        let moved = try await sandbox.task(named: "mem-report")
        try await sandbox.clearRequests()

        let apply = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(apply.exitCode, 1, "\(apply)")
        XCTAssertEqual(apply.stdout, "")
        XCTAssertEqual(
            apply.stderr,
            """
            error: saved plan \(planFile) is stale; nothing was applied. Since the plan was made:
              - task "mem-report" (\(before.id)) changed since the plan (updatedAt \(before.updatedAt ?? "unset") → \(moved.updatedAt ?? "unset"))
              hint: make and review a new plan: influxsync plan \(workspace.path("main.yml")) --out \(planFile) --host \(sandbox.baseURL) --token "$INFLUX_TOKEN" --org acme

            """)
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes, [])
        let cpu = try await sandbox.task(named: "cpu-downsample")
        XCTAssertEqual(cpu.every, "1h", "the saved plan's PATCH was not sent")
    }

    /// A shared org: another team (owner label `team-b`) applies its own changes between this
    /// team's plan and apply. The saved plan does not read their tasks' content, so it still
    /// applies; a task of theirs taking one of our declared names makes it stale.
    func testAnotherConfigurationsApplyDoesNotMakeASavedPlanStale() async throws {
        try workspace.write("main.yml", Manifests.task("cpu-downsample"))
        try await applyOK()
        let theirs = try Workspace()
        try theirs.write("b.yml", Manifests.file(Manifests.task("b-report"), Manifests.task("b-rollup")))
        let bApply = { (every: String) async throws -> Void in
            try theirs.write("b.yml", Manifests.file(Manifests.task("b-report", every: every), Manifests.task("b-rollup")))
            let result = try await self.sandbox.cli("apply", [theirs.path(), "--owner-label", "team-b", "--auto-approve"])
            XCTAssertEqual(result.exitCode, 0, "\(result)")
        }
        try await bApply("1h")
        try workspace.write("main.yml", Manifests.task("cpu-downsample", every: "2h"))
        let outDir = try Workspace()
        let planFile = outDir.path("plan.json")
        let plan = try await sandbox.cli("plan", [workspace.path("main.yml"), "--out", planFile])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")

        // Team B edits one of its tasks and adds another.
        try await bApply("3h")
        try theirs.write("c.yml", Manifests.task("b-new"))
        let added = try await sandbox.cli("apply", [theirs.path(), "--owner-label", "team-b", "--auto-approve"])
        XCTAssertEqual(added.exitCode, 0, "\(added)")
        let apply = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        let cpu = try await sandbox.task(named: "cpu-downsample")
        XCTAssertEqual(cpu.every, "2h")

        // A task of theirs renamed to a name this team declares: the plan would match it.
        try workspace.write("main.yml", Manifests.file(Manifests.task("cpu-downsample", every: "2h"), Manifests.task("mem-report")))
        let second = try await sandbox.cli("plan", [workspace.path("main.yml"), "--out", planFile])
        XCTAssertEqual(second.exitCode, 0, "\(second)")
        let bNew = try await sandbox.task(named: "b-new")
        let renamed = bNew.flux.replacingOccurrences(of: "name: \"b-new\"", with: "name: \"mem-report\"")
        XCTAssertNotEqual(renamed, bNew.flux)
        _ = try await sandbox.api.updateTask(id: bNew.id, TaskUpdateRequest(flux: renamed))
        try await sandbox.clearRequests()
        let refused = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(refused.exitCode, 1, "\(refused)")
        XCTAssertTrue(refused.stderr.contains("  - task \"mem-report\" (\(bNew.id)) appeared since the plan\n"), "\(refused)")
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes, [])
    }

    func testApplyFileRefusesWhenTheManifestsChangedOrATaskAppearedOrDisappeared() async throws {
        try workspace.write("main.yml", Manifests.file(Manifests.task("cpu-downsample"), Manifests.task("mem-report", every: "30m")))
        try await applyOK()
        try workspace.write("main.yml", Manifests.file(Manifests.task("cpu-downsample", every: "2h"), Manifests.task("mem-report", every: "30m")))
        let outDir = try Workspace()
        let planFile = outDir.path("plan.json")
        let plan = try await sandbox.cli("plan", [workspace.path("main.yml"), "--out", planFile])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")

        try workspace.write("main.yml", Manifests.file(Manifests.task("cpu-downsample", every: "3h"), Manifests.task("mem-report", every: "30m")))
        let mem = try await sandbox.task(named: "mem-report")
        try await sandbox.api.deleteTask(id: mem.id)
        let ui = try await sandbox.createTask(flux: "option task = {name: \"ui-made\", every: 1h}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n")
        try await sandbox.clearRequests()

        let apply = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(apply.exitCode, 1, "\(apply)")
        XCTAssertEqual(
            apply.stderr,
            """
            error: saved plan \(planFile) is stale; nothing was applied. Since the plan was made:
              - manifest file \(workspace.path("main.yml")) changed
              - task "mem-report" (\(mem.id)) disappeared since the plan
              - task "ui-made" (\(ui.id)) appeared since the plan
              hint: make and review a new plan: influxsync plan \(workspace.path("main.yml")) --out \(planFile) --host \(sandbox.baseURL) --token "$INFLUX_TOKEN" --org acme

            """)
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes, [])
    }

    /// Issue 19: `plan --out` saves the digest of its own read, under `--max-manifest-bytes`:
    /// a manifest over the default 8 MiB cap is planned and saved (the digest used to be made by
    /// reading the files again under the default cap, which refused it), the hint repeats the
    /// cap, and the saved plan is checked under the cap `apply` is given.
    func testPlanOutUnderARaisedSizeCapSavesTheDigestOfItsOwnRead() async throws {
        let comment = "# " + String(repeating: "x", count: 1021) + "\n"
        let padding = String(repeating: comment, count: ManifestLimits.default.maxFileBytes / comment.utf8.count + 1)
        let big = try workspace.write("big.yml", Manifests.file(Manifests.label("team-ops")) + padding)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: big)[.size] as? Int)
        XCTAssertGreaterThan(size, ManifestLimits.default.maxFileBytes)
        let outDir = try Workspace()
        let planFile = outDir.path("plan.json")
        let plan = try await sandbox.cli("plan", [big, "--max-manifest-bytes", "16777216", "--out", planFile])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        XCTAssertEqual(
            plan.stderr,
            """
            Saved the plan to \(planFile).
              hint: apply exactly this plan with: influxsync apply \(planFile) --host \(sandbox.baseURL) --token "$INFLUX_TOKEN" --org acme --max-manifest-bytes 16777216

            """)
        let saved = try SavedPlan.decode(Data(contentsOf: URL(fileURLWithPath: planFile)), source: planFile)
        XCTAssertEqual(saved.manifestDigest, try ManifestDigest.compute(paths: [big], limits: ManifestLimits(maxFileBytes: 16_777_216)))
        XCTAssertEqual(saved.manifestDigest.files.map(\.path), [big])

        // Under the default cap the manifests cannot be checked again: nothing is applied.
        let unchecked = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(unchecked.exitCode, 1, "\(unchecked)")
        XCTAssertEqual(
            unchecked.stderr,
            """
            error: saved plan \(planFile) is stale; nothing was applied. Since the plan was made:
              - the manifests cannot be read again: \(big): file is \(size) bytes, over the manifest size cap of 8388608 bytes (8 MiB)
              hint: make and review a new plan: influxsync plan \(big) --out \(planFile) --host \(sandbox.baseURL) --token "$INFLUX_TOKEN" --org acme

            """)
        let refused = try await sandbox.resourceWrites()
        XCTAssertEqual(refused, [])

        let apply = try await sandbox.cli("apply", [planFile, "--max-manifest-bytes", "16777216"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        XCTAssertEqual(
            apply.stdout,
            """
            + Label "team-ops" (\(big):1:1)
                name:  "team-ops"
                color: "#326BBA"

            Plan: 1 to add, 0 to change, 0 to destroy.

            done           + Label "team-ops"
            Apply complete: 1 change done.

            """)
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes.count, saved.plan.operations.count)
    }

    /// Standard input has no digest: `plan - --out FILE` saves nothing and says why.
    func testPlanOutFromStandardInputSavesNothing() async throws {
        let outDir = try Workspace()
        let planFile = outDir.path("plan.json")
        let plan = try await sandbox.cli("plan", ["-", "--out", planFile], input: Manifests.file(Manifests.label("team-ops")))
        XCTAssertEqual(plan.exitCode, 1, "\(plan)")
        XCTAssertEqual(plan.stdout, "")
        XCTAssertEqual(
            plan.stderr, "error: cannot save the plan to \(planFile): standard input (-) cannot be read again to check a saved plan; pass manifest files or directories instead\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: planFile))
    }

    /// Issue 9: the saved-plan workflow every CI guide shows, run from the manifest directory:
    /// `plan . --out plan.json --sandbox S && apply plan.json --sandbox S`. The plan file (and
    /// the sandbox's own state file, and a JSON plan report) sit among the manifests; they are
    /// recognised, left out of loading and of the manifest digest, with one note.
    func testSavedPlanInsideTheManifestDirectoryApplies() async throws {
        try workspace.write("main.yml", Manifests.file(Manifests.label("team-ops"), Manifests.task("cpu-downsample", labels: ["team-ops"])))
        let dir = workspace.root
        let first = try await CLIProcess.run(["plan", ".", "--out", "plan.json", "--sandbox", "state.json"], environment: ["NO_COLOR": "1"], directory: dir)
        XCTAssertEqual(first.exitCode, 0, "\(first)")
        XCTAssertEqual(
            first.stderr,
            """
            note: skipped 1 file influxsync wrote (./state.json: sandbox state file); they are never read as manifests
            Saved the plan to plan.json.
              hint: apply exactly this plan with: influxsync apply plan.json --sandbox state.json

            """)
        // A JSON plan report written into the same directory, as CI jobs do.
        let report = try await CLIProcess.run(["plan", ".", "--format", "json", "--sandbox", "state.json"], environment: ["NO_COLOR": "1"], directory: dir)
        XCTAssertEqual(report.exitCode, 0, "\(report)")
        try workspace.write("plan-report.json", report.stdout)
        XCTAssertEqual(report.stderr, "note: skipped 2 files influxsync wrote (./plan.json: saved plan, ./state.json: sandbox state file); they are never read as manifests\n")

        let apply = try await CLIProcess.run(["apply", "plan.json", "--sandbox", "state.json"], environment: ["NO_COLOR": "1"], directory: dir)
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        XCTAssertTrue(apply.stdout.hasSuffix("Apply complete: 3 changes done.\n"), "\(apply)")
        XCTAssertEqual(apply.stderr, "")

        // (--no-server-checks: the sandbox has no "telegraf" bucket; that check is ServerCheckTests'.)
        let after = try await CLIProcess.run(["plan", ".", "--sandbox", "state.json", "--detailed-exitcode", "--no-server-checks"], environment: ["NO_COLOR": "1"], directory: dir)
        XCTAssertEqual(after.exitCode, 0, "\(after)")
        XCTAssertEqual(after.stdout, "No changes. Live state matches the manifests.\n")
        XCTAssertEqual(
            after.stderr,
            """
            note: skipped 3 files influxsync wrote (./plan-report.json: JSON plan, ./plan.json: saved plan, ./state.json: sandbox state file); they are never read as manifests

            """)

        // Named explicitly, a file influxsync wrote is refused, with the command that applies it.
        let named = try await CLIProcess.run(["plan", "plan.json", "plan-report.json", "--sandbox", "state.json"], environment: ["NO_COLOR": "1"], directory: dir)
        XCTAssertEqual(named.exitCode, 1, "\(named)")
        XCTAssertEqual(
            named.stderr,
            """
            plan.json:1:1: error: this is a saved plan that influxsync wrote, not a manifest
                hint: apply a saved plan with `influxsync apply plan.json`; pass the manifest files or directories to plan
            plan-report.json:1:1: error: this is a JSON plan that influxsync wrote, not a manifest
                hint: pass the manifest files or directories instead
            2 errors in the manifests.

            """)
    }

    /// Issue 9: `apply --format json` prints exactly one JSON document on standard output: the
    /// plan, each change's outcome, and the first failure.
    func testApplyFormatJSONPrintsOneDocumentWithOutcomes() async throws {
        try workspace.write(
            "main.yml", Manifests.file(Manifests.label("team-ops"), Manifests.task("cpu-downsample", labels: ["team-ops"]), Manifests.task("mem-report", every: "30m")))
        try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","skip":1,"count":1,"status":400,"message":"boom"}"#)
        // One request at a time (--parallelism 1): the fault hits the second create in plan order.
        let failed = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--format", "json", "--parallelism", "1"])
        XCTAssertEqual(failed.exitCode, 1, "\(failed)")
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(failed.stdout.utf8)) as? [String: Any], "\(failed)")
        XCTAssertEqual(doc["result"] as? String, "failed")
        let outcomes = try XCTUnwrap(doc["outcomes"] as? [[String: Any]])
        XCTAssertEqual(
            outcomes.map { "\($0["action"]!) \(($0["resource"] as! [String: Any])["name"]!) \($0["outcome"]!)" },
            ["create influxsync done", "create team-ops done", "create cpu-downsample partially done", "create mem-report failed"])
        let failure = try XCTUnwrap(doc["failure"] as? [String: Any])
        XCTAssertEqual(failure["method"] as? String, "POST")
        XCTAssertEqual(failure["path"] as? String, "/api/v2/tasks")
        XCTAssertEqual(failure["status"] as? Int, 400)
        XCTAssertEqual(failure["code"] as? String, "invalid")
        XCTAssertEqual(failure["message"] as? String, "boom")
        XCTAssertEqual((doc["plan"] as? [String: Any])?["hasChanges"] as? Bool, true)
        XCTAssertEqual(failed.stderr, "error: Task \"mem-report\": POST /api/v2/tasks: 400 invalid: boom\n")

        let rerun = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--format", "json"])
        XCTAssertEqual(rerun.exitCode, 0, "\(rerun)")
        let second = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(rerun.stdout.utf8)) as? [String: Any], "\(rerun)")
        XCTAssertEqual(second["result"] as? String, "applied")
        XCTAssertEqual(second["summary"] as? [String: Int], ["done": 2, "partiallyDone": 0, "failed": 0, "notAttempted": 0])
        XCTAssertTrue(second["failure"] is NSNull)

        let none = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--format", "json"])
        XCTAssertEqual(none.exitCode, 0, "\(none)")
        let third = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(none.stdout.utf8)) as? [String: Any], "\(none)")
        XCTAssertEqual(third["result"] as? String, "no changes")
        XCTAssertEqual(none.stderr, "")
    }

    func testApplyFileNamesAFileThatIsNotASavedPlanVersion() async throws {
        let planFile = try workspace.write("plan.json", "{\"formatVersion\": 7, \"plan\": {}}")
        let apply = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(apply.exitCode, 1, "\(apply)")
        XCTAssertEqual(apply.stderr, "error: \(planFile): saved plan formatVersion 7 is not supported; this influxsync reads formatVersion 1 and 2\n")
        let requests = try await sandbox.requests()
        XCTAssertEqual(requests, [])
    }

    // MARK: - Exit codes and formats

    func testPlanDetailedExitCodeIsZeroTwoOne() async throws {
        try workspace.write("main.yml", Manifests.task("cpu-downsample"))
        let changes = try await sandbox.cli("plan", [workspace.path(), "--detailed-exitcode"])
        XCTAssertEqual(changes.exitCode, 2, "\(changes)")
        try await applyOK()
        let none = try await sandbox.cli("plan", [workspace.path(), "--detailed-exitcode"])
        XCTAssertEqual(none.exitCode, 0, "\(none)")
        let error = try await CLIProcess.run(
            ["plan", workspace.path(), "--detailed-exitcode", "--host", sandbox.baseURL, "--token", "wrong", "--org", SandboxHarness.org], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(error.exitCode, 1, "\(error)")
        XCTAssertTrue(error.stderr.hasPrefix("error: cannot read the live state: GET /api/v2/orgs?org=acme: 401 unauthorized: unauthorized access\n"), "\(error)")
    }

    func testJSONAndMarkdownFormatsAndTheStepSummary() async throws {
        try workspace.write("main.yml", Manifests.file(Manifests.label("team-ops"), Manifests.task("cpu-downsample", labels: ["team-ops"])))
        let summary = workspace.path("summary.md")
        try "previous step\n".write(toFile: summary, atomically: true, encoding: .utf8)
        let json = try await sandbox.cli(
            "plan", [workspace.path(), "--format", "json", "--detailed-exitcode"],
            environment: ["GITHUB_STEP_SUMMARY": summary])
        XCTAssertEqual(json.exitCode, 2, "\(json)")
        XCTAssertEqual(json.stderr, "")
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["formatVersion"] as? Int, 1)
        XCTAssertEqual(object["hasChanges"] as? Bool, true)
        XCTAssertEqual((object["summary"] as? [String: Int])?["add"], 3, "owner label, team-ops, cpu-downsample")
        XCTAssertFalse(json.stdout.contains("\u{1B}["))

        let markdown = try String(contentsOfFile: summary, encoding: .utf8)
        XCTAssertTrue(markdown.hasPrefix("previous step\n## influxsync plan\n\n**Plan: 3 to add, 0 to change, 0 to destroy.**\n"), markdown)

        let md = try await sandbox.cli("plan", [workspace.path(), "--format", "markdown"])
        XCTAssertEqual(md.exitCode, 0, "\(md)")
        XCTAssertTrue(md.stdout.hasPrefix("## influxsync plan\n\n**Plan: 3 to add, 0 to change, 0 to destroy.**\n"), md.stdout)
        XCTAssertEqual(md.stdout.components(separatedBy: "<details>").count - 1, 3)
    }

    func testGitHubActionsAnnotationsForValidationErrors() async throws {
        let path = try workspace.write(
            "bad.yml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: cpu
            spec:
              evrey: 1h
              query: 'from(bucket: "b") |> range(start: -1h)'

            """)
        let result = try await CLIProcess.run(["validate", path], environment: ["GITHUB_ACTIONS": "true", "NO_COLOR": "1"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        let annotations = result.stderr.split(separator: "\n").filter { $0.hasPrefix("::error ") }
        XCTAssertFalse(annotations.isEmpty, "\(result)")
        XCTAssertTrue(annotations.contains { $0.hasPrefix("::error file=\(path.replacingOccurrences(of: ":", with: "%3A")),line=6,col=") }, "\(result)")
        let plain = try await CLIProcess.run(["validate", path], environment: ["NO_COLOR": "1"])
        XCTAssertFalse(plain.stderr.contains("::error"), "\(plain)")
    }

    // MARK: - Drift

    /// Sets up one of each drift case; returns the IDs by task name.
    func makeDrift() async throws -> [String: String] {
        try workspace.write(
            "main.yml",
            Manifests.file(
                Manifests.task("patched"), Manifests.task("deleted"), Manifests.task("undeclared"), Manifests.task("failing"), Manifests.task("healthy")))
        try await applyOK()
        var ids: [String: String] = [:]
        for task in try await sandbox.tasks() { ids[task.name] = task.id }
        // 1. PATCHed outside git.
        let patched = try await sandbox.task(named: "patched")
        let option = try XCTUnwrap(patched.flux.range(of: "every: 1h"), patched.flux)
        _ = try await sandbox.api.updateTask(id: patched.id, TaskUpdateRequest(flux: patched.flux.replacingCharacters(in: option, with: "every: 2h"), status: "active"))
        // 2. Deleted outside git.
        try await sandbox.api.deleteTask(id: ids["deleted"]!)
        // 3. Unmanaged.
        let ui = try await sandbox.createTask(flux: "option task = {name: \"ui-made\", every: 1h}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n")
        ids["ui-made"] = ui.id
        // 4. Owned, removed from git.
        try workspace.write("main.yml", Manifests.file(Manifests.task("patched"), Manifests.task("deleted"), Manifests.task("failing"), Manifests.task("healthy")))
        // 5. Last run failed (through the sandbox control API, then one manual run).
        let failing = ids["failing"]!
        let (status, body) = try await sandbox.raw("PUT", "/sandbox/tasks/\(failing)/failure", json: "{\"message\": \"could not find bucket \\\"telegraf\\\"\"}")
        XCTAssertEqual(status, 204, String(decoding: body, as: UTF8.self))
        let (runStatus, runBody) = try await sandbox.raw("POST", "/api/v2/tasks/\(failing)/runs")
        XCTAssertEqual(runStatus, 201, String(decoding: runBody, as: UTF8.self))
        var attempts = 0
        while try await sandbox.api.getTask(id: failing).lastRunStatus != "failed" {
            attempts += 1
            guard attempts < 200 else { XCTFail("the forced run never completed"); break }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return ids
    }

    func testDriftFindsEachCaseOnceWithTheRightExitCodes() async throws {
        let ids = try await makeDrift()
        try await sandbox.clearRequests()
        let json = try await sandbox.cli("drift", [workspace.path(), "--format", "json"])
        XCTAssertEqual(json.exitCode, 0, "\(json)")
        let driftWrites = try await sandbox.writes()
        XCTAssertEqual(driftWrites, [], "drift only reads")
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
        let pairs = findings.map { f -> String in
            let r = f["resource"] as? [String: Any]
            return "\(f["kind"] as? String ?? "?") \(r?["name"] as? String ?? "?")"
        }
        XCTAssertEqual(pairs.sorted(), ["changed patched", "missing deleted", "owned-undeclared undeclared", "unmanaged ui-made"])
        let changed = try XCTUnwrap(findings.first { $0["kind"] as? String == "changed" })
        XCTAssertEqual(changed["fields"] as? [[String: String]], [["field": "every", "live": "2h", "manifests": "1h"]])
        let health = try XCTUnwrap(report["runHealth"] as? [[String: Any]])
        XCTAssertEqual(health.compactMap { ($0["task"] as? [String: Any])?["name"] as? String }.sorted(), ["failing", "healthy", "patched"])
        let failing = try XCTUnwrap(health.first { ($0["task"] as? [String: Any])?["id"] as? String == ids["failing"] })
        XCTAssertEqual(failing["failing"] as? Bool, true)
        XCTAssertEqual(failing["lastRunStatus"] as? String, "failed")
        XCTAssertEqual(health.filter { $0["failing"] as? Bool == true }.count, 1)
        XCTAssertEqual(health.filter { $0["missed"] as? Bool == true }.count, 0)
        XCTAssertEqual(
            report["summary"] as? [String: Int],
            [
                "changed": 1, "missing": 1, "unmanaged": 1, "ownedUndeclared": 1, "notOwned": 0, "duplicate": 0, "failing": 1, "missed": 0,
                "stuck": 0, "notStarted": 0, "unavailable": 0, "managedTasks": 3,
            ])

        // Exit codes under --fail-on and --detailed-exitcode.
        for (flags, code) in [
            ([String](), Int32(0)), (["--fail-on", "drift"], 2), (["--fail-on", "failing"], 2), (["--fail-on", "missed"], 0),
            (["--fail-on", "unmanaged"], 2), (["--fail-on", "drift,failing,missed"], 2), (["--detailed-exitcode"], 2),
            (["--fail-on", "unavailable"], 0),
        ] {
            let result = try await sandbox.cli("drift", [workspace.path()] + flags)
            XCTAssertEqual(result.exitCode, code, "drift \(flags): \(result)")
        }
        let badCategory = try await sandbox.cli("drift", [workspace.path(), "--fail-on", "drfit"])
        XCTAssertEqual(badCategory.exitCode, 1, "\(badCategory)")
        XCTAssertTrue(badCategory.stderr.contains("--fail-on: unknown category \"drfit\"; use drift, unmanaged, failing, missed, unavailable or all\n"), "\(badCategory)")
    }

    func testDriftTextReportAndCleanOrg() async throws {
        let ids = try await makeDrift()
        let text = try await sandbox.cli("drift", [workspace.path()])
        XCTAssertEqual(text.exitCode, 0, "\(text)")
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(lines.contains("- Task \"undeclared\" (\(ids["undeclared"]!)) is owned but declared by no manifest (apply --prune would delete it)"), text.stdout)
        XCTAssertTrue(lines.contains("? Task \"ui-made\" (\(ids["ui-made"]!)) is unmanaged: in the org, declared by no manifest, not owned"), text.stdout)
        XCTAssertTrue(lines.contains("    every: live \"2h\", manifests \"1h\""), text.stdout)
        // The error is the failed run's last log line, not the task's lastRunError placeholder
        // `Completed(failed)` (influxdb-api.md §12.2).
        XCTAssertTrue(lines.contains("      error: could not find bucket \"telegraf\""), text.stdout)
        XCTAssertFalse(text.stdout.contains("Completed(failed)"), text.stdout)
        let orgID = try await sandbox.orgID()
        XCTAssertTrue(lines[0].hasPrefix("Drift report for org \(SandboxHarness.org) (\(orgID)) (owner label"), lines[0])
        XCTAssertEqual(lines.filter { $0.hasPrefix("  FAILING ") }.count, 1, text.stdout)
        XCTAssertTrue(
            text.stdout.hasSuffix("1 changed, 1 missing, 1 unmanaged, 1 owned but undeclared, 0 not owned; 1 failing, 0 missed (3 managed tasks checked).\n"), text.stdout)

        // Markdown on stdout and in the GitHub job summary.
        let summary = workspace.path("summary.md")
        let md = try await sandbox.cli("drift", [workspace.path("main.yml"), "--format", "markdown"], environment: ["GITHUB_STEP_SUMMARY": summary])
        XCTAssertEqual(md.exitCode, 0, "\(md)")
        XCTAssertTrue(
            md.stdout.hasPrefix(
                "## influxsync drift report\n\n**1 changed, 1 missing, 1 unmanaged, 1 owned but undeclared, 0 not owned; 1 failing, 0 missed (3 managed tasks checked).**\n"),
            md.stdout)
        XCTAssertEqual(md.stdout.components(separatedBy: "<details>").count - 1, 4)
        XCTAssertEqual(try String(contentsOfFile: summary, encoding: .utf8), md.stdout + "\n")

        // A clean org: drift --detailed-exitcode exits 0.
        let clean = try Workspace()
        try clean.write("main.yml", Manifests.task("solo"))
        let fresh = try await SandboxHarness.start()
        let apply = try await fresh.cli("apply", [clean.path(), "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        let none = try await fresh.cli("drift", [clean.path(), "--detailed-exitcode", "--fail-on", "all"])
        XCTAssertEqual(none.exitCode, 0, "\(none)")
        XCTAssertTrue(none.stdout.contains("No drift: the live org matches the manifests.\n"), "\(none)")
        let error = try await CLIProcess.run(["drift", clean.path(), "--detailed-exitcode", "--host", fresh.baseURL, "--token", "wrong", "--org", SandboxHarness.org])
        XCTAssertEqual(error.exitCode, 1, "\(error)")
        try await fresh.stop()
    }
}
