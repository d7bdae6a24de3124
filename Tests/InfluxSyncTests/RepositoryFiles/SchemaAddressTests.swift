import Foundation
import InfluxSync
import XCTest

/// The schema addresses editors fetch: every `$id` names its own file in the repository at the
/// release tag of this version, and the modeline `export` writes uses the manifest schema's `$id`.
final class SchemaAddressTests: XCTestCase {
    private func schemaID(_ file: String) throws -> String {
        let url = CIFixtures.repositoryRoot.appendingPathComponent("schemas/\(file)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return try XCTUnwrap(object?["$id"] as? String, "\(file) has no $id")
    }

    func testTheModelineNamesTheManifestSchemasID() throws {
        XCTAssertEqual(try schemaID("manifest.schema.json"), ManifestSchema.address)
        XCTAssertEqual(ManifestSchema.modeline, "# yaml-language-server: $schema=https://raw.githubusercontent.com/influxsync/influxsync/v0.1.0/schemas/manifest.schema.json")
    }

    func testEverySchemaIDIsItsOwnFileAtTheReleaseTag() throws {
        let folder = CIFixtures.repositoryRoot.appendingPathComponent("schemas")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 10)
        for file in files {
            XCTAssertEqual(try schemaID(file), "https://raw.githubusercontent.com/influxsync/influxsync/v0.1.0/schemas/\(file)")
        }
    }

    func testTheSchemaIDCheckPasses() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", CIFixtures.repositoryRoot.appendingPathComponent("scripts/schema-ids.py").path, "check"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, output)
        XCTAssertTrue(output.hasPrefix("schema-ids: "), output)
    }
}
