import Foundation
import InfluxSandbox
import XCTest

/// Converting a task between a Cloud script task and a Flux task (issue 21 item 4) against the
/// served cloud-flavoured sandbox: the plan names the script and the task replaced, is refused
/// without `--allow-conversion` (exit 1, nothing written, the complete command in the hint),
/// and with it converges in one apply (create, labels, delete the old task).
final class ScriptTaskConversionTests: XCTestCase {
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

    static let scriptManifest = """
        apiVersion: influxdata.com/v2alpha1
        kind: Task
        metadata:
          name: downsample
        spec:
          every: 1h
          scriptID: 0000000000000abc
          scriptParameters:
            bucket: telegraf

        """

    static let fluxManifest = """
        apiVersion: influxdata.com/v2alpha1
        kind: Task
        metadata:
          name: downsample
        spec:
          every: 1h
          query: |-
            from(bucket: "telegraf") |> range(start: -1h)

        """

    func testScriptTaskDeclaredAsFluxIsAnExplicitConversionRefusedWithoutTheFlag() async throws {
        _ = try workspace.write("task.yml", Self.scriptManifest)
        let first = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(first.exitCode, 0, "\(first)")
        let script = try await sandbox.task(named: "downsample")
        let owner = try await sandbox.label(named: "influxsync")
        XCTAssertEqual(script.scriptID, "0000000000000abc")

        let path = try workspace.write("task.yml", Self.fluxManifest)
        let plan = try await sandbox.cli("plan", [workspace.path()])
        XCTAssertEqual(plan.exitCode, 1, "\(plan)")
        XCTAssertEqual(
            plan.stdout,
            """
            -/+ Task "downsample" \(script.id) (convert) (\(path):1:1)
                script task → Flux task: detaches script 0000000000000abc; the task is replaced (a new ID; the run history stays with the deleted task \(script.id))
                name:     "downsample"
                every:    1h
                status:   active
                scriptID: 0000000000000abc → (none)
                query:
                  from(bucket: "telegraf") |> range(start: -1h)

            Plan: 1 to add, 0 to change, 1 to destroy. (1 to convert)

            """)
        let command = "influxsync apply \(workspace.path()) --host \(sandbox.baseURL) --token \"$INFLUX_TOKEN\" --org \(SandboxHarness.org) --allow-conversion"
        XCTAssertEqual(
            plan.stderr,
            """
            error: refusing to plan: the plan converts a task between a script task and a Flux task, which replaces the task (a new ID; the run history stays with the deleted one); nothing was sent
              \(path):1:1: task "downsample" is declared as a Flux task, but live task \(script.id) is a script task running script 0000000000000abc; converting detaches the script
              hint: to convert, run: \(command)

            """)

        let saved = try await sandbox.cli("plan", [workspace.path(), "--out", workspace.path("plan.json")])
        XCTAssertEqual(saved.exitCode, 1, "\(saved)")
        XCTAssertTrue(saved.stderr.hasSuffix("  hint: the plan was not saved to \(workspace.path("plan.json")); add --allow-conversion to save it\n"), saved.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.path("plan.json")))

        try await sandbox.clearRequests()
        let refused = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(refused.exitCode, 1, "\(refused)")
        XCTAssertTrue(refused.stderr.contains("error: refusing to apply: the plan converts a task"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("  hint: to convert, run: \(command)\n"), refused.stderr)
        let nothing = try await sandbox.resourceWrites()
        XCTAssertEqual(nothing, [])

        let json = try await sandbox.cli("plan", [workspace.path(), "--format", "json", "--allow-conversion"])
        XCTAssertEqual(json.exitCode, 0, "\(json)")
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let change = (document["changes"] as! [[String: Any]])[0]
        XCTAssertEqual(change["action"] as? String, "convert")
        XCTAssertEqual(
            change["conversion"] as? [String: String],
            ["direction": "script-to-flux", "scriptID": "0000000000000abc", "replacedTaskID": script.id])
        XCTAssertEqual((document["summary"] as? [String: Int])?["convert"], 1)

        try await sandbox.clearRequests()
        let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--allow-conversion"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        let converted = try await sandbox.task(named: "downsample")
        XCTAssertNotEqual(converted.id, script.id)
        XCTAssertNil(converted.scriptID)
        XCTAssertEqual(converted.flux, "option task = {name: \"downsample\", every: 1h}\n\nfrom(bucket: \"telegraf\") |> range(start: -1h)\n")
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(
            writes,
            [
                "POST /api/v2/tasks 201",
                "POST /api/v2/tasks/\(converted.id)/labels 201",
                "DELETE /api/v2/tasks/\(script.id) 204",
            ])
        XCTAssertEqual(converted.labels.map(\.id), [owner.id])
        let again = try await sandbox.cli("plan", [workspace.path(), "--detailed-exitcode"])
        XCTAssertEqual(again.exitCode, 0, "\(again)")
        XCTAssertEqual(again.stdout, "No changes. Live state matches the manifests.\n")
    }

    func testFluxTaskDeclaredAsScriptTaskConvertsInOneApply() async throws {
        _ = try workspace.write("task.yml", Self.fluxManifest)
        let first = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(first.exitCode, 0, "\(first)")
        let flux = try await sandbox.task(named: "downsample")

        _ = try workspace.write("task.yml", Self.scriptManifest)
        let markdown = try await sandbox.cli("plan", [workspace.path(), "--format", "markdown", "--allow-conversion"])
        XCTAssertEqual(markdown.exitCode, 0, "\(markdown)")
        XCTAssertTrue(
            markdown.stdout.contains("> **This plan converts 1 task between a script task and a Flux task:** Task <code>downsample</code>; each is replaced (a new ID).\n"),
            markdown.stdout)
        XCTAssertTrue(
            markdown.stdout.contains(
                "Converted, Flux task → script task: runs script 0000000000000abc instead of its Flux; the task is replaced (a new ID; the run history stays with the deleted task \(flux.id)). Needs `--allow-conversion`.\n"
            ), markdown.stdout)

        let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--allow-conversion"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        let script = try await sandbox.task(named: "downsample")
        XCTAssertNotEqual(script.id, flux.id)
        XCTAssertEqual(script.scriptID, "0000000000000abc")
        XCTAssertEqual(script.flux, "")
        let again = try await sandbox.cli("plan", [workspace.path(), "--detailed-exitcode"])
        XCTAssertEqual(again.exitCode, 0, "\(again)")
    }

    /// The sandbox refuses what no documented request does: a PATCH giving a script task Flux,
    /// or a Flux task a script (§15.1: never both).
    func testSandboxRefusesAPatchThatWouldGiveATaskBothAScriptAndFlux() async throws {
        _ = try workspace.write("task.yml", Self.scriptManifest)
        let first = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(first.exitCode, 0, "\(first)")
        let script = try await sandbox.task(named: "downsample")
        let (status, body) = try await sandbox.raw(
            "PATCH", "/api/v2/tasks/\(script.id)",
            json: #"{"flux":"option task = {name: \"x\", every: 1h}\nfrom(bucket: \"b\")","status":"active"}"#)
        XCTAssertEqual(status, 400)
        XCTAssertEqual(String(decoding: body, as: UTF8.self), #"{"code":"invalid","message":"failed to decode request: can not provide both scriptID and flux"}"#)
    }
}
