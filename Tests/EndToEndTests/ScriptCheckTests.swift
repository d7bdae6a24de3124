import Foundation
import XCTest

/// Issue 20 item 2: the offline script checks through the real CLI — each finding at
/// `file:line:column`, exit 1 for validate and plan, apply refused before any request, GitHub
/// annotations, and the allowances.
final class ScriptCheckTests: XCTestCase {
    private let manifest = """
        apiVersion: influxdata.com/v2alpha1
        kind: Task
        metadata:
          name: cpu
        spec:
          every: 1h
          query: |
            import "strngs"

            from(bucket: "telegraf")
                |> range(strt: -1h)
                |> filter(fn: (r) => r._value > threshold)

        """

    private func expectedText(_ path: String) -> String {
        """
        \(path):8:12: error: unknown import path "strngs" [unknown-import] (at spec.query)
            hint: did you mean "strings"?; if your InfluxDB's Flux has it (these checks know Flux v0.196.1), add `// influxsync:allow strngs` to the script or `--allow-flux strngs`
        \(path):11:18: error: range() has no parameter "strt" [unknown-argument] (at spec.query)
            hint: did you mean "start"?
        \(path):12:41: error: undefined identifier "threshold" [undefined-identifier] (at spec.query)
            hint: if your InfluxDB's Flux has it (these checks know Flux v0.196.1), add `// influxsync:allow threshold` to the script or `--allow-flux threshold`
        3 errors in the manifests.

        """
    }

    func testValidateReportsEachFindingAtItsFilePosition() async throws {
        let workspace = try Workspace()
        let path = try workspace.write("tasks.yml", manifest)
        let result = try await CLIProcess.run(["validate", path], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, expectedText(path))

        let json = try await CLIProcess.run(["validate", path, "--format", "json"], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(json.exitCode, 1, "\(json)")
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let items = try XCTUnwrap(document["diagnostics"] as? [[String: Any]])
        XCTAssertEqual(
            items.map { "\($0["line"]!):\($0["column"]!) \($0["code"]!)" },
            ["8:12 unknown-import", "11:18 unknown-argument", "12:41 undefined-identifier"])

        let sarif = try await CLIProcess.run(["validate", path, "--format", "sarif"], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(sarif.exitCode, 1, "\(sarif)")
        XCTAssertTrue(sarif.stdout.contains("\"ruleId\" : \"flux/undefined-identifier\""), sarif.stdout)
    }

    func testPlanAndApplyStopBeforeAnyRequest() async throws {
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            let path = try workspace.write("tasks.yml", manifest)
            let plan = try await sandbox.cli("plan", [path])
            XCTAssertEqual(plan.exitCode, 1, "\(plan)")
            XCTAssertEqual(plan.stderr, expectedText(path))
            let apply = try await sandbox.cli("apply", [path, "--auto-approve"])
            XCTAssertEqual(apply.exitCode, 1, "\(apply)")
            XCTAssertEqual(apply.stderr, expectedText(path))
            let log = try await sandbox.requests()
            XCTAssertEqual(log, [], "a script finding must stop before any request")
            let tasks = try await sandbox.tasks()
            XCTAssertEqual(tasks.count, 0)
        }
    }

    func testGitHubAnnotationsPointAtTheManifestLines() async throws {
        let workspace = try Workspace()
        let path = try workspace.write("tasks.yml", manifest)
        let result = try await CLIProcess.run(["validate", path], environment: ["NO_COLOR": "1", "GITHUB_ACTIONS": "true"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        let annotations = result.stderr.split(separator: "\n").filter { $0.hasPrefix("::") }
        XCTAssertEqual(annotations.count, 3, result.stderr)
        XCTAssertEqual(
            annotations.last.map(String.init),
            "::error file=\(path),line=12,col=41,title=influxsync spec.query::undefined identifier \"threshold\" [undefined-identifier] (at spec.query)%0Ahint: if your InfluxDB's Flux has it (these checks know Flux v0.196.1), add `// influxsync:allow threshold` to the script or `--allow-flux threshold`"
        )
    }

    func testAllowancesFromFlagsTargetsAndComments() async throws {
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            let path = try workspace.write("tasks.yml", manifest)
            // A name the data does not know: a flag, or a comment in the script.
            let flags = try await CLIProcess.run(
                ["validate", path, "--allow-flux", "strngs", "--allow-flux", "threshold", "--allow-flux", "range"],
                environment: ["NO_COLOR": "1"])
            XCTAssertEqual(flags.exitCode, 0, "\(flags)")
            XCTAssertEqual(flags.stdout, "Manifests are valid: 0 labels, 1 task.\n")
            let commented = manifest.replacingOccurrences(of: "    import \"strngs\"", with: "    // influxsync:allow strngs threshold range\n    import \"strngs\"")
            try workspace.write("tasks.yml", commented)
            let comment = try await CLIProcess.run(["validate", path], environment: ["NO_COLOR": "1"])
            XCTAssertEqual(comment.exitCode, 0, "\(comment)")
            // A target's allowFlux in influxsync.yaml.
            try workspace.write("tasks.yml", manifest)
            try workspace.write(
                "influxsync.yaml",
                """
                targets:
                  dev:
                    host: \(sandbox.baseURL)
                    org: \(SandboxHarness.org)
                    tokenEnv: SCRIPT_CHECK_TOKEN
                    manifests: [tasks.yml]
                    allowFlux: [strngs, threshold, range]
                """)
            let plan = try await CLIProcess.run(
                ["plan", "--target", "dev", "--config", workspace.path("influxsync.yaml")],
                environment: ["NO_COLOR": "1", "SCRIPT_CHECK_TOKEN": SandboxHarness.token])
            XCTAssertEqual(plan.exitCode, 0, "\(plan)")
            XCTAssertTrue(plan.stdout.contains("cpu"), plan.stdout)
        }
    }
}
