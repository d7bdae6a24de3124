import Foundation
import InfluxAPI
import InfluxHTTPClient
import TestSupport
import XCTest

/// `InfluxHTTPClient` against the sandbox and against a closed port, and the CLI's messages
/// for the same failures.
final class HTTPClientTests: XCTestCase {
    /// Collects observer records.
    final class Records: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [RequestRecord] = []
        func add(_ record: RequestRecord) { lock.lock(); items.append(record); lock.unlock() }
        var all: [RequestRecord] { lock.lock(); defer { lock.unlock() }; return items }
    }

    func testWrongTokenGives401WithTheServersCodeAndMessage() async throws {
        try await SandboxHarness.with { sandbox in
            let client = try InfluxHTTPClient(baseURL: sandbox.baseURL, token: "not-the-token")
            do {
                _ = try await client.findOrg(name: SandboxHarness.org)
                XCTFail("expected 401")
            } catch let error as InfluxAPIError {
                XCTAssertEqual(error, InfluxAPIError(method: "GET", path: "/api/v2/orgs?org=acme", status: 401, code: "unauthorized", message: "unauthorized access"))
                XCTAssertEqual(error.description, "GET /api/v2/orgs?org=acme: 401 unauthorized: unauthorized access")
            }
            try await client.shutdown()

            let result = try await CLIProcess.run(
                ["plan", "-", "--host", sandbox.baseURL, "--token", "not-the-token", "--org", "acme"],
                input: Manifests.task("cpu-downsample"))
            XCTAssertEqual(result.exitCode, 1, "\(result)")
            XCTAssertEqual(
                result.stderr,
                """
                error: cannot read the live state: GET /api/v2/orgs?org=acme: 401 unauthorized: unauthorized access
                  hint: check the API token (--token, --token-file or INFLUX_TOKEN) and its permissions

                """)
            XCTAssertEqual(result.stdout, "")
        }
    }

    /// An applier's write refused (429) while no 2xx answer came for `maxThrottledSeconds` is
    /// final, however many retries it has left: a server that throttles for good ends the apply.
    func testAWriteRefusedForLongerThanTheLongestThrottledStretchIsFinal() async throws {
        try await SandboxHarness.with { sandbox in
            try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","status":429,"retryAfter":0,"count":0}"#)
            let client = try InfluxHTTPClient(
                baseURL: sandbox.baseURL, token: SandboxHarness.token,
                retryPolicy: RetryPolicy(maxThrottleRetries: 1_000_000, jitterFraction: 0, maxThrottledSeconds: 0.3), clock: RecordingClock())
            let request = TaskCreateRequest(orgID: try await sandbox.orgID(), flux: "option task = {name: \"t\", every: 1h}\n", status: "active")
            do {
                _ = try await InterruptibleRequests.$active.withValue(true) { try await client.createTask(request) }
                XCTFail("expected the refusal")
            } catch let error as InfluxAPIError {
                XCTAssertEqual(error.status, 429)
            }
            let sent = try await sandbox.requests().filter { $0.method == "POST" && $0.path == "/api/v2/tasks" }.count
            XCTAssertGreaterThan(sent, 1, "retried until the stretch was over")
            XCTAssertLessThan(sent, 1_000_001)
            try await client.shutdown()
        }
    }

    /// A `Retry-After` longer than the client waits (60 s) fails the request at once, and the
    /// hint says why (it printed only the 429).
    func testARetryAfterLongerThanTheClientWaitsIsExplained() async throws {
        try await SandboxHarness.with { sandbox in
            try await sandbox.injectFault(#"{"method":"GET","path":"/api/v2/orgs","status":429,"retryAfter":3600,"count":1}"#)
            let client = try InfluxHTTPClient(baseURL: sandbox.baseURL, token: SandboxHarness.token, clock: RecordingClock())
            do {
                _ = try await client.findOrg(name: SandboxHarness.org)
                XCTFail("expected the refusal")
            } catch let error as InfluxAPIError {
                XCTAssertEqual(error.status, 429)
                XCTAssertEqual(
                    error.hint,
                    "the server asked to wait 3600 s (Retry-After) before this request is sent again, longer than the 60 s influxsync waits: run the command again later")
            }
            try await client.shutdown()
        }
    }

    func testConnectionRefusedNamesTheHostAndRetriesReadsTwice() async throws {
        let closed = try ClosedPort()
        let records = Records()
        let base = "http://127.0.0.1:\(closed.port)"
        let clock = RecordingClock()
        let client = try InfluxHTTPClient(
            baseURL: base, token: "secret",
            retryPolicy: RetryPolicy(maxReadRetries: 2, jitterFraction: 0),
            observer: { records.add($0) }, clock: clock)
        do {
            _ = try await client.findOrg(name: "acme")
            XCTFail("expected a transport error")
        } catch let error as InfluxAPIError {
            XCTAssertEqual(
                error,
                InfluxAPIError(
                    method: "GET", path: "/api/v2/orgs?org=acme", status: nil, code: nil,
                    message: "cannot connect to \(base): connection refused",
                    hint: "is InfluxDB running there? Set the URL with --host or INFLUX_HOST"))
        }
        XCTAssertEqual(
            records.all.map { "\($0.method) \($0.target) \($0.status.map(String.init) ?? "ERR")" },
            Array(repeating: "GET /api/v2/orgs?org=acme ERR", count: 3))
        XCTAssertEqual(clock.sleeps, [.seconds(1), .seconds(2)], "the default backoff, waited on the client's clock")

        // A write is not retried on a transport failure.
        do {
            _ = try await client.createTask(TaskCreateRequest(orgID: "0000000000000001", flux: "x", status: "active"))
            XCTFail("expected a transport error")
        } catch let error as InfluxAPIError {
            XCTAssertNil(error.status)
        }
        XCTAssertEqual(records.all.count, 4)
        XCTAssertEqual(clock.sleeps, [.seconds(1), .seconds(2)], "no wait before a write that is not retried")
        try await client.shutdown()

        let result = try await CLIProcess.run(
            ["plan", "-", "--token", "secret", "--org", "acme"] + CLIProcess.quickRetries,
            environment: ["INFLUX_HOST": base], input: Manifests.task("cpu-downsample"))
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(
            result.stderr,
            """
            error: cannot read the live state: GET /api/v2/orgs?org=acme: cannot connect to \(base): connection refused
              hint: is InfluxDB running there? Set the URL with --host or INFLUX_HOST

            """)
    }

    func testMissingTokenAndOrgAreClearErrorsBeforeAnyRequest() async throws {
        let noToken = try await CLIProcess.run(["plan", "-", "--org", "acme"], input: Manifests.task("t"))
        XCTAssertEqual(noToken.exitCode, 1)
        XCTAssertEqual(
            noToken.stderr,
            "error: no API token: pass --token or --token-file, or set INFLUX_TOKEN\n  hint: a --target's tokenEnv or tokenFile, or the active influx CLI config (~/.influxdbv2/configs), can also provide it\n"
        )
        let noOrg = try await CLIProcess.run(["plan", "-"], environment: ["INFLUX_TOKEN": "t"], input: Manifests.task("t"))
        XCTAssertEqual(noOrg.exitCode, 1)
        XCTAssertEqual(
            noOrg.stderr,
            "error: no organization: pass --org or --org-id, or set INFLUX_ORG or INFLUX_ORG_ID\n  hint: a --target's org or orgID, or the active influx CLI config (~/.influxdbv2/configs), can also name it\n"
        )
    }

    func testTokenFileAndEnvironmentAreUsed() async throws {
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            let tokenFile = try workspace.write("token", "  \(SandboxHarness.token)\n")
            try workspace.write("m/a.yml", Manifests.task("cpu-downsample"))
            let result = try await CLIProcess.run(
                ["plan", workspace.path("m"), "--token-file", tokenFile, "--detailed-exitcode"],
                environment: ["INFLUX_HOST": sandbox.baseURL, "INFLUX_ORG": SandboxHarness.org, "INFLUX_TOKEN": "wrong", "NO_COLOR": "1"])
            XCTAssertEqual(result.exitCode, 2, "\(result)")
            XCTAssertTrue(result.stdout.hasSuffix("Plan: 2 to add, 0 to change, 0 to destroy.\n"), "\(result)")
        }
    }

    func testThrottledPostIsRetriedAfterRetryAfter() async throws {
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            try workspace.write(
                "a.yml",
                Manifests.file(
                    Manifests.task("t1", query: "from(bucket: \"a\") |> range(start: -1h)"),
                    Manifests.task("t2", query: "from(bucket: \"b\") |> range(start: -1h)"),
                    Manifests.task("t3", query: "from(bucket: \"c\") |> range(start: -1h)")))
            // The third task creation is answered 429 with Retry-After: 1, once.
            try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","skip":2,"count":1,"status":429,"retryAfter":1,"message":"rate limited"}"#)

            // One request at a time (--parallelism 1): the fault hits the third create in plan order.
            let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "-v", "--parallelism", "1"])
            XCTAssertEqual(result.exitCode, 0, "\(result)")
            let creates = try await sandbox.requests().filter { $0.method == "POST" && $0.path == "/api/v2/tasks" }.map(\.status)
            XCTAssertEqual(creates, [201, 201, 429, 201])
            let shown = result.stderr.split(separator: "\n").filter { $0.hasPrefix("POST /api/v2/tasks ") }
                .map { $0.split(separator: " ")[2] }
            XCTAssertEqual(shown, ["201", "201", "429", "201"])
            let names = try await sandbox.tasks().map(\.name).sorted()
            XCTAssertEqual(names, ["t1", "t2", "t3"], "each task exactly once")
        }
    }

    func testServerErrorsRetryReadsButNeverWrites() async throws {
        try await SandboxHarness.with { sandbox in
            let records = Records()
            let clock = RecordingClock()
            let client = try InfluxHTTPClient(
                baseURL: sandbox.baseURL, token: SandboxHarness.token,
                retryPolicy: RetryPolicy(maxReadRetries: 2, jitterFraction: 0),
                observer: { records.add($0) }, clock: clock)
            let orgID = try await sandbox.orgID()
            try await sandbox.clearRequests()

            // A read answered 500 twice, then normally: retried, succeeds.
            try await sandbox.injectFault(#"{"method":"GET","path":"/api/v2/labels","count":2,"status":500,"message":"boom"}"#)
            let labels = try await client.listLabels(orgID: orgID)
            XCTAssertEqual(labels, [])
            XCTAssertEqual(
                records.all.map { "\($0.method) \($0.target) \($0.status ?? 0)" },
                Array(repeating: "GET /api/v2/labels?orgID=\(orgID) 500", count: 2) + ["GET /api/v2/labels?orgID=\(orgID) 200"])
            XCTAssertEqual(clock.sleeps, [.seconds(1), .seconds(2)])

            // A write answered 500: not retried, the server's code and message are reported.
            try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/labels","count":1,"status":500,"message":"boom"}"#)
            do {
                _ = try await client.createLabel(LabelCreateRequest(orgID: orgID, name: "x", properties: [:]))
                XCTFail("expected the 500")
            } catch let error as InfluxAPIError {
                XCTAssertEqual(error, InfluxAPIError(method: "POST", path: "/api/v2/labels", status: 500, code: "internal error", message: "boom"))
            }
            let posts = try await sandbox.requests().filter { $0.method == "POST" }
            XCTAssertEqual(posts.map(\.status), [500])
            let after = try await client.listLabels(orgID: orgID)
            XCTAssertEqual(after, [], "the failed write was not sent again")
            XCTAssertEqual(clock.sleeps, [.seconds(1), .seconds(2)], "and was not waited for either")
            try await client.shutdown()
        }
    }
}
