import Foundation
import InfluxAPI
import XCTest

/// Issue 21 items 10 and 11: the `policies` of influxsync.yaml through plan, apply, saved plans
/// and drift, with the real binary run in the directory that holds influxsync.yaml (no
/// `--target`: the file's policies apply to every plan made there).
final class PolicyTests: SandboxTestCase {
    private var repo: URL { URL(fileURLWithPath: workspace.path("repo")) }

    private func run(_ subcommand: String, _ arguments: [String]) async throws -> CLIResult {
        try await CLIProcess.run([subcommand] + arguments + sandbox.connectionArguments, environment: ["NO_COLOR": "1"], directory: repo)
    }

    /// On-call pauses a noisy task in the UI; with `ignore … fields: [status]` the next plan has
    /// no change (exit 0 with --detailed-exitcode), apply leaves it paused and writes nothing,
    /// and drift reports it only with --include-ignored.
    func testAStatusChangedInTheUIStaysWhenStatusIsIgnored() async throws {
        try workspace.write(
            "repo/influxsync.yaml",
            """
            policies:
              ignore:
                - tasks: ["noisy-*"]
                  fields: [status]

            """)
        try workspace.write("repo/tasks/noisy.yaml", Manifests.task("noisy-cpu"))
        let applied = try await run("apply", ["tasks", "--auto-approve"])
        XCTAssertEqual(applied.exitCode, 0, applied.description)
        let id = try await sandbox.task(named: "noisy-cpu").id
        _ = try await sandbox.api.updateTask(id: id, TaskUpdateRequest(status: "inactive"))  // on-call, in the UI

        let plan = try await run("plan", ["tasks", "--detailed-exitcode"])
        XCTAssertEqual(plan.exitCode, 0, plan.description)
        let shown = """
            Ignored by policy (the live value is kept; nothing is sent):
                Task "noisy-cpu" \(id) (tasks/noisy.yaml:1:1)
                  status: live "inactive", manifest "active" (influxsync.yaml:3)

            No changes. Live state matches the manifests, except for differences the policies ignore.

            """
        XCTAssertEqual(plan.stdout, shown)

        try await sandbox.clearRequests()
        let again = try await run("apply", ["tasks", "--auto-approve"])
        XCTAssertEqual(again.exitCode, 0, again.description)
        XCTAssertEqual(again.stdout, shown)
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes, [])
        let task = try await sandbox.task(named: "noisy-cpu")
        XCTAssertEqual(task.status, "inactive")

        let json = try await run("plan", ["tasks", "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(document["hasChanges"] as? Bool, false)
        XCTAssertEqual((document["changes"] as? [Any])?.count, 0)
        let ignored = try XCTUnwrap(document["ignored"] as? [[String: Any]])
        XCTAssertEqual(ignored.count, 1)
        XCTAssertEqual((ignored[0]["resource"] as? [String: Any])?["id"] as? String, id)
        XCTAssertEqual(ignored[0]["fields"] as? [[String: String]], [["field": "status", "live": "inactive", "manifest": "active", "rule": "influxsync.yaml:3"]])

        let markdown = try await run("plan", ["tasks", "--format", "markdown"])
        let orgID = try await sandbox.orgID()
        XCTAssertEqual(
            markdown.stdout,
            """
            ## influxsync plan

            **No changes. Live state matches the manifests, except for differences the policies ignore.**

            | Add | Change | Destroy | Adopt | Would prune |
            |---:|---:|---:|---:|---:|
            | 0 | 0 | 0 | 0 | 0 |

            ### Ignored by policy (1)

            The live value is kept and nothing is sent (`policies.ignore` of influxsync.yaml).

            | Resource | Field | Live (kept) | Manifest | Rule |
            |---|---|---|---|---|
            | Task <code>noisy-cpu</code> (<code>\(id)</code>) | <code>status</code> | <code>inactive</code> | <code>active</code> | <code>influxsync.yaml:3</code> |

            <sub>org <code>\(orgID)</code> · owner label <code>influxsync</code> · rendered by influxsync</sub>

            """)

        let drift = try await run("drift", ["tasks", "--detailed-exitcode"])
        XCTAssertEqual(drift.exitCode, 0, drift.description)
        // The whole report; times are the sandbox clock's, shown as <time>.
        XCTAssertEqual(
            VaryingText.times(drift.stdout),
            """
            Drift report for org acme (\(orgID)) (owner label "influxsync") at <time>

            No drift: the live org matches the manifests.

            Run health (1 managed task):
              inactive Task "noisy-cpu" (\(id)) every 1h: last run none, latest completed <time>

            0 changed, 0 missing, 0 unmanaged, 0 owned but undeclared, 0 not owned; 0 failing, 0 missed (1 managed task checked).

            """)
        let withIgnored = try await run("drift", ["tasks", "--include-ignored", "--detailed-exitcode"])
        XCTAssertEqual(withIgnored.exitCode, 0, withIgnored.description)
        XCTAssertEqual(
            VaryingText.times(withIgnored.stdout),
            """
            Drift report for org acme (\(orgID)) (owner label "influxsync") at <time>

            # Task "noisy-cpu" (\(id)) differs [tasks/noisy.yaml:1:1] in fields an ignore policy keeps live (influxsync.yaml:3); apply leaves them:
                status: live "inactive", manifests "active"

            Run health (1 managed task):
              inactive Task "noisy-cpu" (\(id)) every 1h: last run none, latest completed <time>

            0 changed, 0 missing, 0 unmanaged, 0 owned but undeclared, 0 not owned, 1 with ignored differences; 0 failing, 0 missed (1 managed task checked).

            """)

        // Without the policy (planned from a directory without influxsync.yaml) the pause is a change.
        let elsewhere = try await CLIProcess.run(
            ["plan", workspace.path("repo/tasks"), "--detailed-exitcode"] + sandbox.connectionArguments,
            environment: ["NO_COLOR": "1"], directory: URL(fileURLWithPath: workspace.path()))
        XCTAssertEqual(elsewhere.exitCode, 2, elsewhere.description)
        XCTAssertEqual(
            elsewhere.stdout,
            """
            ~ Task "noisy-cpu" \(id) (\(workspace.path("repo/tasks/noisy.yaml")):1:1)
                status: inactive → active

            Plan: 0 to add, 1 to change, 0 to destroy.

            """)
    }

    /// A prune of a protected task is refused by plan and apply (exit 1, naming the rule and the
    /// task), and apply sends no write at all: not even the lock.
    func testPruningAProtectedTaskIsRefusedWithoutAnyWrite() async throws {
        try workspace.write(
            "repo/influxsync.yaml",
            """
            policies:
              protect:
                - tasks: ["billing-*"]

            """)
        try workspace.write("repo/tasks/billing.yaml", Manifests.task("billing-daily"))
        try workspace.write("repo/tasks/cpu.yaml", Manifests.task("cpu"))
        let applied = try await run("apply", ["tasks", "--auto-approve"])
        XCTAssertEqual(applied.exitCode, 0, applied.description)
        let id = try await sandbox.task(named: "billing-daily").id
        try workspace.remove("repo/tasks/billing.yaml")

        let refusal = """
            error: influxsync.yaml:3: protect rule (tasks: billing-*) forbids deleting task "billing-daily" (\(id)), which this plan deletes (owned, declared by no manifest, --prune); nothing is deleted whatever --prune says
              hint: declare it again (a renamed task keeps its ID when its old name is in spec.previousNames), or remove the rule from influxsync.yaml
            No plan was made; nothing was changed.

            """
        try await sandbox.clearRequests()
        let apply = try await run("apply", ["tasks", "--prune", "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 1, apply.description)
        XCTAssertEqual(apply.stderr, refusal)
        XCTAssertEqual(apply.stdout, "")
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes, [])
        let tasks = try await sandbox.tasks()
        XCTAssertEqual(tasks.map(\.name).sorted(), ["billing-daily", "cpu"])

        let plan = try await run("plan", ["tasks", "--prune"])
        XCTAssertEqual(plan.exitCode, 1, plan.description)
        XCTAssertEqual(plan.stderr, refusal)
        let allTargets = try await CLIProcess.run(["plan", "--all-targets"], environment: ["NO_COLOR": "1"], directory: repo)
        XCTAssertEqual(allTargets.exitCode, 1, allTargets.description)
        XCTAssertEqual(
            allTargets.stderr,
            "error: --all-targets needs targets, and influxsync.yaml declares none (only policies)\n  hint: add entries under `targets:` in influxsync.yaml (see the README, \"Targets\")\n"
        )
        // Without --prune nothing is deleted, so the plan is made.
        let withoutPrune = try await run("plan", ["tasks", "--detailed-exitcode"])
        XCTAssertEqual(withoutPrune.exitCode, 0, withoutPrune.description)
        XCTAssertTrue(
            withoutPrune.stdout.hasPrefix(
                """
                ? Task "billing-daily" \(id) (would prune)
                    owned by "influxsync", declared by no manifest; protected by influxsync.yaml:3: --prune refuses to delete it

                """), withoutPrune.stdout)
    }

    /// A saved plan records the policies it was made with and applies exactly what it showed,
    /// even after the ignore rule is gone; a protect rule added after saving is still enforced
    /// at apply, before any write.
    func testSavedPlansKeepTheirIgnoredFieldsAndObeyAProtectRuleAddedLater() async throws {
        try workspace.write("repo/influxsync.yaml", "policies:\n  ignore:\n    - withLabels: [influxsync]\n      fields: [status]\n")
        try workspace.write("repo/tasks/noisy.yaml", Manifests.task("noisy"))
        try workspace.write("repo/tasks/old.yaml", Manifests.task("old-report"))
        let applied = try await run("apply", ["tasks", "--auto-approve"])
        XCTAssertEqual(applied.exitCode, 0, applied.description)
        let noisy = try await sandbox.task(named: "noisy")
        _ = try await sandbox.api.updateTask(id: noisy.id, TaskUpdateRequest(status: "inactive"))

        // A description edit and a prune, saved; the status difference is ignored.
        try workspace.write("repo/tasks/noisy.yaml", Manifests.task("noisy", description: "from git"))
        try workspace.remove("repo/tasks/old.yaml")
        let saved = try await run("plan", ["tasks", "--prune", "--out", "plan.json"])
        XCTAssertEqual(saved.exitCode, 0, saved.description)
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: repo.appendingPathComponent("plan.json"))) as! [String: Any]
        let policies = try XCTUnwrap(document["policies"] as? [String: Any])
        XCTAssertEqual((policies["ignore"] as? [[String: Any]])?.map { $0["location"] as? String }, ["influxsync.yaml:3"])

        // Later: the ignore rule is dropped and a protect rule added.
        try workspace.write("repo/influxsync.yaml", "policies:\n  protect:\n    - tasks: old-*\n")
        try await sandbox.clearRequests()
        let refused = try await run("apply", ["plan.json"])
        XCTAssertEqual(refused.exitCode, 1, refused.description)
        let oldID = try await sandbox.task(named: "old-report").id
        XCTAssertEqual(
            refused.stderr,
            """
            error: influxsync.yaml:3: protect rule (tasks: old-*) forbids deleting task "old-report" (\(oldID)), which this plan deletes (owned, declared by no manifest, --prune); nothing is deleted whatever --prune says
              hint: declare it again (a renamed task keeps its ID when its old name is in spec.previousNames), or remove the rule from influxsync.yaml
            Saved plan plan.json was not applied; nothing was changed.

            """)
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes, [])

        // Without the protect rule the saved plan applies exactly as shown: the status stays paused.
        try workspace.write("repo/influxsync.yaml", "policies: {}\n")
        let apply = try await run("apply", ["plan.json"])
        XCTAssertEqual(apply.exitCode, 0, apply.description)
        let after = try await sandbox.task(named: "noisy")
        XCTAssertEqual(after.status, "inactive")
        XCTAssertEqual(after.description, "from git")
        let names = try await sandbox.tasks().map(\.name)
        XCTAssertEqual(names, ["noisy"])
        // Run again (a retried CI job): the saved plan's own ignore rule still holds, so the live
        // state matches and there is nothing left to do.
        let rerun = try await run("apply", ["plan.json"])
        XCTAssertEqual(rerun.exitCode, 0, rerun.description)
        XCTAssertEqual(rerun.stdout, "Saved plan plan.json was already applied: the live state matches its manifests, which have not changed. Nothing to do.\n")
    }

    /// A target inherits the top-level rules and adds its own: its protect rule guards
    /// `apply --target`, and `plan --all-targets` follows the same rules per target.
    func testATargetAddsItsOwnRulesToTheTopLevelOnes() async throws {
        try workspace.write(
            "repo/influxsync.yaml",
            """
            policies:
              ignore:
                - tasks: cpu
                  fields: [description]
            targets:
              prod:
                host: \(sandbox.baseURL)
                org: \(SandboxHarness.org)
                tokenEnv: TOKEN_PROD
                manifests: [tasks]
                policies:
                  protect:
                    - withLabels: [prod]

            """)
        try workspace.write("repo/tasks/labels.yaml", Manifests.label("prod"))
        try workspace.write("repo/tasks/cpu.yaml", Manifests.task("cpu", description: "from git"))
        try workspace.write("repo/tasks/billing.yaml", Manifests.task("billing", labels: ["prod"]))
        let environment = ["NO_COLOR": "1", "TOKEN_PROD": SandboxHarness.token]
        let applied = try await CLIProcess.run(["apply", "--target", "prod", "--auto-approve"], environment: environment, directory: repo)
        XCTAssertEqual(applied.exitCode, 0, applied.description)
        let cpu = try await sandbox.task(named: "cpu")
        _ = try await sandbox.api.updateTask(id: cpu.id, TaskUpdateRequest(status: "active", description: "edited in the UI"))
        let billing = try await sandbox.task(named: "billing")
        try workspace.remove("repo/tasks/billing.yaml")

        try await sandbox.clearRequests()
        let refused = try await CLIProcess.run(["apply", "--target", "prod", "--prune", "--auto-approve"], environment: environment, directory: repo)
        XCTAssertEqual(refused.exitCode, 1, refused.description)
        XCTAssertEqual(
            refused.stderr,
            """
            error: influxsync.yaml:13: protect rule (withLabels: prod) forbids deleting task "billing" (\(billing.id)), which this plan deletes (owned, declared by no manifest, --prune); nothing is deleted whatever --prune says
              hint: declare it again (a renamed task keeps its ID when its old name is in spec.previousNames), or remove the rule from influxsync.yaml
            No plan was made; nothing was changed.

            """)
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes, [])

        let all = try await CLIProcess.run(["plan", "--all-targets", "--detailed-exitcode"], environment: environment, directory: repo)
        XCTAssertEqual(all.exitCode, 0, all.description)  // ignored and would-prune: nothing to send
        XCTAssertEqual(
            all.stdout,
            """
            === target prod ===
            ? Task "billing" \(billing.id) (would prune)
                owned by "influxsync", declared by no manifest; protected by influxsync.yaml:13: --prune refuses to delete it

            Ignored by policy (the live value is kept; nothing is sent):
                Task "cpu" \(cpu.id) (tasks/cpu.yaml:1:1)
                  description: live "edited in the UI", manifest "from git" (influxsync.yaml:3)

            No changes. Live state matches the manifests, except for differences the policies ignore.
            1 owned resource declared by no manifest would be pruned with --prune.

            Targets: prod: no changes.

            """)
    }

    /// A schedule and a label changed in the UI stay when `schedule` and `labels` are ignored,
    /// also when the query changes in git: the script is sent with the live schedule, no
    /// association is touched, and the next plan has nothing to send.
    func testAScheduleAndALabelChangedInTheUIStayWhileTheQueryChanges() async throws {
        try workspace.write(
            "repo/influxsync.yaml",
            """
            policies:
              ignore:
                - withLabels: [team-ops]
                  fields: [schedule, labels]

            """)
        try workspace.write("repo/tasks/labels.yaml", Manifests.label("team-ops"))
        try workspace.write("repo/tasks/cpu.yaml", Manifests.task("cpu", labels: ["team-ops"]))
        let applied = try await run("apply", ["tasks", "--auto-approve"])
        XCTAssertEqual(applied.exitCode, 0, applied.description)
        let id = try await sandbox.task(named: "cpu").id
        // In the UI: every 1h → 30m (the server edits the script), and a label added.
        var edit = TaskUpdateRequest(status: "active")
        edit.every = "30m"
        _ = try await sandbox.api.updateTask(id: id, edit)
        let onCall = try await sandbox.api.createLabel(LabelCreateRequest(orgID: try await sandbox.orgID(), name: "on-call", properties: [:]))
        try await sandbox.api.addTaskLabel(taskID: id, labelID: onCall.id)

        try workspace.write("repo/tasks/cpu.yaml", Manifests.task("cpu", labels: ["team-ops"], query: Manifests.cpuQuery.replacingOccurrences(of: "mean", with: "max")))
        try await sandbox.clearRequests()
        let apply = try await run("apply", ["tasks", "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, apply.description)
        XCTAssertEqual(
            apply.stdout,
            """
            ~ Task "cpu" \(id) (tasks/cpu.yaml:1:1)
                query:
                  --- live
                  +++ manifest
                  @@ -1,5 +1,5 @@
                   from(bucket: "telegraf")
                       |> range(start: -task.every)
                       |> filter(fn: (r) => r._measurement == "cpu")
                  -    |> aggregateWindow(every: 1h, fn: mean)
                  +    |> aggregateWindow(every: 1h, fn: max)
                       |> to(bucket: "telegraf-downsampled")

            Ignored by policy (the live value is kept; nothing is sent):
                Task "cpu" \(id) (tasks/cpu.yaml:1:1)
                  every: live "30m", manifest "1h" (influxsync.yaml:3)
                  labels: live "team-ops, on-call", manifest "team-ops" (influxsync.yaml:3)

            Plan: 0 to add, 1 to change, 0 to destroy.

            done           ~ Task "cpu"
            Apply complete: 1 change done.

            """)
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes, ["PATCH /api/v2/tasks/\(id) 200"])
        let task = try await sandbox.task(named: "cpu")
        // The live schedule kept, the new query sent.
        XCTAssertEqual(
            task.flux,
            """
            option task = {name: "cpu", every: 30m}

            from(bucket: "telegraf")
                |> range(start: -task.every)
                |> filter(fn: (r) => r._measurement == "cpu")
                |> aggregateWindow(every: 1h, fn: max)
                |> to(bucket: "telegraf-downsampled")

            """)
        XCTAssertEqual(task.labels.map(\.name).sorted(), ["influxsync", "on-call", "team-ops"])

        let plan = try await run("plan", ["tasks", "--detailed-exitcode"])
        XCTAssertEqual(plan.exitCode, 0, plan.description)
        XCTAssertTrue(plan.stdout.hasSuffix("No changes. Live state matches the manifests, except for differences the policies ignore.\n"), plan.stdout)
    }
}
