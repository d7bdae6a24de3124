import Foundation
import XCTest

/// `influxsync sandbox serve`: serves the emulator until SIGTERM, then saves its state file.
final class SandboxServeTests: XCTestCase {
    func testServeAnswersTheAPIAndSavesItsFileOnSIGTERM() async throws {
        let workspace = try Workspace()
        let data = workspace.path("state.json")
        let process = Process()
        process.executableURL = CLIProcess.executable
        // The buckets the task reads and writes, so the plan's bucket check has nothing to say.
        process.arguments = [
            "sandbox", "serve", "--port", "0", "--data", data, "--org", "acme", "--token", "serve-token",
            "--bucket", "telegraf", "--bucket", "telegraf-downsampled",
        ]
        process.environment = ["PATH": "/usr/bin:/bin", "NO_COLOR": "1"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()

        // The first line names the URL, e.g. "InfluxDB sandbox listening on http://127.0.0.1:40123".
        let reader = output.fileHandleForReading
        let firstLine: String = await withCheckedContinuation { continuation in
            Thread {
                var bytes = Data()
                while let byte = try? reader.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
                    bytes.append(byte)
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }.start()
        }
        let prefix = "InfluxDB sandbox listening on "
        XCTAssertTrue(firstLine.hasPrefix(prefix), firstLine)
        let url = String(firstLine.dropFirst(prefix.count))

        let workspaceManifests = try Workspace()
        try workspaceManifests.write("a.yml", Manifests.task("cpu-downsample"))
        let apply = try await CLIProcess.run([
            "apply", workspaceManifests.path(), "--auto-approve",
            "--host", url, "--token", "serve-token", "--org", "acme",
        ])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")

        process.terminate()  // SIGTERM
        await withCheckedContinuation { continuation in
            Thread {
                process.waitUntilExit(); continuation.resume()
            }.start()
        }
        XCTAssertEqual(process.terminationStatus, 0)
        let rest = String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(rest.hasSuffix("Sandbox stopped.\n"), rest)
        let saved = try String(contentsOfFile: data, encoding: .utf8)
        XCTAssertTrue(saved.contains("cpu-downsample"), "the state file holds the applied task")

        // The same file serves a later --sandbox run: nothing left to do.
        let plan = try await CLIProcess.run(
            [
                "plan", workspaceManifests.path(), "--sandbox", data, "--org", "acme",
                "--token", "serve-token", "--detailed-exitcode",
            ], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        XCTAssertEqual(plan.stdout, "No changes. Live state matches the manifests.\n")
    }
}
