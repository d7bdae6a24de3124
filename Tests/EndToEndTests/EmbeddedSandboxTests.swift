import XCTest

/// The README's first command: `apply examples --sandbox FILE --auto-approve`, then `plan`
/// with the same file says No changes. Each run starts the sandbox in the CLI process.
final class EmbeddedSandboxTests: XCTestCase {
    func testApplyExamplesWithEmbeddedSandboxThenPlanSaysNoChanges() async throws {
        let workspace = try Workspace()
        let state = workspace.path("sandbox.json")
        let apply = try await CLIProcess.run(["apply", "examples", "--sandbox", state, "--auto-approve"], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        XCTAssertTrue(apply.stdout.contains("Apply complete: "), "\(apply)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: state), "the sandbox keeps its state in the file")

        let plan = try await CLIProcess.run(["plan", "examples", "--sandbox", state, "--detailed-exitcode"], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        // The check before apply: the sandbox has only its setup bucket, and the examples read
        // Telegraf's buckets (README "Quick start").
        let missing = [
            ("downsampling.yml:12:18", "telegraf", "from", "downsample-cpu"), ("downsampling.yml:36:18", "telegraf", "from", "downsample-mem-peaks"),
            ("monitoring.yml:14:18", "telegraf", "from", "silent-hosts"), ("monitoring.yml:37:18", "telegraf", "from", "disk-usage-alert"),
            ("nightly/bucket-stats.flux:6:29", "telegraf", "schema.measurements", "bucket-stats"),
            ("nightly/rollup.yml:12:18", "telegraf-downsampled", "from", "nightly-rollup"),
        ]
        XCTAssertEqual(
            plan.stdout,
            missing.map { place, bucket, function, task in
                "examples/tasks/\(place): warning: bucket \"\(bucket)\" (\(function)) does not exist in org \"influxsync\": every run of the task would fail [missing-bucket] (task \"\(task)\")\n"
            }.joined() + "\nNo changes. Live state matches the manifests.\n")
        XCTAssertEqual(plan.stderr, "")
    }

    /// Two applies at once on one `--sandbox FILE` (a scheduled job that reruns itself): the
    /// second waits for the first instead of writing back the state it read before the first
    /// finished; both keep their writes.
    func testTwoAppliesOnOneSandboxFileKeepBothOfTheirWrites() async throws {
        let workspace = try Workspace()
        for i in 1...3 {
            try workspace.write("x/l\(i).yml", Manifests.label("x\(i)"))
            try workspace.write("y/l\(i).yml", Manifests.label("y\(i)"))
        }
        let state = workspace.path("sandbox.json")
        let (x, y) = (workspace.path("x"), workspace.path("y"))
        async let first = CLIProcess.run(["apply", x, "--sandbox", state, "--auto-approve", "--no-server-checks"])
        async let second = CLIProcess.run(["apply", y, "--sandbox", state, "--auto-approve", "--no-server-checks", "--owner-label", "other"])
        let (a, b) = try await (first, second)
        XCTAssertEqual(a.exitCode, 0, "\(a)")
        XCTAssertEqual(b.exitCode, 0, "\(b)")
        for (directory, owner) in [("x", "influxsync"), ("y", "other")] {
            let plan = try await CLIProcess.run(
                ["plan", workspace.path(directory), "--sandbox", state, "--no-server-checks", "--owner-label", owner, "--detailed-exitcode"])
            XCTAssertEqual(plan.exitCode, 0, "\(directory): \(plan)")
        }
    }

    func testSandboxFlagRejectsHost() async throws {
        let result = try await CLIProcess.run(["plan", "examples", "--sandbox", "/tmp/x.json", "--host", "http://localhost:8086"])
        XCTAssertEqual(result.exitCode, 1)
        XCTAssertEqual(result.stderr, "error: --sandbox and --host cannot be used together\n")
    }
}
