import Foundation
import XCTest

/// `apply` on a terminal asks for `yes`. A pseudo-terminal comes from util-linux `script`,
/// which runs the binary with its standard streams on a pty and feeds it our input.
final class TerminalPromptTests: XCTestCase {
    /// Runs `influxsync arguments…` on a pty with `input` typed in; returns the exit code and
    /// everything the terminal showed (stdout and stderr interleaved, `\r\n` line ends removed).
    func runOnTerminal(_ arguments: [String], input: String) async throws -> CLIResult {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        guard FileManager.default.isExecutableFile(atPath: script.path) else {
            XCTFail("util-linux `script` is needed to give the CLI a terminal")
            throw CocoaError(.fileNoSuchFile)
        }
        let command = ([CLIProcess.executable.path] + arguments).map(Self.shellQuote).joined(separator: " ")
        let process = Process()
        process.executableURL = script
        process.arguments = ["--quiet", "--return", "--command", command, "/dev/null"]
        process.environment = ["PATH": "/usr/bin:/bin", "TERM": "dumb", "NO_COLOR": "1", "HOME": NSTemporaryDirectory()]
        let inputPipe = Pipe(), outputPipe = Pipe()
        process.standardInput = inputPipe
        process.standardOutput = outputPipe
        process.standardError = outputPipe
        try process.run()
        // Blocking reads happen on a thread of their own, never on the concurrency pool that
        // the in-process sandbox serves requests from.
        let child = process, stdin = inputPipe, stdout = outputPipe
        let output: Data = await withCheckedContinuation { continuation in
            Thread {
                stdin.fileHandleForWriting.write(Data(input.utf8))
                let data = stdout.fileHandleForReading.readDataToEndOfFile()
                try? stdin.fileHandleForWriting.close()
                child.waitUntilExit()
                continuation.resume(returning: data)
            }.start()
        }
        let text = String(decoding: output, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        return CLIResult(exitCode: process.terminationStatus, stdout: text, stderr: "")
    }

    static func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    func testAnswerOtherThanYesAbortsWithoutWrites() async throws {
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            try workspace.write("a.yml", Manifests.task("cpu-downsample"))
            let result = try await runOnTerminal(["apply", workspace.path()] + sandbox.connectionArguments, input: "y\n")
            XCTAssertEqual(result.exitCode, 1, "\(result)")
            XCTAssertTrue(result.stdout.contains("Only 'yes' will be accepted to approve."), "\(result)")
            XCTAssertTrue(result.stdout.contains("error: apply cancelled; nothing was changed"), "\(result)")
            let writes = try await sandbox.resourceWrites()
            XCTAssertEqual(writes, [])
        }
    }

    func testYesApplies() async throws {
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            try workspace.write("a.yml", Manifests.task("cpu-downsample"))
            let result = try await runOnTerminal(["apply", workspace.path()] + sandbox.connectionArguments, input: "yes\n")
            XCTAssertEqual(result.exitCode, 0, "\(result)")
            XCTAssertTrue(result.stdout.contains("Apply complete: "), "\(result)")
            let tasks = try await sandbox.tasks()
            XCTAssertEqual(tasks.map(\.name), ["cpu-downsample"])
        }
    }
}
