import Foundation
import XCTest

/// What one run of the built `influxsync` binary did.
struct CLIResult: CustomStringConvertible {
    var exitCode: Int32
    var stdout: String
    var stderr: String

    var description: String { "exit \(exitCode)\n--- stdout\n\(stdout)--- stderr\n\(stderr)---" }
}

/// Runs the real `influxsync` executable that SwiftPM built next to the test bundle, as a
/// subprocess with a clean environment (no `INFLUX_*` of the developer's shell), standard input
/// from `/dev/null` (so never a terminal) unless `input` is given, and output captured through
/// files (so large outputs cannot dead-lock a pipe).
enum CLIProcess {
    /// The products directory (`.build/debug` or similar) that holds the test bundle and the
    /// `influxsync` executable.
    static var productsDirectory: URL {
        #if os(macOS)
            for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
                return bundle.bundleURL.deletingLastPathComponent()
            }
        #endif
        return Bundle.main.bundleURL
    }

    /// Path of the built executable.
    static var executable: URL { productsDirectory.appendingPathComponent("influxsync") }

    /// The repository root (where `examples/` lives).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Arguments that shorten the binary's retry backoff (`--retry-backoff 1ms`, first delay
    /// 1 ms instead of 1 s): for tests of a read that fails every attempt (no server, wrong
    /// protocol), which would otherwise wait 3 s of backoff for the same message.
    static let quickRetries = ["--retry-backoff", "1ms"]

    /// Runs `influxsync arguments…` in `directory` and waits for it to exit. With
    /// `closedOutput`, standard output is a pipe nobody reads (its read end closed before the
    /// start, as after `| head -1`): every write to it fails; `CLIResult.stdout` is then empty.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], input: String? = nil,
        directory: URL? = nil, closedOutput: Bool = false, file: StaticString = #filePath, line: UInt = #line
    ) async throws -> CLIResult {
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: executable.path) else {
            XCTFail("influxsync executable not found at \(executable.path)", file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        let scratch = fm.temporaryDirectory.appendingPathComponent("influxsync-cli-\(UUID().uuidString)")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        defer { try? outHandle.close(); try? errHandle.close() }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/tmp",
        ]
        env.merge(environment) { _, new in new }
        process.environment = env
        process.currentDirectoryURL = directory ?? packageRoot
        process.standardOutput = outHandle
        if closedOutput {
            let pipe = Pipe()
            try pipe.fileHandleForReading.close()
            process.standardOutput = pipe.fileHandleForWriting
        }
        process.standardError = errHandle
        if let input {
            let inURL = scratch.appendingPathComponent("stdin")
            try Data(input.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }

        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return CLIResult(
            exitCode: status,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
