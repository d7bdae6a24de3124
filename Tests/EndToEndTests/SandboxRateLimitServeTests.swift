import AsyncHTTPClient
import Foundation
import XCTest

/// `sandbox serve --rate-limit N/s`: printed at start, enforced per token with 429 and
/// `Retry-After`, refused when it is not a rate.
final class SandboxRateLimitServeTests: XCTestCase {
    /// Starts `sandbox serve` with `arguments`, reads its standard output up to `Press Ctrl-C
    /// to stop.`, sends two `GET /api/v2/orgs` with its token, stops it; returns the lines and
    /// the two answers.
    private func serveAndAskTwice(_ arguments: [String]) async throws -> (lines: [String], answers: [(Int, String)]) {
        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = ["sandbox", "serve", "--port", "0", "--token", "serve-token"] + arguments
        process.environment = ["PATH": "/usr/bin:/bin", "NO_COLOR": "1"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let reader = output.fileHandleForReading
        let lines: [String] = await withCheckedContinuation { continuation in
            Thread {
                var lines: [String] = [], bytes = Data()
                while let byte = try? reader.read(upToCount: 1), !byte.isEmpty {
                    if byte != Data("\n".utf8) { bytes.append(byte); continue }
                    lines.append(String(decoding: bytes, as: UTF8.self))
                    bytes = Data()
                    if lines.last == "Press Ctrl-C to stop." { break }
                }
                continuation.resume(returning: lines)
            }.start()
        }
        let url = String((lines.first ?? "").dropFirst("InfluxDB sandbox listening on ".count))
        var answers: [(Int, String)] = []
        for _ in 0..<2 {
            var request = HTTPClientRequest(url: url + "/api/v2/orgs")
            request.headers.add(name: "Authorization", value: "Token serve-token")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 20)
            answers.append((Int(response.status.code), String(decoding: body.readableBytesView, as: UTF8.self)))
        }
        process.terminate()
        await withCheckedContinuation { continuation in
            Thread {
                process.waitUntilExit(); continuation.resume()
            }.start()
        }
        return (lines, answers)
    }

    func testServeWithARateLimitPrintsItAndRefusesPastIt() async throws {
        let (lines, answers) = try await serveAndAskTwice(["--flavor", "cloud", "--rate-limit", "0.1/s"])
        XCTAssertEqual(
            Array(lines.dropFirst().prefix(6)),
            [
                "  org:   influxsync",
                "  token: serve-token",
                "  buckets: influxsync",
                "  state: in memory (lost on exit)",
                "  flavor: cloud",
                "  rate limit: 0.1/s per token (429 with Retry-After past it)",
            ])
        XCTAssertEqual(answers.map(\.0), [200, 429])
        XCTAssertEqual(answers.last?.1, #"{"code":"too many requests","message":"rate limit exceeded: this token may send 0.1 requests per second; retry after 10 s"}"#)
    }

    func testARateLimitThatIsNotARateIsRefused() async throws {
        let result = try await CLIProcess.run(["sandbox", "serve", "--port", "0", "--rate-limit", "fast"], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(
            result.stderr.components(separatedBy: "\n").first,
            #"error: --rate-limit must be a number of requests per second greater than 0, such as 200/s, got "fast""#)
    }
}
