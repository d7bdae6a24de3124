import Foundation
import XCTest

/// The progress line of `apply` on a terminal (standard error): shown for an apply that takes
/// longer than 2 s, never with `--quiet` (and never without a terminal: every other end-to-end
/// test asserts an empty standard error).
extension TerminalPromptTests {
    /// 20 tasks with 80 ms added to every request, one at a time: 44 requests, at least 3.5 s.
    private func slowApply(_ extra: [String]) async throws -> CLIResult {
        var outcome: CLIResult?
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            try workspace.write("a.yml", (0..<20).map { Manifests.task("t\($0)") }.joined(separator: "---\n"))
            try await sandbox.injectFault(#"{"path":"*","latencyMs":80,"count":0}"#)
            let result = try await runOnTerminal(
                ["apply", workspace.path(), "--auto-approve", "--parallelism", "1"] + extra + sandbox.connectionArguments, input: "")
            XCTAssertEqual(result.exitCode, 0, "\(result)")
            XCTAssertTrue(result.stdout.contains("Apply complete: 21 changes done."), "\(result)")
            outcome = result
        }
        return try XCTUnwrap(outcome)
    }

    func testALongApplyShowsAProgressLineOnTheTerminal() async throws {
        let result = try await slowApply([])
        XCTAssertTrue(result.stdout.contains("\rApplying: "), "\(result)")
        XCTAssertTrue(result.stdout.contains("/41 requests, "), "\(result)")
        // Erased (overwritten with spaces) before the report.
        var last = "Applying: " + (result.stdout.components(separatedBy: "\rApplying: ").last ?? "").prefix { $0 != "\r" }
        while last.hasSuffix(" ") { last.removeLast() }
        XCTAssertTrue(result.stdout.contains("\r" + String(repeating: " ", count: last.count) + "\r"), "\(result)")
    }

    func testQuietShowsNoProgressLine() async throws {
        let result = try await slowApply(["--quiet"])
        XCTAssertFalse(result.stdout.contains("Applying:"), "\(result)")
    }
}
