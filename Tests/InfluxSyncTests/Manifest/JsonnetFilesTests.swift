import Foundation
import XCTest

@testable import InfluxSync

/// Issue 21 item 8: Jsonnet templates are never parsed as YAML: named explicitly they are an
/// error saying how to render them; found in a directory they are named in a note.
final class JsonnetFilesTests: XCTestCase {
    func testNamedJsonnetFileIsAnErrorWithTheRenderCommand() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jsonnet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("my tasks"), withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("my tasks/cpu.jsonnet").path
        try Data("local every = '1h';\n{ kind: 'Task' }\n".utf8).write(to: URL(fileURLWithPath: file))
        let result = ManifestLoader.load(paths: [file])
        XCTAssertNil(result.desired)
        XCTAssertEqual(
            result.diagnostics.map(\.description),
            [
                "\(file):1:1: error: this is a Jsonnet template; influxsync does not read Jsonnet templates\n"
                    + "    hint: render it to JSON first and pass the JSON file: jsonnet '\(file)' > '\(dir.path)/my tasks/cpu.json'"
            ])
    }

    func testADirectoryOfJsonnetTemplatesNamesThemInANote() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jsonnet-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/lib", withIntermediateDirectories: true)
        for name in ["b.jsonnet", "a.jsonnet", "lib/util.libsonnet"] {
            try Data("{}\n".utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        XCTAssertEqual(
            ManifestLoader.load(paths: [dir]).diagnostics.map(\.description),
            [
                "warning: directory \(dir) holds no *.yml, *.yaml, *.json or *.flux files",
                "note: directory \(dir) holds 2 Jsonnet templates influxsync does not read: \(dir)/a.jsonnet, \(dir)/b.jsonnet\n"
                    + "    hint: render each to JSON first, e.g. jsonnet \(dir)/a.jsonnet > \(dir)/a.json",
            ])
    }
}
