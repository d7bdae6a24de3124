import AsyncHTTPClient
import Foundation
import InfluxSandbox
import NIOCore
import XCTest

/// The JSON data file: seeding, reloading, corrupt files, atomic replacement (issue 4 §4).
final class PersistenceTests: XCTestCase {
    var directory: URL!

    override func setUp() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDown() async throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func get(_ sandbox: Sandbox, _ path: String, token: String = "my-token") async throws -> (Int, [String: Any]) {
        var req = HTTPClientRequest(url: sandbox.baseURL + path)
        req.headers.add(name: "Authorization", value: "Token \(token)")
        let response = try await HTTPClient.shared.execute(req, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 24)
        let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
        return (Int(response.status.code), object)
    }

    private func post(_ sandbox: Sandbox, _ path: String, _ json: [String: Any], token: String = "my-token") async throws -> (Int, [String: Any]) {
        var req = HTTPClientRequest(url: sandbox.baseURL + path)
        req.method = .POST
        req.headers.add(name: "Authorization", value: "Token \(token)")
        req.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        let response = try await HTTPClient.shared.execute(req, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 24)
        let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
        return (Int(response.status.code), object)
    }

    private func orgID(_ sandbox: Sandbox, _ name: String = "my-org", token: String = "my-token") async throws -> String {
        let (status, o) = try await get(sandbox, "/api/v2/orgs?org=\(name)", token: token)
        XCTAssertEqual(status, 200)
        return try XCTUnwrap(((o["orgs"] as? [[String: Any]])?.first?["id"]) as? String)
    }

    func testMissingDataFileIsCreatedWithTheSeed() async throws {
        let file = directory.appendingPathComponent("state.json").path
        let sandbox = try await Sandbox.start(SandboxConfiguration(port: 0, dataFile: file))
        XCTAssertTrue(FileManager.default.fileExists(atPath: file))
        _ = try await orgID(sandbox)
        await sandbox.stop()
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
    }

    func testWritesSurviveARestartAndIDsKeepIncreasing() async throws {
        let file = directory.appendingPathComponent("state.json").path
        var sandbox = try await Sandbox.start(SandboxConfiguration(port: 0, dataFile: file))
        let org = try await orgID(sandbox)
        let (status, label) = try await post(sandbox, "/api/v2/labels", ["orgID": org, "name": "kept"])
        XCTAssertEqual(status, 201)
        let firstID = try XCTUnwrap((label["label"] as? [String: Any])?["id"] as? String)
        await sandbox.stop()
        sandbox = try await Sandbox.start(SandboxConfiguration(port: 0, dataFile: file))
        let awaited11 = try await orgID(sandbox)
        XCTAssertEqual(awaited11, org)
        let (getStatus, got) = try await get(sandbox, "/api/v2/labels/\(firstID)")
        XCTAssertEqual(getStatus, 200)
        XCTAssertEqual((got["label"] as? [String: Any])?["name"] as? String, "kept")
        let (_, second) = try await post(sandbox, "/api/v2/labels", ["orgID": org, "name": "next"])
        XCTAssertGreaterThan(try XCTUnwrap((second["label"] as? [String: Any])?["id"] as? String), firstID)
        await sandbox.stop()
    }

    func testCorruptDataFileIsAClearErrorNamingTheFile() async throws {
        let file = directory.appendingPathComponent("broken.json").path
        try Data("{\"orgs\": [".utf8).write(to: URL(fileURLWithPath: file))
        do {
            let sandbox = try await Sandbox.start(SandboxConfiguration(port: 0, dataFile: file))
            await sandbox.stop()
            XCTFail("a corrupt data file must not start")
        } catch {
            // In our words, not the decoder's ("The given data was not valid JSON.").
            XCTAssertEqual("\(error)", "\(file): not a valid sandbox data file (not JSON); move it away or delete it to start from a fresh seed")
        }
    }

    /// One process (here: one sandbox) at a time on a data file: two at once lost each
    /// other's writes. A second one waits for the first, then gives up naming the file; once
    /// the first stops, the file is free.
    func testADataFileInUseIsRefusedUntilItsSandboxStops() async throws {
        let file = directory.appendingPathComponent("shared.json").path
        let first = try await Sandbox.start(SandboxConfiguration(port: 0, dataFile: file))
        var second = SandboxConfiguration(port: 0, dataFile: file)
        second.dataFileWaitSeconds = 0.2
        do {
            let sandbox = try await Sandbox.start(second)
            await sandbox.stop()
            XCTFail("a data file in use must not be opened twice")
        } catch let error as SandboxError {
            XCTAssertTrue(error.dataFileInUse)
            XCTAssertEqual(
                error.description,
                "\(file) is in use by another influxsync process (a `sandbox serve --data \(file)`, or a plan or apply with --sandbox \(file)); nothing was changed")
        }
        await first.stop()
        let again = try await Sandbox.start(second)
        await again.stop()
    }

    func testAnotherOrgAndTokenAreAddedToAnExistingFile() async throws {
        let file = directory.appendingPathComponent("state.json").path
        var sandbox = try await Sandbox.start(SandboxConfiguration(port: 0, dataFile: file, orgName: "first", token: "t1"))
        let first = try await orgID(sandbox, "first", token: "t1")
        await sandbox.stop()
        sandbox = try await Sandbox.start(SandboxConfiguration(port: 0, dataFile: file, orgName: "second", token: "t2"))
        let awaited10 = try await orgID(sandbox, "first", token: "t1")
        XCTAssertEqual(awaited10, first)
        let awaited9 = try await orgID(sandbox, "first", token: "t2")
        XCTAssertEqual(awaited9, first)
        let awaited8 = try await orgID(sandbox, "second", token: "t1")
        XCTAssertNotEqual(awaited8, first)
        await sandbox.stop()
    }

    func testPortInUseIsAClearError() async throws {
        let sandbox = try await Sandbox.start(SandboxConfiguration(port: 0))
        do {
            let second = try await Sandbox.start(SandboxConfiguration(port: sandbox.port))
            await second.stop()
            XCTFail("second bind must fail")
        } catch {
            XCTAssertTrue("\(error)".hasPrefix("cannot listen on 127.0.0.1:\(sandbox.port):"), "\(error)")
        }
        await sandbox.stop()
    }

    func testWaitUntilStoppedReturnsAfterStopWithoutError() async throws {
        let sandbox = try await Sandbox.start(SandboxConfiguration(port: 0))
        async let waited: Void = sandbox.waitUntilStopped()
        await sandbox.stop()
        try await waited
        await sandbox.stop()  // a second stop does nothing
    }

    func testNoTemporaryFilesAreLeftBehind() async throws {
        let file = directory.appendingPathComponent("state.json").path
        let sandbox = try await Sandbox.start(SandboxConfiguration(port: 0, dataFile: file))
        let org = try await orgID(sandbox)
        for i in 0..<20 { _ = try await post(sandbox, "/api/v2/labels", ["orgID": org, "name": "l\(i)"]) }
        await sandbox.stop()
        // The lock file stays (removing a lock file others may have opened would let two in).
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(), ["state.json", "state.json.lock"])
    }
}
