import Foundation
import XCTest

@testable import InfluxSync

/// Issue 19 item 1: the manifest digest of a saved plan comes from the plan's own read (one
/// read of each file, under the user's limits), and is byte for byte what `apply FILE`
/// recomputes from disk (`ManifestDigest.compute`).
final class ManifestDigestFromParseTests: XCTestCase {
    static let label = "apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: team-ops\n"

    /// Resources, files skipped as a whole (a `.flux` file without `option task`, a YAML file
    /// that is not a template, a saved plan) and files never collected (README, hidden).
    func testTheParseDigestEqualsComputeForTheSameFiles() throws {
        let dir = try CIFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("tasks"), withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        }
        try write("labels.yml", "\u{FEFF}" + Self.label.replacingOccurrences(of: "\n", with: "\r\n"))
        try write("tasks/cpu.flux", "option task = {name: \"cpu\", every: 1h}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n")
        try write("tasks/helper.flux", "x = 1\n")
        try write("compose.yml", "services:\n  db:\n    image: influxdb:2\n")
        try write("README.md", "notes")
        let saved = SavedPlan(
            createdAt: "2026-11-29T10:00:00Z", manifestPaths: ["."], manifestDigest: ManifestDigest(files: []),
            liveFingerprint: LiveFingerprint(live: SavedPlanTests.live(tasks: [])), plan: CIFixtures.everyKindPlan)
        try write("plan.json", saved.encoded())
        let root = dir.path

        let parsed = ManifestLoader.parse(paths: [root], digest: true)
        XCTAssertEqual(ManifestLoader.resolve(parsed, liveLabelNames: nil).diagnostics.filter { $0.severity == .error }, [])
        let fromParse = try XCTUnwrap(parsed.manifestDigest).get()
        XCTAssertEqual(fromParse, try ManifestDigest.compute(paths: [root]))
        XCTAssertEqual(
            fromParse.files,
            [
                .init(path: "\(root)/labels.yml", sha256: SHA256Hex.digest(try Data(contentsOf: dir.appendingPathComponent("labels.yml")))),
                .init(path: "\(root)/tasks/cpu.flux", sha256: SHA256Hex.digest(try Data(contentsOf: dir.appendingPathComponent("tasks/cpu.flux")))),
            ])
        // The bytes as read (a BOM and CRLF included), not the normalised text.
        XCTAssertNotEqual(fromParse.files[0].sha256, SHA256Hex.digest(Self.label))
    }

    /// `plan --max-manifest-bytes N --out FILE` with a file over the default cap: the digest is
    /// made under the raised cap (it used to be made again under the default and fail), and
    /// equals `compute` under the same cap; under the default cap `compute` refuses the file.
    func testAFileOverTheDefaultCapIsDigestedUnderTheRaisedCap() throws {
        let dir = try CIFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = dir.appendingPathComponent("big.yml")
        let comment = "# " + String(repeating: "x", count: 1021) + "\n"
        let padding = String(repeating: comment, count: ManifestLimits.default.maxFileBytes / comment.utf8.count + 1)
        try Data((Self.label + padding).utf8).write(to: big)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: big.path)[.size] as? Int)
        XCTAssertGreaterThan(size, ManifestLimits.default.maxFileBytes)
        let raised = ManifestLimits(maxFileBytes: 16 << 20)

        let parsed = ManifestLoader.parse(paths: [big.path], limits: raised, digest: true)
        XCTAssertEqual(ManifestLoader.resolve(parsed, liveLabelNames: nil).desired?.labels.map(\.name), ["team-ops"])
        let fromParse = try XCTUnwrap(parsed.manifestDigest).get()
        XCTAssertEqual(fromParse, try ManifestDigest.compute(paths: [big.path], limits: raised))
        XCTAssertEqual(fromParse.files, [.init(path: big.path, sha256: SHA256Hex.digest(try Data(contentsOf: big)))])
        XCTAssertThrowsError(try ManifestDigest.compute(paths: [big.path])) { error in
            XCTAssertEqual("\(error)", "\(big.path): file is \(size) bytes, over the manifest size cap of 8388608 bytes (8 MiB)")
        }
    }

    /// A plain plan hashes nothing: no digest, no file's SHA-256.
    func testWithoutDigestNothingIsHashed() throws {
        let dir = try CIFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(Self.label.utf8).write(to: dir.appendingPathComponent("labels.yml"))
        XCTAssertNil(ManifestLoader.parse(paths: [dir.path]).manifestDigest)
        var diagnostics: [Diagnostic] = []
        let plain = ManifestFileCollector.collect(paths: [dir.path], readStandardInput: { "" }, diagnostics: &diagnostics)
        XCTAssertEqual(plain.map(\.sha256), [nil])
        let digested = ManifestFileCollector.collect(paths: [dir.path], readStandardInput: { "" }, digest: true, diagnostics: &diagnostics)
        XCTAssertEqual(digested.map(\.sha256), [SHA256Hex.digest(Self.label)])
        XCTAssertEqual(diagnostics, [])
    }

    /// Standard input has no digest: the same error `compute` gives, whatever else is named.
    func testStandardInputHasNoDigest() throws {
        let dir = try CIFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(Self.label.utf8).write(to: dir.appendingPathComponent("labels.yml"))
        let parsed = ManifestLoader.parse(
            paths: [dir.path, "-"], readStandardInput: { Self.label.replacingOccurrences(of: "team-ops", with: "dev") },
            digest: true)
        XCTAssertEqual(ManifestLoader.resolve(parsed, liveLabelNames: nil).desired?.labels.map(\.name), ["team-ops", "dev"])
        let message = "standard input (-) cannot be read again to check a saved plan; pass manifest files or directories instead"
        XCTAssertThrowsError(try XCTUnwrap(parsed.manifestDigest).get()) { error in XCTAssertEqual("\(error)", message) }
        XCTAssertThrowsError(try ManifestDigest.compute(paths: [dir.path, "-"])) { error in XCTAssertEqual("\(error)", message) }
    }
}
