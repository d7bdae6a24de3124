import Foundation
import InfluxAPI
import InfluxHTTPClient
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
        let sandbox = try await SandboxHarness.start()
        let client = try InfluxHTTPClient(baseURL: sandbox.baseURL, token: "not-the-token")
        do {
            _ = try await client.findOrg(name: SandboxHarness.org)
            XCTFail("expected 401")
        } catch let error as InfluxAPIError {
            XCTAssertEqual(error, InfluxAPIError(method: "GET", path: "/api/v2/orgs?org=acme", status: 401, code: "unauthorized", message: "unauthorized access"))
            XCTAssertEqual(error.description, "GET /api/v2/orgs?org=acme: 401 unauthorized: unauthorized access")
        }
        try await client.shutdown()

        let result = try await CLIProcess.run(["plan", "-", "--host", sandbox.baseURL, "--token", "not-the-token", "--org", "acme"],
                                              input: Manifests.task("cpu-downsample"))
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(result.stderr, """
            error: cannot read the live state: GET /api/v2/orgs?org=acme: 401 unauthorized: unauthorized access
              hint: check the API token (--token, --token-file or INFLUX_TOKEN) and its permissions

            """)
        XCTAssertEqual(result.stdout, "")
        try await sandbox.stop()
    }

    func testConnectionRefusedNamesTheHostAndRetriesReadsTwice() async throws {
        let closed = try ClosedPort()
        let records = Records()
        let base = "http://127.0.0.1:\(closed.port)"
        let client = try InfluxHTTPClient(baseURL: base, token: "secret",
                                          retryPolicy: RetryPolicy(maxReadRetries: 2, initialBackoffSeconds: 0.01),
                                          observer: { records.add($0) })
        do {
            _ = try await client.findOrg(name: "acme")
            XCTFail("expected a transport error")
        } catch let error as InfluxAPIError {
            XCTAssertEqual(error, InfluxAPIError(method: "GET", path: "/api/v2/orgs?org=acme", status: nil, code: nil,
                                                 message: "cannot connect to \(base): connection refused"))
        }
        XCTAssertEqual(records.all.map { "\($0.method) \($0.target) \($0.status.map(String.init) ?? "ERR")" },
                       Array(repeating: "GET /api/v2/orgs?org=acme ERR", count: 3))

        // A write is not retried on a transport failure.
        do {
            _ = try await client.createTask(TaskCreateRequest(orgID: "0000000000000001", flux: "x", status: "active"))
            XCTFail("expected a transport error")
        } catch let error as InfluxAPIError {
            XCTAssertNil(error.status)
        }
        XCTAssertEqual(records.all.count, 4)
        try await client.shutdown()

        let result = try await CLIProcess.run(["plan", "-", "--token", "secret", "--org", "acme"],
                                              environment: ["INFLUX_HOST": base], input: Manifests.task("cpu-downsample"))
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(result.stderr, """
            error: cannot read the live state: GET /api/v2/orgs?org=acme: cannot connect to \(base): connection refused
              hint: is InfluxDB running there? Set the URL with --host or INFLUX_HOST

            """)
    }

    func testMissingTokenAndOrgAreClearErrorsBeforeAnyRequest() async throws {
        let noToken = try await CLIProcess.run(["plan", "-", "--org", "acme"], input: Manifests.task("t"))
        XCTAssertEqual(noToken.exitCode, 1)
        XCTAssertEqual(noToken.stderr, "error: no API token: pass --token or --token-file, or set INFLUX_TOKEN\n")
        let noOrg = try await CLIProcess.run(["plan", "-"], environment: ["INFLUX_TOKEN": "t"], input: Manifests.task("t"))
        XCTAssertEqual(noOrg.exitCode, 1)
        XCTAssertEqual(noOrg.stderr, "error: no organization: pass --org or --org-id, or set INFLUX_ORG or INFLUX_ORG_ID\n")
    }

    func testTokenFileAndEnvironmentAreUsed() async throws {
        let sandbox = try await SandboxHarness.start()
        let workspace = try Workspace()
        let tokenFile = try workspace.write("token", "  \(SandboxHarness.token)\n")
        try workspace.write("m/a.yml", Manifests.task("cpu-downsample"))
        let result = try await CLIProcess.run(
            ["plan", workspace.path("m"), "--token-file", tokenFile, "--detailed-exitcode"],
            environment: ["INFLUX_HOST": sandbox.baseURL, "INFLUX_ORG": SandboxHarness.org, "INFLUX_TOKEN": "wrong", "NO_COLOR": "1"])
        XCTAssertEqual(result.exitCode, 2, "\(result)")
        XCTAssertTrue(result.stdout.hasSuffix("Plan: 1 to add, 0 to change, 0 to destroy.\n"), "\(result)")
        try await sandbox.stop()
    }
}
