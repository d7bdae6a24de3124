import AsyncHTTPClient
import Foundation
import InfluxSandbox
import NIOCore
import NIOHTTP1
import XCTest

/// Buckets, secrets, authorizations and users in the data file and its journal, the seeded
/// buckets and secrets, and the control API that adds them (influxdb-api.md §17–§20).
final class TenantPersistenceTests: XCTestCase {
    var directory: URL!

    override func setUp() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDown() async throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func send(
        _ sandbox: Sandbox, _ method: HTTPMethod, _ path: String, _ json: [String: Any]? = nil,
        token: String? = "my-token"
    ) async throws -> HTTPResult {
        var req = HTTPClientRequest(url: sandbox.baseURL + path)
        req.method = method
        if let token { req.headers.add(name: "Authorization", value: "Token \(token)") }
        if let json { req.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))) }
        let response = try await HTTPClient.shared.execute(req, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 24)
        return HTTPResult(status: Int(response.status.code), headers: response.headers, body: Array(body.readableBytesView))
    }

    private func orgID(_ sandbox: Sandbox) async throws -> String {
        let orgs = try await send(sandbox, .GET, "/api/v2/orgs?org=my-org")
        return try XCTUnwrap(((try orgs.object()["orgs"] as? [[String: Any]])?.first?["id"]) as? String)
    }

    private func bucketNames(_ sandbox: Sandbox, _ org: String) async throws -> [String] {
        try await send(sandbox, .GET, "/api/v2/buckets?orgID=\(org)").decoded(BucketList.self).buckets.map(\.name)
    }

    func testSeedHasSetupBucketExtraBucketsAndSecrets() async throws {
        var configuration = SandboxConfiguration(port: 0)
        configuration.buckets = ["setup", "telegraf"]
        configuration.secrets = ["SLACK": "x", "PW": "y"]
        let sandbox = try await Sandbox.start(configuration)
        let org = try await orgID(sandbox)
        let names = try await bucketNames(sandbox, org)
        XCTAssertEqual(names, ["_monitoring", "_tasks", "setup", "telegraf"])
        let secrets = try await send(sandbox, .GET, "/api/v2/orgs/\(org)/secrets").decoded(SecretList.self)
        XCTAssertEqual(secrets.secrets, ["PW", "SLACK"])
        await sandbox.stop()
    }

    func testControlAPIAddsBucketsAndSecrets() async throws {
        let sandbox = try await Sandbox.start(SandboxConfiguration(port: 0))
        let org = try await orgID(sandbox)
        let created = try await send(sandbox, .POST, "/sandbox/buckets", ["name": "_odd", "retentionSeconds": 7200], token: nil)
        XCTAssertEqual(created.status, 201, created.text)
        XCTAssertEqual(try created.decoded(BucketBody.self).retentionRules, [.init(type: "expire", everySeconds: 7200, shardGroupDurationSeconds: 3600)])
        let again = try await send(sandbox, .POST, "/sandbox/buckets", ["name": "_odd"], token: nil)
        XCTAssertEqual(again.status, 422, again.text)
        let set = try await send(sandbox, .PATCH, "/sandbox/secrets", ["org": "my-org", "secrets": ["K": "v"]], token: nil)
        XCTAssertEqual(set.status, 204, set.text)
        let names = try await bucketNames(sandbox, org)
        XCTAssertEqual(names, ["_monitoring", "_odd", "_tasks", "my-bucket"])
        let secrets = try await send(sandbox, .GET, "/api/v2/orgs/\(org)/secrets").decoded(SecretList.self)
        XCTAssertEqual(secrets.secrets, ["K"])
        await sandbox.stop()
    }

    /// A crash after acknowledged writes: the snapshot of the start plus the journal beside it
    /// (copied while the sandbox runs) hold every tenant write.
    func testTenantWritesSurviveACrashThroughTheJournal() async throws {
        let file = directory.appendingPathComponent("state.json").path
        let sandbox = try await Sandbox.start(SandboxConfiguration(port: 0, dataFile: file))
        let org = try await orgID(sandbox)
        let bucket = try await send(sandbox, .POST, "/api/v2/buckets", ["orgID": org, "name": "kept"])
        XCTAssertEqual(bucket.status, 201, bucket.text)
        let patched = try await send(sandbox, .PATCH, "/api/v2/orgs/\(org)/secrets", ["K": "v"])
        XCTAssertEqual(patched.status, 204)
        let user = try await send(sandbox, .POST, "/api/v2/users", ["name": "ada"])
        XCTAssertEqual(user.status, 201)
        let auth = try await send(
            sandbox, .POST, "/api/v2/authorizations",
            [
                "orgID": org, "permissions": [["action": "read", "resource": ["type": "buckets", "orgID": org]]],
            ]
        ).decoded(AuthorizationBody.self)
        let crashed = directory.appendingPathComponent("crashed.json").path
        try FileManager.default.copyItem(atPath: file, toPath: crashed)
        try FileManager.default.copyItem(atPath: file + ".journal", toPath: crashed + ".journal")
        await sandbox.stop()

        let restarted = try await Sandbox.start(SandboxConfiguration(port: 0, dataFile: crashed))
        let names = try await bucketNames(restarted, org)
        XCTAssertEqual(names, ["_monitoring", "_tasks", "kept", "my-bucket"])
        let secrets = try await send(restarted, .GET, "/api/v2/orgs/\(org)/secrets").decoded(SecretList.self)
        XCTAssertEqual(secrets.secrets, ["K"])
        let users = try await send(restarted, .GET, "/api/v2/users?name=ada").decoded(UserList.self)
        XCTAssertEqual(users.users.map(\.name), ["ada"])
        let withNewToken = try await send(restarted, .GET, "/api/v2/buckets?orgID=\(org)", token: auth.token).decoded(BucketList.self)
        XCTAssertEqual(withNewToken.buckets.map(\.name), ["kept", "my-bucket"])
        await restarted.stop()
    }

    /// A data file written before buckets, secrets and authorization IDs existed loads, gains
    /// the system and setup buckets, and lists its tokens as authorizations.
    func testDataFileFromBeforeTenantStateLoads() async throws {
        let file = directory.appendingPathComponent("old.json").path
        let first = try await Sandbox.start(SandboxConfiguration(port: 0, dataFile: file))
        await first.stop()
        var state = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        state["buckets"] = nil
        state["secrets"] = nil
        state["tokens"] = (state["tokens"] as? [[String: Any]])?.map { token in
            token.filter { ["token", "userID", "orgID", "status"].contains($0.key) }
        }
        try JSONSerialization.data(withJSONObject: state).write(to: URL(fileURLWithPath: file))
        let sandbox = try await Sandbox.start(SandboxConfiguration(port: 0, dataFile: file))
        let org = try await orgID(sandbox)
        let names = try await bucketNames(sandbox, org)
        XCTAssertEqual(names, ["_monitoring", "_tasks", "my-bucket"])
        let auths = try await send(sandbox, .GET, "/api/v2/authorizations").decoded(AuthorizationList.self)
        XCTAssertEqual(auths.authorizations.map(\.token), ["my-token"])
        XCTAssertEqual(auths.authorizations.first?.orgID, org)
        await sandbox.stop()
    }
}
