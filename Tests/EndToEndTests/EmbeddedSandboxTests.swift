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
        XCTAssertEqual(plan.stdout, "No changes. Live state matches the manifests.\n")
        XCTAssertEqual(plan.stderr, "")
    }

    func testSandboxFlagRejectsHost() async throws {
        let result = try await CLIProcess.run(["plan", "examples", "--sandbox", "/tmp/x.json", "--host", "http://localhost:8086"])
        XCTAssertEqual(result.exitCode, 1)
        XCTAssertEqual(result.stderr, "error: --sandbox and --host cannot be used together\n")
    }
}
