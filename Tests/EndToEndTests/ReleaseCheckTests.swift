import Foundation
import XCTest

/// Issue 17: `scripts/check-glibc.sh`, which `scripts/build-release.sh` runs on every Linux
/// release binary, fails when the binary needs a glibc (or libstdc++) above the ceiling. Run on
/// the `influxsync` these tests built; the versions it needs are read here with objdump.
final class ReleaseCheckTests: XCTestCase {
    func run(_ arguments: [String]) throws -> (code: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [CLIProcess.packageRoot.appendingPathComponent("scripts/check-glibc.sh").path] + arguments
        process.environment = ["PATH": "/usr/local/bin:/usr/bin:/bin"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// The newest PREFIX_x.y version in `objdump -T`, compared numerically.
    func newest(_ prefix: String, in symbols: String) -> String? {
        let pattern = try! NSRegularExpression(pattern: "\(prefix)_([0-9]+(?:\\.[0-9]+)*)")
        let versions = pattern.matches(in: symbols, range: NSRange(symbols.startIndex..., in: symbols)).map {
            String(symbols[Range($0.range(at: 1), in: symbols)!])
        }
        return versions.max { a, b in
            a.split(separator: ".").map { Int($0)! }.lexicographicallyPrecedes(b.split(separator: ".").map { Int($0)! })
        }
    }

    func testCeilingBelowWhatTheBinaryNeedsFailsWithThePlainMessage() throws {
        let binary = CLIProcess.executable.path
        let objdump = Process()
        objdump.executableURL = URL(fileURLWithPath: "/usr/bin/objdump")
        objdump.arguments = ["-T", binary]
        let pipe = Pipe()
        objdump.standardOutput = pipe
        try objdump.run()
        let symbols = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        objdump.waitUntilExit()
        let glibc = try XCTUnwrap(newest("GLIBC", in: symbols), "the built influxsync names no GLIBC_ version")
        // The test build links the Swift runtime dynamically; its own C++ (BoringSSL's) still
        // names libstdc++ versions.
        let glibcxx = try XCTUnwrap(newest("GLIBCXX", in: symbols), "the built influxsync names no GLIBCXX_ version")

        let below = try run([binary, "2.0"])
        XCTAssertEqual(below.code, 1, "\(below)")
        XCTAssertEqual(below.stdout, "")
        XCTAssertTrue(
            below.stderr.hasPrefix(
                "error: \(binary) needs glibc \(glibc), above the ceiling 2.0: it would not start on a system whose glibc is 2.0\n  the symbols that need more than 2.0:\n    "),
            below.stderr)
        XCTAssertTrue(
            below.stderr.hasSuffix(
                "  hint: build on an older system (the release workflow uses swift:6.3-amazonlinux2: glibc 2.26, libstdc++ GLIBCXX_3.4.24), or raise the ceiling if the promise changes\n"
            ), below.stderr)

        let exact = try run([binary, glibc, glibcxx])
        XCTAssertEqual(exact.code, 0, "\(exact)")
        XCTAssertEqual(
            exact.stdout,
            """
            ==> \(binary) needs glibc \(glibc) or newer (ceiling \(glibc))
            ==> \(binary) needs libstdc++ GLIBCXX \(glibcxx) or newer (ceiling \(glibcxx))

            """)

        let cxxBelow = try run([binary, glibc, "3.4.0"])
        XCTAssertEqual(cxxBelow.code, 1, "\(cxxBelow)")
        XCTAssertEqual(cxxBelow.stdout, "==> \(binary) needs glibc \(glibc) or newer (ceiling \(glibc))\n")
        XCTAssertTrue(cxxBelow.stderr.hasPrefix("error: \(binary) needs libstdc++ GLIBCXX \(glibcxx), above the ceiling 3.4.0"), cxxBelow.stderr)

        let usage = try run([binary])
        XCTAssertEqual(usage.code, 1)
        XCTAssertEqual(usage.stderr, "usage: scripts/check-glibc.sh BINARY CEILING [CXX_CEILING]\n")
    }
}
