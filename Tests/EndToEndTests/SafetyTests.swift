import Foundation
import XCTest

/// Apply never writes without consent, and `-v` never shows the token.
final class SafetyTests: XCTestCase {
    func testApplyWithoutTerminalAndWithoutAutoApproveRefusesAndWritesNothing() async throws {
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            try workspace.write("a.yml", Manifests.task("cpu-downsample"))
            let result = try await sandbox.cli("apply", [workspace.path()], input: "yes\n")
            XCTAssertEqual(result.exitCode, 1, "\(result)")
            XCTAssertEqual(
                result.stderr,
                "error: refusing to apply without confirmation: standard input is not a terminal\n  hint: review the plan and re-run with --auto-approve to apply it\n")
            XCTAssertTrue(result.stdout.hasSuffix("Plan: 2 to add, 0 to change, 0 to destroy.\n"), "\(result)")
            let writes = try await sandbox.resourceWrites()
            XCTAssertEqual(writes, [])
            let tasks = try await sandbox.tasks()
            XCTAssertEqual(tasks.count, 0)
        }
    }

    func testVerboseLinesNameEachRequestAndNeverTheToken() async throws {
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            try workspace.write("a.yml", Manifests.task("cpu-downsample"))
            let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "-v"])
            XCTAssertEqual(result.exitCode, 0, "\(result)")
            XCTAssertFalse(result.stderr.contains(SandboxHarness.token))
            XCTAssertFalse(result.stdout.contains(SandboxHarness.token))

            let lines = result.stderr.split(separator: "\n").map(String.init)
            let pattern = try NSRegularExpression(pattern: #"^(GET|POST|PATCH|DELETE) /api/v2/[^ ]+ [0-9]{3} [0-9]+ms$"#)
            for line in lines {
                XCTAssertEqual(pattern.numberOfMatches(in: line, range: NSRange(line.startIndex..., in: line)), 1, line)
            }
            // One line per request, with the same status as the sandbox served it. The reads run
            // side by side (the live state beside the checks' bucket and secret reads), so
            // their lines may come in another order than the sandbox logged them; the writes are
            // sent one after another and keep their order.
            let served = try await sandbox.requests().map(\.description)
            let shown = lines.map { line -> String in
                let parts = line.split(separator: " ")
                return "\(parts[0]) \(parts[1]) \(parts[2])"
            }
            XCTAssertEqual(shown.sorted(), served.sorted())
            XCTAssertEqual(shown.filter { !$0.hasPrefix("GET ") }, served.filter { !$0.hasPrefix("GET ") })
            XCTAssertEqual(shown.first, "GET /api/v2/orgs?org=acme 200")
        }
    }
}
