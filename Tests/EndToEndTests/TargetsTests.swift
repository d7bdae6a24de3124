import Foundation
import XCTest

/// `influxsync.yaml` targets, `plan --all-targets` over two sandboxes, `--env-file`.
final class TargetsTests: SandboxTestCase {
    private func writeConfig(staging: SandboxHarness, prod: SandboxHarness) throws -> String {
        try workspace.write("repo/manifests/cpu.yaml", Manifests.task("cpu"))
        return try workspace.write(
            "repo/influxsync.yaml",
            """
            targets:
              staging:
                host: \(staging.baseURL)
                org: \(SandboxHarness.org)
                tokenEnv: TOKEN_STAGING
                manifests: [manifests]
              prod:
                host: \(prod.baseURL)
                org: \(SandboxHarness.org)
                tokenFile: prod-token
                ownerLabel: gitops
                manifests: [manifests]

            """)
    }

    private var environment: [String: String] { ["NO_COLOR": "1", "TOKEN_STAGING": SandboxHarness.token] }

    /// The repair hint for an owned duplicate keeps the target (its env refs, owner label and
    /// policies) instead of spelling out a connection without them.
    func testTheDuplicateRepairHintKeepsTheTarget() async throws {
        try await SandboxHarness.with { prod in
            let config = try writeConfig(staging: sandbox, prod: prod)
            let applied = try await CLIProcess.run(["apply", "--target", "staging", "--config", config, "--auto-approve"], environment: environment)
            XCTAssertEqual(applied.exitCode, 0, applied.description)
            let orgID = try await sandbox.orgID()
            let labels = try await sandbox.api.listLabels(orgID: orgID)
            let tasks = try await sandbox.api.listTasks(orgID: orgID, after: nil, limit: 100)
            let owner = try XCTUnwrap(labels.first { $0.name == "influxsync" })
            let live = try XCTUnwrap(tasks.first { $0.name == "cpu" })
            let copyJSON = String(decoding: try JSONSerialization.data(withJSONObject: ["orgID": orgID, "flux": live.flux]), as: UTF8.self)
            let (created, body) = try await sandbox.raw("POST", "/api/v2/tasks", json: copyJSON)
            XCTAssertEqual(created, 201)
            let copyID = try XCTUnwrap((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["id"] as? String)
            let (attached, _) = try await sandbox.raw("POST", "/api/v2/tasks/\(copyID)/labels", json: #"{"labelID":"\#(owner.id)"}"#)
            XCTAssertEqual(attached, 201)
            let plan = try await CLIProcess.run(["plan", "--target", "staging", "--config", config], environment: environment)
            XCTAssertEqual(plan.exitCode, 0, plan.description)
            XCTAssertTrue(plan.stderr.hasSuffix("  hint: to repair, run: influxsync apply --target staging --config \(config) --prune\n"), plan.stderr)
            // What the command line adds to the target is kept too.
            let withFlags = try await CLIProcess.run(
                ["plan", "--target", "staging", "--config", config, "--env-ref", "bucket=b1"], environment: environment)
            XCTAssertEqual(withFlags.exitCode, 0, withFlags.description)
            XCTAssertTrue(
                withFlags.stderr.hasSuffix("  hint: to repair, run: influxsync apply --target staging --config \(config) --env-ref bucket=b1 --prune\n"),
                withFlags.stderr)
        }
    }

    /// An interrupted apply of a target shows the target's command to run again: the target's
    /// own owner label is not overridden (`--owner-label influxsync` was added, and that command
    /// met "owned by owner label gitops"), and `--env-file` given on top is kept.
    func testAnInterruptedTargetApplyShowsTheTargetsCommand() async throws {
        try await SandboxHarness.with { staging in
            let config = try writeConfig(staging: staging, prod: sandbox)
            try workspace.write("repo/prod-token", SandboxHarness.token)
            try workspace.write("repo/manifests/more.yaml", (0..<6).map { Manifests.task("t\($0)") }.joined(separator: "---\n"))
            let envFile = try workspace.write("repo/extra.env", "UNUSED=1\n")
            try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","latencyMs":1500,"count":0}"#)
            let started = try BackgroundCLI.start(
                ["apply", "--target", "prod", "--config", config, "--env-file", envFile, "--auto-approve", "--parallelism", "1"], workspace: workspace,
                test: self)
            // The owner label is created just before the first (slow) task create.
            for _ in 0..<600 where !(try await sandbox.requests().contains { $0.method == "POST" && $0.path == "/api/v2/labels" && $0.status == 201 }) {
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            try await Task.sleep(nanoseconds: 300_000_000)
            kill(started.process.processIdentifier, SIGINT)
            await fulfillment(of: [started.exited], timeout: 60)
            XCTAssertEqual(started.process.terminationStatus, 130)
            let stderr = try String(contentsOf: started.err, encoding: .utf8)
            XCTAssertTrue(
                stderr.hasSuffix("run apply again to converge: influxsync apply --target prod --config \(config) --env-file \(envFile)\n"), stderr)
        }
    }

    func testPlanAllTargetsReportsEachAndExitsWithTheWorst() async throws {
        try await SandboxHarness.with { prod in
            let config = try writeConfig(staging: sandbox, prod: prod)
            try workspace.write("repo/prod-token", SandboxHarness.token + "\n")
            let applied = try await CLIProcess.run(["apply", "--target", "staging", "--config", config, "--auto-approve"], environment: environment)
            XCTAssertEqual(applied.exitCode, 0, applied.description)

            let plan = try await CLIProcess.run(["plan", "--all-targets", "--config", config, "--detailed-exitcode"], environment: environment)
            XCTAssertEqual(plan.exitCode, 2, plan.description)
            let prodPlan = """
                === target prod ===
                + Label "gitops"
                    name: "gitops"

                + Task "cpu" (\(workspace.path("repo/manifests/cpu.yaml")):1:1)
                    name:   "cpu"
                    every:  1h
                    status: active
                    query:
                      from(bucket: "telegraf")
                          |> range(start: -task.every)
                          |> filter(fn: (r) => r._measurement == "cpu")
                          |> aggregateWindow(every: 1h, fn: mean)
                          |> to(bucket: "telegraf-downsampled")

                Plan: 2 to add, 0 to change, 0 to destroy.

                """
            XCTAssertEqual(plan.stdout, "=== target staging ===\nNo changes. Live state matches the manifests.\n\n" + prodPlan + "\nTargets: staging: no changes, prod: changes.\n")
            let prodWrites = try await prod.writes()
            XCTAssertEqual(prodWrites, [], "plan sends no write")

            let json = try await CLIProcess.run(["plan", "--all-targets", "--config", config, "--format", "json"], environment: environment)
            XCTAssertEqual(json.exitCode, 0, json.description)
            let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
            let targets = document["targets"] as! [[String: Any]]
            XCTAssertEqual(targets.map { "\($0["target"]!) \($0["status"]!)" }, ["staging no changes", "prod changes"])
            XCTAssertEqual((targets[1]["plan"] as! [String: Any])["ownerLabel"] as? String, "gitops")

            let markdown = try await CLIProcess.run(["plan", "--all-targets", "--config", config, "--format", "markdown"], environment: environment)
            XCTAssertTrue(
                markdown.stdout.hasPrefix("# influxsync plan: 2 targets\n\n| target | result |\n|---|---|\n| `staging` | no changes |\n| `prod` | changes |\n"), markdown.stdout)

            // One target failing makes the whole run fail, and the other is still reported.
            let failing = try await CLIProcess.run(["plan", "--all-targets", "--config", config, "--detailed-exitcode"], environment: ["NO_COLOR": "1"])
            XCTAssertEqual(failing.exitCode, 1, failing.description)
            XCTAssertEqual(
                failing.stdout,
                """
                === target staging ===
                error: target "staging" takes its token from the environment variable TOKEN_STAGING, which is not set
                  hint: export TOKEN_STAGING=<token> (or pass --token-file FILE)


                """ + prodPlan + "\nTargets: staging: error, prod: changes.\n")

            // One --host (or --org) for every target would plan them all against one server.
            let oneHost = try await CLIProcess.run(["plan", "--all-targets", "--config", config, "--host", "http://127.0.0.1:1"], environment: environment)
            XCTAssertEqual(oneHost.exitCode, 1, oneHost.description)
            XCTAssertTrue(
                oneHost.stderr.hasPrefix("error: --all-targets plans each target against its own server and org; it cannot be used with --host"), oneHost.stderr)

            let applyProd = try await CLIProcess.run(["apply", "--target", "prod", "--config", config, "--auto-approve"], environment: environment)
            XCTAssertEqual(applyProd.exitCode, 0, applyProd.description)
            let clean = try await CLIProcess.run(["plan", "--all-targets", "--config", config, "--detailed-exitcode"], environment: environment)
            XCTAssertEqual(clean.exitCode, 0, clean.description)
            let prodTask = try await prod.task(named: "cpu")
            XCTAssertEqual(prodTask.labels.map(\.name), ["gitops"])
        }
    }

    /// Issue 21 item 2: a plan saved with `--target --out` applies as its hint says, from
    /// another checkout directory (a later CI job); what `plan --target` prints (Markdown
    /// included) names manifests relative to the working directory; a stale plan's hint makes
    /// the plan again with `--target`.
    func testSavedTargetPlanAppliesFromAnotherCheckoutAsTheHintSays() async throws {
        let fm = FileManager.default
        try workspace.write("job1/repo/manifests/cpu.yaml", Manifests.task("cpu"))
        try workspace.write(
            "job1/repo/influxsync.yaml",
            """
            targets:
              staging:
                host: \(sandbox.baseURL)
                org: \(SandboxHarness.org)
                tokenEnv: TOKEN_STAGING
                manifests: [manifests]

            """)
        let job1 = URL(fileURLWithPath: workspace.path("job1/repo"))
        let plan = try await CLIProcess.run(["plan", "--target", "staging", "--out", "plan.json"], environment: environment, directory: job1)
        XCTAssertEqual(plan.exitCode, 0, plan.description)
        XCTAssertEqual(plan.stderr, "Saved the plan to plan.json.\n  hint: apply exactly this plan with: influxsync apply plan.json --target staging\n")
        XCTAssertEqual(
            plan.stdout,
            """
            + Label "influxsync"
                name: "influxsync"

            + Task "cpu" (manifests/cpu.yaml:1:1)
                name:   "cpu"
                every:  1h
                status: active
                query:
                  from(bucket: "telegraf")
                      |> range(start: -task.every)
                      |> filter(fn: (r) => r._measurement == "cpu")
                      |> aggregateWindow(every: 1h, fn: mean)
                      |> to(bucket: "telegraf-downsampled")

            Plan: 2 to add, 0 to change, 0 to destroy.

            """)
        let markdown = try await CLIProcess.run(["plan", "--target", "staging", "--format", "markdown"], environment: environment, directory: job1)
        let orgID = try await sandbox.orgID()
        XCTAssertEqual(
            markdown.stdout,
            """
            ## influxsync plan

            **Plan: 2 to add, 0 to change, 0 to destroy.**

            | Add | Change | Destroy | Adopt | Would prune |
            |---:|---:|---:|---:|---:|
            | 2 | 0 | 0 | 0 | 0 |

            <details>
            <summary><code>+</code> <b>create</b> Label <code>influxsync</code></summary>

            | Field | Live | Manifest |
            |---|---|---|
            | name | _(none)_ | <code>influxsync</code> |

            Requests:
            - <code>POST /api/v2/labels</code>

            </details>

            <details>
            <summary><code>+</code> <b>create</b> Task <code>cpu</code></summary>

            declared at <code>manifests/cpu.yaml:1:1</code>

            | Field | Live | Manifest |
            |---|---|---|
            | name | _(none)_ | <code>cpu</code> |
            | every | _(none)_ | <code>1h</code> |
            | status | _(none)_ | <code>active</code> |

            Query:

            ```flux
            from(bucket: "telegraf")
                |> range(start: -task.every)
                |> filter(fn: (r) => r._measurement == "cpu")
                |> aggregateWindow(every: 1h, fn: mean)
                |> to(bucket: "telegraf-downsampled")
            ```

            Requests:
            - <code>POST /api/v2/tasks</code>
            - <code>POST /api/v2/tasks/{new task &quot;cpu&quot;}/labels</code>

            </details>

            <sub>org <code>\(orgID)</code> · owner label <code>influxsync</code> · rendered by influxsync</sub>

            """)
        XCTAssertFalse(markdown.stdout.contains(workspace.path()), markdown.stdout)
        let document = try String(contentsOfFile: workspace.path("job1/repo/plan.json"), encoding: .utf8)
        XCTAssertFalse(document.contains(workspace.path()), "the saved plan holds no absolute checkout path")
        let saved = try JSONSerialization.jsonObject(with: Data(document.utf8)) as! [String: Any]
        XCTAssertEqual(saved["formatVersion"] as? Int, 2)
        XCTAssertEqual(saved["target"] as? String, "staging")
        XCTAssertEqual(saved["manifestPathBase"] as? String, "targetsFile")
        XCTAssertEqual(saved["manifestPaths"] as? [String], ["manifests"])

        // The next CI jobs check the same commit out elsewhere; the first checkout is gone.
        try fm.copyItem(atPath: workspace.path("job1"), toPath: workspace.path("job2"))
        try fm.copyItem(atPath: workspace.path("job1"), toPath: workspace.path("job3"))
        try fm.removeItem(atPath: workspace.path("job1"))
        let job2 = URL(fileURLWithPath: workspace.path("job2/repo")), job3 = URL(fileURLWithPath: workspace.path("job3/repo"))

        let wrongTarget = try await CLIProcess.run(["apply", "plan.json", "--target", "prod"], environment: environment, directory: job2)
        XCTAssertEqual(wrongTarget.exitCode, 1, wrongTarget.description)
        XCTAssertEqual(
            wrongTarget.stderr,
            """
            error: saved plan plan.json was made for target "staging", not "prod"; nothing was applied
              hint: apply it with --target staging, or make a plan for prod with plan --target prod --out FILE

            """)

        try workspace.write("job3/repo/manifests/cpu.yaml", Manifests.task("cpu", every: "2h"))
        let stale = try await CLIProcess.run(["apply", "plan.json", "--target", "staging"], environment: environment, directory: job3)
        XCTAssertEqual(stale.exitCode, 1, stale.description)
        XCTAssertEqual(
            stale.stderr,
            """
            error: saved plan plan.json is stale; nothing was applied. Since the plan was made:
              - manifest file manifests/cpu.yaml changed
              hint: make and review a new plan: influxsync plan --out plan.json --target staging

            """)
        let writesBefore = try await sandbox.resourceWrites()
        XCTAssertEqual(writesBefore, [])

        let apply = try await CLIProcess.run(["apply", "plan.json", "--target", "staging"], environment: environment, directory: job2)
        XCTAssertEqual(apply.exitCode, 0, apply.description)
        XCTAssertTrue(apply.stdout.hasSuffix("Apply complete: 2 changes done.\n"), apply.description)
        let after = try await CLIProcess.run(["plan", "--target", "staging", "--detailed-exitcode"], environment: environment, directory: job2)
        XCTAssertEqual(after.exitCode, 0, after.description)
    }

    func testATokenInTheTargetsFileIsRefused() async throws {
        let config = try workspace.write("influxsync.yaml", "targets:\n  dev:\n    host: http://127.0.0.1:1\n    token: s3cr3t\n")
        let result = try await CLIProcess.run(["plan", "--target", "dev", "--config", config], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(result.exitCode, 1)
        XCTAssertEqual(
            result.stderr,
            "error: \(config):4: target \"dev\" has a `token` field; influxsync.yaml never holds a token (it is committed to git)\n  hint: name where the token comes from instead: `tokenEnv: INFLUX_TOKEN_DEV` or `tokenFile: <path>`\n"
        )
    }

    func testEnvFilesFillEnvRefsAndEveryMissingRefIsListed() async throws {
        let manifest = try workspace.write(
            "task.yaml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: cpu
            spec:
              every: {envRef: {key: every}}
              description: {envRef: {key: description}}
              query: {envRef: {key: query}}
            """)
        let missing = try await CLIProcess.run(["validate", manifest], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(missing.exitCode, 1)
        XCTAssertEqual(
            missing.stderr.components(separatedBy: "\n").filter { $0.contains("error:") },
            [
                "\(manifest):6:3: error: Task has neither `every` nor `cron` (at spec.every)",
                "\(manifest):6:10: error: envRef `every` has no value and no default (at spec.every)",
                "\(manifest):7:16: error: envRef `description` has no value and no default (at spec.description)",
                "\(manifest):8:10: error: envRef `query` has no value and no default (at spec.query)",
            ])
        let yaml = try workspace.write("refs.yaml", "every: 1h\ndescription: from yaml\nquery: 'from(bucket: \"b\") |> range(start: -1h)'\n")
        let lines = try workspace.write("refs.env", "# overrides\ndescription=from lines\n")
        let ok = try await sandbox.cli("plan", [manifest, "--env-file", yaml, "--env-file", lines, "--env-ref", "every=2h", "--format", "json"])
        XCTAssertEqual(ok.exitCode, 0, ok.description)
        // The task's fields and the script sent: every from --env-ref, the description from the
        // later --env-file, the query from the YAML one.
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any], ok.stdout)
        let task = try XCTUnwrap((document["changes"] as? [[String: Any]])?.first { ($0["resource"] as? [String: Any])?["kind"] as? String == "Task" }, ok.stdout)
        XCTAssertEqual(
            (task["fields"] as? [[String: Any]])?.map { "\($0["field"]!): \($0["old"]!) → \($0["new"]!)" },
            [
                "name: <null> → cpu", "every: <null> → 2h", "description: <null> → from lines", "status: <null> → active",
                "query: <null> → from(bucket: \"b\") |> range(start: -1h)",
            ], ok.stdout)
        let orgID = try await sandbox.orgID()
        XCTAssertEqual(
            (task["operations"] as? [[String: Any]])?.first?["body"] as? [String: String],
            [
                "description": "from lines", "flux": "option task = {name: \"cpu\", every: 2h}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n",
                "orgID": orgID, "status": "active",
            ], ok.stdout)
    }
}
