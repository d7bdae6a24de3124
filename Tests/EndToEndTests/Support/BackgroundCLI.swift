import Foundation
import XCTest

/// The CLI started in the background, for tests that signal it while it runs: standard output
/// and error go to files in a workspace, standard input is empty.
struct BackgroundCLI {
    /// The running process.
    let process: Process
    /// Its standard output and error, as files.
    let out: URL
    let err: URL
    /// Fulfilled when the process exits (the files are closed by then).
    let exited: XCTestExpectation

    /// Starts `influxsync <arguments>` with `NO_COLOR=1` and a minimal environment.
    /// - Throws: when the files cannot be made or the process cannot start.
    static func start(_ arguments: [String], workspace: Workspace, test: XCTestCase) throws -> BackgroundCLI {
        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1"]
        let outURL = URL(fileURLWithPath: workspace.path("stdout-\(UUID().uuidString).txt"))
        let errURL = URL(fileURLWithPath: workspace.path("stderr-\(UUID().uuidString).txt"))
        for url in [outURL, errURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        let exited = test.expectation(description: "influxsync exits")
        process.terminationHandler = { _ in
            try? outHandle.close()
            try? errHandle.close()
            exited.fulfill()
        }
        try process.run()
        return BackgroundCLI(process: process, out: outURL, err: errURL, exited: exited)
    }
}
