import AsyncHTTPClient
import Foundation
import InfluxSandbox
import NIOCore
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// Killing the sandbox with SIGKILL while it writes never corrupts its data file, and every
/// write it acknowledged is in the file (issue 4 §4).
///
/// The child process is the built `influxsync sandbox serve` (it sits next to the test bundle
/// in the build products directory), serving on an ephemeral port.
final class CrashSafetyTests: XCTestCase {
    func testSIGKILLDuringWritesNeverCorruptsTheDataFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sigkill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("state.json").path
        var acknowledged: [String] = []
        var counter = 0
        for round in 0..<5 {
            let (child, port) = try await spawnChild(file: file)
            let org = try await orgID(port: port)
            // Writes in flight while the kill lands: four concurrent writers.
            let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(40 + round * 30) * 1_000_000
            let results = await withTaskGroup(of: [String].self) { group in
                for w in 0..<4 {
                    let start = counter + w * 10_000
                    group.addTask {
                        var ids: [String] = []
                        var i = start
                        while DispatchTime.now().uptimeNanoseconds < deadline + 200_000_000 {
                            guard let id = try? await Self.createLabel(port: port, orgID: org, name: "l\(i)") else { break }
                            ids.append(id)
                            i += 1
                        }
                        return ids
                    }
                }
                group.addTask {
                    try? await Task.sleep(nanoseconds: deadline - min(deadline, DispatchTime.now().uptimeNanoseconds))
                    kill(child.processIdentifier, SIGKILL)
                    return []
                }
                var all: [String] = []
                for await ids in group { all += ids }
                return all
            }
            child.waitUntilExit()
            XCTAssertEqual(child.terminationReason, .uncaughtSignal)
            acknowledged += results
            counter += 100_000
            // The file must load, and hold every acknowledged label.
            let sandbox = try await Sandbox.start(SandboxConfiguration(port: 0, dataFile: file))
            let ids = try await labelIDs(port: sandbox.port)
            await sandbox.stop()
            XCTAssertTrue(Set(acknowledged).isSubset(of: Set(ids)), "round \(round): acknowledged writes missing")
        }
        XCTAssertGreaterThan(acknowledged.count, 0)
    }

    /// Starts the built `influxsync sandbox serve --port 0 --data FILE` (the product users run)
    /// and reads the bound port from its "listening on" line.
    private func spawnChild(file: String) async throws -> (Process, Int) {
        let process = Process()
        process.executableURL = Bundle.main.bundleURL.appendingPathComponent("influxsync")
        process.arguments = ["sandbox", "serve", "--port", "0", "--data", file, "--org", "my-org", "--token", "my-token"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while let chunk = try output.fileHandleForReading.read(upToCount: 1), !chunk.isEmpty {
            seen += String(decoding: chunk, as: UTF8.self)
            if seen.hasSuffix("\n"), let range = seen.range(of: "listening on http://127.0.0.1:") {
                let digits = seen[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) { return (process, port) }
            }
        }
        process.terminate()
        XCTFail("the sandbox child did not start; it printed: \(seen)")
        throw CancellationError()
    }

    private static func send(_ req: HTTPClientRequest) async throws -> [String: Any] {
        let response = try await HTTPClient.shared.execute(req, timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 24)
        guard (200..<300).contains(Int(response.status.code)) else { throw CancellationError() }
        return (try JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    private func orgID(port: Int) async throws -> String {
        var req = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v2/orgs?org=my-org")
        req.headers.add(name: "Authorization", value: "Token my-token")
        let o = try await Self.send(req)
        return try XCTUnwrap(((o["orgs"] as? [[String: Any]])?.first?["id"]) as? String)
    }

    private static func createLabel(port: Int, orgID: String, name: String) async throws -> String {
        var req = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v2/labels")
        req.method = .POST
        req.headers.add(name: "Authorization", value: "Token my-token")
        req.body = .bytes(ByteBuffer(string: "{\"orgID\":\"\(orgID)\",\"name\":\"\(name)\"}"))
        let o = try await send(req)
        guard let id = (o["label"] as? [String: Any])?["id"] as? String else { throw CancellationError() }
        return id
    }

    private func labelIDs(port: Int) async throws -> [String] {
        var req = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v2/labels")
        req.headers.add(name: "Authorization", value: "Token my-token")
        let o = try await Self.send(req)
        return (o["labels"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
    }
}
