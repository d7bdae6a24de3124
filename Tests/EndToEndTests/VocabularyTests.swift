import Foundation
import XCTest

/// One vocabulary across the run commands (issue 17), through the real binary and the
/// in-process `--sandbox`: hints repeat `--sandbox FILE` so they can be pasted, a misspelt
/// task gets the nearest name, every wait flag takes a duration, and `retry --format json`
/// prints one versioned document.
final class VocabularyTests: XCTestCase {
    var workspace: Workspace!
    var state = ""

    override func setUp() async throws {
        workspace = try Workspace()
        state = workspace.path("state.json")
        // Reads the sandbox's setup bucket, so its runs succeed.
        _ = try workspace.write("tasks.yml", Manifests.task("cpu", every: "24h", query: "from(bucket: \"influxsync\")\n    |> range(start: -1h)\n"))
        let apply = try await cli(["apply", workspace.path("tasks.yml"), "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
    }

    private func cli(_ arguments: [String]) async throws -> CLIResult {
        try await CLIProcess.run(arguments + ["--sandbox", state], environment: ["NO_COLOR": "1"])
    }

    /// The ID of task "cpu", as `runs --format json` names it.
    private func taskID() async throws -> String {
        let runs = try await cli(["runs", "cpu", "--format", "json"])
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [String: Any], "\(runs)")
        return try XCTUnwrap((document["task"] as? [String: Any])?["id"] as? String)
    }

    func testAMisspeltTaskGetsTheNearestNameAndHintsKeepTheSandboxFile() async throws {
        let typo = try await cli(["runs", "cpuu"])
        XCTAssertEqual(typo.exitCode, 1, "\(typo)")
        let org = try XCTUnwrap(typo.stderr.range(of: #"in org influxsync \([0-9a-f]{16}\)"#, options: .regularExpression).map { String(typo.stderr[$0]) }, typo.stderr)
        XCTAssertEqual(
            typo.stderr,
            """
            error: no task named or with ID "cpuu" \(org)
              hint: did you mean "cpu"?
              hint: list the managed tasks and their IDs with: influxsync status --sandbox \(state)

            """)
        XCTAssertEqual(typo.stdout, "")

        let logs = try await cli(["logs", "cpu"])
        XCTAssertEqual(logs.exitCode, 1, "\(logs)")
        let id = try XCTUnwrap(logs.stderr.range(of: "[0-9a-f]{16}", options: .regularExpression).map { String(logs.stderr[$0]) })
        XCTAssertEqual(
            logs.stderr,
            """
            error: task "cpu" (\(id)) has no run yet
              hint: start one with: influxsync run \(id) --wait --sandbox \(state)

            """)
    }

    func testEveryWaitFlagTakesADurationAndRefusesAnythingElse() async throws {
        for (command, flag) in [
            (["logs", "cpu"], "--timeout"), (["run", "cpu", "--wait"], "--timeout"),
            (["retry", "cpu", "0000000000000001"], "--timeout"), (["apply", workspace.path("tasks.yml")], "--run-timeout"),
        ] {
            let refused = try await cli(command + [flag, "2x"])
            XCTAssertEqual(refused.exitCode, 1, "\(command) \(refused)")
            XCTAssertEqual(refused.stderr.components(separatedBy: "\n").first, "error: the value '2x' is invalid for '\(flag) <duration>'", "\(command)")
        }
        let id = try await taskID()
        let waited = try await cli(["run", "cpu", "--wait", "--timeout", "10m"])
        XCTAssertEqual(waited.exitCode, 0, "\(waited)")
        let lines = waited.stdout.components(separatedBy: "\n").filter { !$0.isEmpty }
        let first = try XCTUnwrap(lines.first)
        let runID = String(first.dropFirst("Started run ".count).prefix(16))
        XCTAssertTrue(first.hasPrefix("Started run \(runID) of task \"cpu\" (\(id)), scheduled for "), first)
        XCTAssertEqual(lines.last, "Run \(runID) of task \"cpu\" succeeded.")
    }

    func testRetryFormatJSONIsOneVersionedDocument() async throws {
        let started = try await cli(["run", "cpu", "--format", "json"])
        XCTAssertEqual(started.exitCode, 0, "\(started)")
        let first = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(started.stdout.utf8)) as? [String: Any])
        let firstRun = try XCTUnwrap(first["run"] as? [String: Any])
        let runID = try XCTUnwrap(firstRun["id"] as? String)

        let id = try await taskID()
        let retried = try await cli(["retry", "cpu", runID, "--format", "json"])
        XCTAssertEqual(retried.exitCode, 0, "\(retried)")
        XCTAssertEqual(retried.stderr, "")
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(retried.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document.keys.sorted(), ["formatVersion", "run", "task"])
        XCTAssertEqual(document["formatVersion"] as? Int, 1)
        XCTAssertEqual(document["task"] as? [String: String], ["id": id, "name": "cpu"])
        let run = try XCTUnwrap(document["run"] as? [String: Any])
        XCTAssertNotEqual(run["id"] as? String, runID, "a retry is a new run")
        XCTAssertEqual(run["taskID"] as? String, id)
        XCTAssertEqual(run["status"] as? String, "scheduled")
    }
}
