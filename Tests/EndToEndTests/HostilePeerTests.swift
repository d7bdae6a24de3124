import Foundation
import InfluxAPI
import InfluxHTTPClient
import XCTest

/// A server or proxy that misbehaves (issue 18 items 1, 3 and 7): it trickles its answer, never
/// answers, redirects elsewhere, answers an HTML error page, or loses an answer. The sandbox's
/// fault injection plays that peer (`trickleMs`, `latencyMs`, `redirect`, `html`,
/// `dropAnswer`); the CLI runs against it over loopback.
final class HostilePeerTests: SandboxTestCase {
    /// Seconds since `start`.
    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private func liveLabelNames() async throws -> [String] {
        try await sandbox.api.listLabels(orgID: try await sandbox.orgID()).map(\.name)
    }

    // MARK: - Deadlines

    /// The deadline covers the whole answer: a body trickled one byte every 300 ms (a read
    /// timeout that resets on each byte would never fire) is cut off at the limit, once.
    func testATrickledAnswerIsCutOffAtTheDeadlineAndNotRetried() async throws {
        let client = try InfluxHTTPClient(
            baseURL: sandbox.baseURL, token: SandboxHarness.token,
            retryPolicy: RetryPolicy(initialBackoffSeconds: 0.001), requestTimeoutSeconds: 1)
        try await sandbox.injectFault(#"{"method":"GET","path":"/api/v2/orgs","trickleMs":300,"count":0}"#)
        try await sandbox.clearRequests()
        let start = ContinuousClock.now
        do {
            _ = try await client.findOrg(name: "acme")
            XCTFail("expected the deadline to cut the answer off")
        } catch let error as InfluxAPIError {
            XCTAssertEqual(
                error,
                InfluxAPIError(
                    method: "GET", path: "/api/v2/orgs?org=acme", status: nil, code: nil,
                    message: "no complete answer from \(sandbox.baseURL) within 1 s",
                    hint:
                        "the server (or a proxy in between) accepted the request but did not send its whole answer in time; if it is only slow, raise the limit with --request-timeout, e.g. --request-timeout 2m"
                ))
        }
        let elapsed = seconds(since: start)
        XCTAssertLessThan(elapsed, 2.0, "the deadline is 1 s; the attempt ended after \(elapsed) s")
        try await client.shutdown()
        let requests = try await sandbox.requests().map { "\($0.method) \($0.path)" }
        XCTAssertEqual(requests, ["GET /api/v2/orgs"])
    }

    /// A peer that answers, but not in HTTP (another service on the port, a mangling proxy),
    /// is named as such: it said "is InfluxDB running there?", which the answer disproves.
    func testAnAnswerThatIsNotHTTPIsNamedAsSuch() async throws {
        for raw in ["SSH-2.0-OpenSSH_9.6\r\n", "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n"] {
            let peer = try StubHTTPServer(raw: Array(raw.utf8)) { _, _ in (200, "") }
            defer { peer.stop() }
            let client = try InfluxHTTPClient(baseURL: peer.baseURL, token: "t", retryPolicy: .none, requestTimeoutSeconds: 5)
            do {
                _ = try await client.findOrg(name: "acme")
                XCTFail("expected the answer to be refused")
            } catch let error as InfluxAPIError {
                XCTAssertEqual(error.message, "\(peer.baseURL) answered with something that is not valid HTTP (a bad status line or header, or an answer cut short)", raw)
                XCTAssertEqual(
                    error.hint,
                    "check that --host or INFLUX_HOST names InfluxDB itself, not another service on that port; a proxy in between may be mangling the answer")
            }
            try await client.shutdown()
        }
    }

    func testAPlanAgainstAServerThatNeverAnswersFailsAtTheDeadlineItNames() async throws {
        try workspace.write("main.yml", Manifests.task("cpu"))
        try await sandbox.injectFault(#"{"method":"GET","path":"/api/v2/tasks","latencyMs":4000,"count":0}"#)
        let start = ContinuousClock.now
        let result = try await sandbox.cli("plan", [workspace.path(), "--request-timeout", "1s", "-v"])
        let elapsed = seconds(since: start)
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        let orgID = try await sandbox.orgID()
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(
            Array(lines.suffix(3)),
            [
                "error: cannot read the live state: GET /api/v2/tasks?orgID=\(orgID)&limit=500: no complete answer from \(sandbox.baseURL) within 1 s",
                "  hint: the server (or a proxy in between) accepted the request but did not send its whole answer in time; if it is only slow, raise the limit with --request-timeout, e.g. --request-timeout 2m",
                "",
            ], "\(result)")
        // One attempt only (no retry), cut off at the deadline; the answer would come after 4 s.
        let attempts = lines.filter { $0.hasPrefix("GET /api/v2/tasks?") }
        XCTAssertEqual(attempts.count, 1, "\(result)")
        XCTAssertTrue(attempts.first?.hasPrefix("GET /api/v2/tasks?orgID=\(orgID)&limit=500 ERR ") == true, "\(result)")
        // The attempt itself ended within a second of its 1 s deadline (`-v` prints its time).
        let milliseconds = attempts.first.flatMap { Int($0.split(separator: " ").last?.dropLast(2) ?? "") }
        XCTAssertNotNil(milliseconds, "\(result)")
        XCTAssertLessThanOrEqual(milliseconds ?? .max, 2000, "\(result)")
        XCTAssertLessThan(elapsed, 3.5, "\(elapsed) s")
    }

    /// A task create whose answer trickles: apply stops at the deadline, reports the create as
    /// failed, releases the lock and exits 1; the next apply converges without a duplicate
    /// (the trickled create had been stored).
    func testATrickledWriteFailsAtTheDeadlineAndTheLockIsReleased() async throws {
        try workspace.write("main.yml", Manifests.file(Manifests.task("cpu"), Manifests.task("mem")))
        try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","trickleMs":200,"count":1}"#)
        let start = ContinuousClock.now
        let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--parallelism", "1", "--request-timeout", "1s"])
        let elapsed = seconds(since: start)
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertTrue(result.stderr.contains("no complete answer from \(sandbox.baseURL) within 1 s"), "\(result)")
        // A write cut off may still be carried out: the hint says to look before applying again.
        XCTAssertTrue(
            result.stderr.contains(
                "the server may still carry out this POST after influxsync stopped waiting: run plan in a minute to see where the org stands before applying again"),
            "\(result)")
        XCTAssertLessThan(elapsed, 4, "a trickled 1 KB answer would take minutes; the run took \(elapsed) s")
        let labels = try await liveLabelNames()
        XCTAssertEqual(labels, ["influxsync"], "no lock may be left")

        let rerun = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(rerun.exitCode, 0, "\(rerun)")
        let names = try await sandbox.tasks().map(\.name).sorted()
        XCTAssertEqual(names, ["cpu", "mem"])
    }

    func testARequestTimeoutThatIsNotADurationIsRefused() async throws {
        let result = try await sandbox.cli("plan", [workspace.path(), "--request-timeout", "60"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(
            result.stderr,
            """
            error: --request-timeout expects a duration such as 30s, 2m or 500ms, got "60"
              hint: write it as a number with a unit: ms, s, m or h

            """)
    }

    // MARK: - Redirects

    /// A proxy redirects the task list to another origin that answers an empty list: before,
    /// apply followed it and created a second copy of every owned task. Now the redirect is an
    /// error naming the status and the target, nothing is written and the other origin is
    /// never asked.
    func testARedirectOfTheTaskListIsNeverFollowed() async throws {
        try workspace.write("main.yml", Manifests.file(Manifests.task("cpu"), Manifests.task("mem")))
        let first = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(first.exitCode, 0, "\(first)")
        try await SandboxHarness.with { elsewhere in
            let orgID = try await sandbox.orgID()
            let target = "\(elsewhere.baseURL)/api/v2/tasks?orgID=\(orgID)&limit=500"
            try await sandbox.injectFault(#"{"method":"GET","path":"/api/v2/tasks","status":307,"redirect":"\#(target)","count":0}"#)
            try await sandbox.clearRequests()

            let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--prune"])
            XCTAssertEqual(result.exitCode, 1, "\(result)")
            XCTAssertEqual(
                result.stderr,
                """
                error: cannot read the live state: GET /api/v2/tasks?orgID=\(orgID)&limit=500: 307 Temporary Redirect to \(target) (not followed: InfluxDB never redirects API requests, so a proxy or a wrong URL is in the way)
                  hint: if \(elsewhere.baseURL) is your InfluxDB server, point --host (or INFLUX_HOST) at it; otherwise check the URL and the proxies in between

                """)
            _ = try await sandbox.raw("DELETE", "/sandbox/faults")
            let writes = try await sandbox.resourceWrites()
            XCTAssertEqual(writes, [])
            let asked = try await elsewhere.requests()
            XCTAssertEqual(asked.map(\.path), [])
            let names = try await sandbox.tasks().map(\.name).sorted()
            XCTAssertEqual(names, ["cpu", "mem"])
            let labels = try await liveLabelNames()
            XCTAssertEqual(labels, ["influxsync"])
        }
    }

    /// A redirected DELETE is a failed request, not a done one: the label stays and apply
    /// exits 1 (before: reported `done`, exit 0, label and lock left on the server).
    func testARedirectedLabelDeleteIsReportedAsFailed() async throws {
        try workspace.write("main.yml", Manifests.file(Manifests.label("team-a"), Manifests.task("cpu")))
        let first = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(first.exitCode, 0, "\(first)")
        try workspace.write("main.yml", Manifests.task("cpu"))
        try await sandbox.injectFault(#"{"method":"DELETE","path":"/api/v2/labels/:id","status":308,"redirect":"http://proxy.invalid/x","count":1}"#)

        let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--prune"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertTrue(
            result.stderr.contains(
                "308 Permanent Redirect to http://proxy.invalid/x (not followed: InfluxDB never redirects API requests, so a proxy or a wrong URL is in the way)"), "\(result)")
        let labels = try await liveLabelNames().sorted()
        XCTAssertEqual(labels, ["influxsync", "team-a"], "the label stays, and no lock is left")
    }

    // MARK: - Messages

    func testAProxysHTMLErrorPageIsOneLine() async throws {
        try workspace.write("main.yml", Manifests.task("cpu"))
        try await sandbox.injectFault(#"{"method":"GET","path":"/api/v2/orgs","status":504,"html":true,"count":0}"#)
        let result = try await sandbox.cli("plan", [workspace.path(), "--retry-backoff", "10ms"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(
            result.stderr,
            """
            error: cannot read the live state: GET /api/v2/orgs?org=acme: 504 Gateway Time-out (an HTML page, likely from a proxy)

            """)
    }

    /// The answer to a task create is lost after the server answered the run's earlier
    /// requests: the hint says to run again (the write may have landed), not "is InfluxDB
    /// running there?".
    func testALostAnswerAfterEarlierAnswersHintsToRunAgain() async throws {
        try workspace.write("main.yml", Manifests.task("cpu"))
        try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","dropAnswer":true,"count":1}"#)
        let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertTrue(
            result.stderr.contains(
                "hint: the server answered this run's earlier requests, so the address is right: the connection or a proxy lost this answer. Run the command again: plan and apply converge (a write whose answer was lost is found in the live state)"
            ), "\(result)")
        XCTAssertFalse(result.stderr.contains("is InfluxDB running there?"), "\(result)")
        let rerun = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(rerun.exitCode, 0, "\(rerun)")
        let names = try await sandbox.tasks().map(\.name)
        XCTAssertEqual(names, ["cpu"])
    }
}
