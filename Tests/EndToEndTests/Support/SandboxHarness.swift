import AsyncHTTPClient
import Foundation
import InfluxAPI
import InfluxHTTPClient
import InfluxSandbox
import NIOCore
import XCTest

/// One entry of the sandbox's request log (`GET /sandbox/requests`).
struct LoggedRequest: Decodable, Hashable, CustomStringConvertible {
    var method: String
    var path: String
    var query: String?
    var status: Int

    /// True for anything but a read.
    var isWrite: Bool { method != "GET" && method != "HEAD" }

    var description: String { "\(method) \(path)\(query.map { $0.isEmpty ? "" : "?" + $0 } ?? "") \(status)" }
}

/// A sandbox started in the test process on an ephemeral loopback port, with helpers to talk
/// to it directly (behind the CLI's back) and to read its request log.
final class SandboxHarness: @unchecked Sendable {
    static let org = "acme"
    static let token = "e2e-secret-token-5f3c9a"

    let sandbox: Sandbox
    let baseURL: String
    /// A client for direct API calls (setting up live state the CLI then finds).
    let api: InfluxHTTPClient

    private init(sandbox: Sandbox) throws {
        self.sandbox = sandbox
        self.baseURL = "http://127.0.0.1:\(sandbox.port)"
        self.api = try InfluxHTTPClient(baseURL: baseURL, token: Self.token, retryPolicy: .none)
    }

    /// Starts a fresh, in-memory sandbox seeded with org `acme` and the test token; with
    /// `scheduler`, active tasks get runs at their schedule (as `sandbox serve --scheduler`);
    /// `flavor` `.cloud` emulates InfluxDB Cloud (as `sandbox serve --flavor cloud`).
    /// `buckets` are seeded into the org: by default the ones the fixtures' and `examples/`'
    /// tasks read and write, since runs of a task whose bucket is missing fail (§23.3).
    static func start(
        scheduler: Bool = false, flavor: SandboxFlavor = .oss,
        buckets: [String] = fixtureBuckets
    ) async throws -> SandboxHarness {
        var configuration = SandboxConfiguration(
            host: "127.0.0.1", port: 0, dataFile: nil, orgName: org, token: token,
            userName: "e2e", scheduler: scheduler)
        configuration.flavor = flavor
        configuration.buckets = buckets
        let sandbox = try await Sandbox.start(configuration)
        return try SandboxHarness(sandbox: sandbox)
    }

    /// The buckets the end-to-end fixtures and `examples/` name.
    static let fixtureBuckets = [
        "e2e-bucket", "telegraf", "telegraf-daily", "telegraf-downsampled", "alerts",
        "a", "b", "c", "x", "ds", "raw",
    ]

    /// Starts a sandbox, runs `body` with it, and stops it whatever happens (a client that is
    /// not shut down would abort the test process).
    static func with(_ body: (SandboxHarness) async throws -> Void) async throws {
        let harness = try await start()
        do {
            try await body(harness)
        } catch {
            try? await harness.stop()
            throw error
        }
        try await harness.stop()
    }

    func stop() async throws {
        try await api.shutdown()
        await sandbox.stop()
    }

    /// The connection flags that point the CLI at this sandbox.
    var connectionArguments: [String] { ["--host", baseURL, "--token", Self.token, "--org", Self.org] }

    /// Runs the CLI against this sandbox: `influxsync <subcommand> <arguments> --host … --token … --org …`.
    func cli(
        _ subcommand: String, _ arguments: [String], environment: [String: String] = ["NO_COLOR": "1"], input: String? = nil, closedOutput: Bool = false
    ) async throws -> CLIResult {
        try await CLIProcess.run([subcommand] + arguments + connectionArguments, environment: environment, input: input, closedOutput: closedOutput)
    }

    // MARK: Control API

    /// Every request the sandbox served under `/api/v2`, in order.
    func requests() async throws -> [LoggedRequest] {
        struct Log: Decodable { var requests: [LoggedRequest] }
        let (status, body) = try await raw("GET", "/sandbox/requests")
        XCTAssertEqual(status, 200, String(decoding: body, as: UTF8.self))
        return try JSONDecoder().decode(Log.self, from: body).requests.filter { !$0.path.hasPrefix("/sandbox") }
    }

    /// The writes (non-GET requests) of the log, as `METHOD /path STATUS`.
    func writes() async throws -> [String] {
        try await requests().filter(\.isWrite).map { "\($0.method) \($0.path) \($0.status)" }
    }

    /// The writes of the log without the apply lock's own requests (issue 10), as
    /// `METHOD /path STATUS`: apply takes the lock with a `POST /api/v2/labels` straight after
    /// resolving the org (`GET /api/v2/orgs…`), and releases it with the last request of the
    /// command, a `DELETE /api/v2/labels/{id}` (followed by the next command's org lookup, or by
    /// nothing). Every other label create comes after the task reads, every other label delete
    /// before the release.
    ///
    /// With `excludingThrottled`, requests refused with 429 (a rate-limited sandbox) are left
    /// out first: the writes then are the ones the server served.
    /// `GET /api/v2/orgs` or `GET /api/v2/orgs/{id}`: how a command resolves its org.
    static func isOrgLookup(_ request: LoggedRequest) -> Bool {
        request.path == "/api/v2/orgs"
            || (request.path.hasPrefix("/api/v2/orgs/") && !request.path.dropFirst("/api/v2/orgs/".count).contains("/"))
    }

    func resourceWrites(excludingThrottled: Bool = false) async throws -> [String] {
        let log = try await requests().filter { !excludingThrottled || $0.status != 429 }
        var kept: [LoggedRequest] = []
        for (index, request) in log.enumerated() {
            let previous = index > 0 ? log[index - 1] : nil
            // The next write or org lookup: a read the command had in flight when it failed
            // (the checks' reads run beside the live reads) may still arrive after the release.
            let next = log[(index + 1)...].first { $0.isWrite || Self.isOrgLookup($0) }
            // The lock is taken right after the org lookup (`GET /api/v2/orgs?org=` or
            // `/api/v2/orgs/{id}`) and released as the command's last write, before the next
            // command's lookup. Only those paths: the checks' secret read
            // (`GET /api/v2/orgs/{id}/secrets`) runs beside the live reads and may sit anywhere.
            if request.method == "POST", request.path == "/api/v2/labels", previous.map(Self.isOrgLookup) == true { continue }
            if request.method == "DELETE", request.path.hasPrefix("/api/v2/labels/"),
                next == nil || next.map(Self.isOrgLookup) == true
            {
                continue
            }
            kept.append(request)
        }
        return kept.filter(\.isWrite).map { "\($0.method) \($0.path) \($0.status)" }
    }

    /// Empties the request log.
    func clearRequests() async throws {
        let (status, body) = try await raw("DELETE", "/sandbox/requests")
        XCTAssertTrue((200..<300).contains(status), String(decoding: body, as: UTF8.self))
    }

    /// Sends a raw request to the sandbox with the test token; returns status and body.
    func raw(_ method: String, _ path: String, json: String? = nil) async throws -> (Int, Data) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .init(rawValue: method)
        request.headers.add(name: "Authorization", value: "Token \(Self.token)")
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Data(body.readableBytesView))
    }

    /// Installs a fault (`POST /sandbox/faults`), e.g.
    /// `{"method":"POST","path":"/api/v2/tasks","skip":2,"count":1,"status":429,"retryAfter":1}`.
    func injectFault(_ json: String) async throws {
        let (status, body) = try await raw("POST", "/sandbox/faults", json: json)
        XCTAssertEqual(status, 201, String(decoding: body, as: UTF8.self))
    }

    // MARK: Live state helpers

    /// The seeded org.
    func orgID() async throws -> String { try await api.findOrg(name: Self.org).id }

    /// Every task of the org, ascending ID.
    func tasks() async throws -> [InfluxTask] {
        let id = try await orgID()
        var all: [InfluxTask] = [], after: String? = nil
        while true {
            let page = try await api.listTasks(orgID: id, after: after, limit: 500)
            all += page
            guard page.count == 500, let last = page.last else { return all }
            after = last.id
        }
    }

    /// The one live task with this name (fails the test when there is not exactly one).
    func task(named name: String, file: StaticString = #filePath, line: UInt = #line) async throws -> InfluxTask {
        let matches = try await tasks().filter { $0.name == name }
        XCTAssertEqual(matches.count, 1, "live tasks named \(name)", file: file, line: line)
        return try XCTUnwrap(matches.first, file: file, line: line)
    }

    /// The live label with this name.
    func label(named name: String, file: StaticString = #filePath, line: UInt = #line) async throws -> InfluxLabel {
        let labels = try await api.listLabels(orgID: try await orgID())
        return try XCTUnwrap(labels.first { $0.name == name }, "live label \(name)", file: file, line: line)
    }

    /// Creates a task directly through the API (not through influxsync).
    @discardableResult
    func createTask(flux: String, status: String = "active", description: String? = nil, labels: [String] = []) async throws -> InfluxTask {
        let task = try await api.createTask(TaskCreateRequest(orgID: try await orgID(), flux: flux, status: status, description: description))
        for name in labels {
            try await api.addTaskLabel(taskID: task.id, labelID: try await label(named: name).id)
        }
        return task
    }
}
