import Foundation
import XCTest

/// `apply --parallelism auto` against a sandbox that limits each token's request rate: the same
/// plan, the same report and the same writes served as with parallelism 1 and 8, no failed
/// write, exit 0. How fast each goes is the benchmark's business, not a test's.
final class AutoParallelismEndToEndTests: SandboxTestCase {
    /// Labels `team-0`…`team-2` and tasks `t0`…`t{n-1}`, task `ti` labelled `team-(i % 3)`.
    private func manifests(tasks n: Int) -> String {
        let labels = (0..<3).map { Manifests.label("team-\($0)") }
        let tasks = (0..<n).map { Manifests.task("t\($0)", every: "1h", labels: ["team-\($0 % 3)"]) }
        return (labels + tasks).joined(separator: "---\n")
    }

    /// The served writes (429s left out), task and label IDs replaced by `<name>`.
    private func namedWrites(_ harness: SandboxHarness) async throws -> [String] {
        var names: [String: String] = [:]
        for task in try await harness.tasks() { names[task.id] = task.name }
        for label in try await harness.api.listLabels(orgID: try await harness.orgID()) { names[label.id] = label.name }
        return try await harness.resourceWrites(excludingThrottled: true).map { line in
            var text = line
            for (id, name) in names { text = text.replacingOccurrences(of: id, with: "<\(name)>") }
            return text
        }
    }

    /// Every status in the log other than 2xx and 429 (the sandbox's refusals past its rate).
    private func unexpectedStatuses(_ harness: SandboxHarness) async throws -> [String] {
        try await harness.requests().filter { !(200..<300).contains($0.status) && $0.status != 429 }.map(\.description)
    }

    func testAutoOneAndEightSendTheSameWritesUnderARateLimitAndNoneFails() async throws {
        try workspace.write("main.yml", manifests(tasks: 24))
        var results: [(name: String, stdout: String, writes: [String])] = []
        for (name, arguments, environment) in [
            ("auto", ["--parallelism", "auto"], ["NO_COLOR": "1"]),
            ("1", ["--parallelism", "1"], ["NO_COLOR": "1"]),
            ("8", [], ["NO_COLOR": "1", "INFLUXSYNC_PARALLELISM": "8"]),
            ("auto from the environment", [], ["NO_COLOR": "1", "INFLUXSYNC_PARALLELISM": "auto"]),
        ] {
            try await SandboxHarness.with { limited in
                let (status, body) = try await limited.raw("PUT", "/sandbox/rate-limit", json: #"{"requestsPerSecond":40}"#)
                XCTAssertEqual(status, 204, String(decoding: body, as: UTF8.self))
                let result = try await limited.cli("apply", [workspace.path(), "--auto-approve"] + arguments, environment: environment)
                XCTAssertEqual(result.exitCode, 0, "\(name): \(result)")
                XCTAssertEqual(result.stderr, "", name)
                // The test's own reads below must not be throttled.
                let (lifted, _) = try await limited.raw("DELETE", "/sandbox/rate-limit")
                XCTAssertEqual(lifted, 204)
                let unexpected = try await unexpectedStatuses(limited)
                XCTAssertEqual(unexpected, [], name)
                let writes = try await namedWrites(limited)
                XCTAssertEqual(writes.count, 4 + 24 * 3, name)
                XCTAssertEqual(Set(writes.map { $0.split(separator: " ").last! }), ["201"], name)
                results.append((name, result.stdout, writes.sorted()))
            }
        }
        for other in results.dropFirst() {
            XCTAssertEqual(other.stdout, results[0].stdout, other.name)
            XCTAssertEqual(other.writes, results[0].writes, other.name)
        }
    }

    /// With `auto` a throttle is the pace signal, not a failure: a create throttled five times
    /// in a row is sent a sixth time and lands (8 throttle retries), where a fixed parallelism
    /// gives up after 3 (at 3 requests/s with 60 tasks, `auto` lost writes that way).
    func testAutoSendsAThrottledRequestAgainMoreOftenThanAFixedParallelism() async throws {
        try workspace.write("main.yml", Manifests.task("cpu"))
        try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","status":429,"retryAfter":0,"count":5}"#)
        let fixed = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--no-server-checks", "--parallelism", "1"])
        XCTAssertEqual(fixed.exitCode, 1, "\(fixed)")
        try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","status":429,"retryAfter":0,"count":5}"#)
        let auto = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--no-server-checks", "--parallelism", "auto"])
        XCTAssertEqual(auto.exitCode, 0, "\(auto)")
        let names = try await sandbox.tasks().map(\.name)
        XCTAssertEqual(names, ["cpu"])
    }

    /// A server that throttles every create for good: `auto` gives up with only the changes
    /// under way at the adaptive limit attempted, and once one write has spent its retries the
    /// others' next refusal is final. Its window of 64 changes used to retry one at a time
    /// through a limit of 1, each with its 8 retries: 576 refusals and eight minutes for 200
    /// tasks. (No `Retry-After`: the backoff, shortened for tests, sets the pace.)
    func testAutoGivesUpOnAServerThatThrottlesForGoodWithOnlyTheChangesUnderWay() async throws {
        try workspace.write("main.yml", manifests(tasks: 40))
        try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","status":429,"count":0}"#)
        let result = try await sandbox.cli(
            "apply", [workspace.path(), "--auto-approve", "--no-server-checks", "--parallelism", "auto"] + CLIProcess.quickRetries)
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        let refused = try await sandbox.requests().filter { $0.method == "POST" && $0.path == "/api/v2/tasks" }
        // The changes under way are at most the limit when the throttling began (4, or 8 after
        // a clean window of the label creates), each sent at most 1 + 8 times. All 40 used to be.
        XCTAssertLessThanOrEqual(refused.count, 8 * 9, "\(refused.count)")
        XCTAssertTrue(result.stdout.contains("not attempted"), result.stdout)
    }

    func testAutoWithoutALimitAppliesAndConvergesLikeAFixedParallelism() async throws {
        try workspace.write("main.yml", manifests(tasks: 80))
        let first = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--parallelism", "auto"])
        XCTAssertEqual(first.exitCode, 0, "\(first)")
        let autoWrites = try await namedWrites(sandbox)
        try await SandboxHarness.with { fixed in
            let eight = try await fixed.cli("apply", [workspace.path(), "--auto-approve", "--parallelism", "8"])
            XCTAssertEqual(eight.exitCode, 0, "\(eight)")
            XCTAssertEqual(eight.stdout, first.stdout)
            let fixedWrites = try await namedWrites(fixed)
            XCTAssertEqual(fixedWrites.sorted(), autoWrites.sorted())
        }
        let again = try await sandbox.cli("plan", [workspace.path(), "--detailed-exitcode"])
        XCTAssertEqual(again.exitCode, 0, "\(again)")
    }
}
