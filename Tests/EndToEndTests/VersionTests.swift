import Foundation
import XCTest

/// `influxsync --version`: the version and commit of `Sources/influxsync/Support/BuildInfo.swift`
/// (the two values `scripts/build-release.sh` stamps), in one line, exit 0, without git.
final class VersionTests: XCTestCase {
    /// The `static let NAME = "…"` value of BuildInfo.swift.
    func stamped(_ name: String) throws -> String {
        let source = try String(
            contentsOf: CLIProcess.packageRoot.appendingPathComponent("Sources/influxsync/Support/BuildInfo.swift"),
            encoding: .utf8)
        let prefix = "static let \(name) = \""
        let line = try XCTUnwrap(source.split(separator: "\n").first { $0.contains(prefix) }, "BuildInfo.swift has no \(name)")
        let value = line.split(separator: "\"", omittingEmptySubsequences: false)
        XCTAssertGreaterThanOrEqual(value.count, 3, String(line))
        return String(value[1])
    }

    func testVersionPrintsTheStampedVersionAndCommit() async throws {
        let (version, commit) = (try stamped("version"), try stamped("commit"))
        XCTAssertFalse(version.isEmpty)
        XCTAssertFalse(commit.isEmpty)
        // An empty PATH and a directory outside any git checkout: nothing is looked up at run time.
        let result = try await CLIProcess.run(
            ["--version"], environment: ["PATH": ""],
            directory: FileManager.default.temporaryDirectory)
        XCTAssertEqual(result.exitCode, 0, "\(result)")
        XCTAssertEqual(result.stdout, "influxsync \(version) (commit \(commit))\n")
        XCTAssertEqual(result.stderr, "")
    }
}
