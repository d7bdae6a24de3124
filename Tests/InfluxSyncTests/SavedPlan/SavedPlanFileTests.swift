import Foundation
import XCTest

@testable import InfluxSync

/// Issue 19 item 1: `apply FILE` reads a saved plan once: the bytes that tell it from a
/// manifest are the bytes decoded.
final class SavedPlanFileTests: XCTestCase {
    func testASavedPlanIsReadOnceAndDecodedFromThoseBytes() throws {
        let dir = try CIFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let saved = SavedPlan(
            createdAt: "2026-11-29T10:00:00Z", manifestPaths: ["m"], manifestDigest: ManifestDigest(files: []),
            liveFingerprint: LiveFingerprint(live: SavedPlanTests.live(tasks: [])), plan: CIFixtures.everyKindPlan)
        let planFile = dir.appendingPathComponent("plan.json").path
        try Data(saved.encoded().utf8).write(to: URL(fileURLWithPath: planFile))
        var reads: [String] = []
        let found = try XCTUnwrap(
            SavedPlanFile.named(by: [planFile]) { path in
                reads.append(path)
                return FileManager.default.contents(atPath: path)
            })
        XCTAssertEqual(reads, [planFile])
        XCTAssertEqual(found.path, planFile)
        XCTAssertEqual(found.data, Data(saved.encoded().utf8))
        // A file over the size cap is not read as a plan (a 1 GiB "plan" was decoded whole):
        // the manifest reader refuses it by its size.
        reads = []
        XCTAssertNil(
            SavedPlanFile.named(by: [planFile], maxBytes: 100) { path in
                reads.append(path)
                return FileManager.default.contents(atPath: path)
            })
        XCTAssertEqual(reads, [], "not read at all")
        // Decoding uses the bytes read: the file is gone and the plan still decodes.
        try FileManager.default.removeItem(atPath: planFile)
        XCTAssertEqual(try found.decode(), try SavedPlan.decode(Data(saved.encoded().utf8), source: planFile))
    }

    func testManifestsAreNotASavedPlanAndAreReadAtMostOnce() throws {
        let dir = try CIFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let manifest = dir.appendingPathComponent("label.json").path
        try Data("{\"apiVersion\": \"influxdata.com/v2alpha1\", \"kind\": \"Label\", \"metadata\": {\"name\": \"a\"}}".utf8)
            .write(to: URL(fileURLWithPath: manifest))
        var reads: [String] = []
        func named(_ paths: [String]) -> SavedPlanFile? {
            SavedPlanFile.named(by: paths) { path in
                reads.append(path)
                return FileManager.default.contents(atPath: path)
            }
        }
        XCTAssertNil(named([manifest]))
        XCTAssertEqual(reads, [manifest])
        reads = []
        XCTAssertNil(named([manifest, manifest]))
        XCTAssertNil(named(["-"]))
        XCTAssertNil(named([dir.path]))
        XCTAssertNil(named([dir.appendingPathComponent("missing.json").path]))
        XCTAssertEqual(reads, [])
    }
}
