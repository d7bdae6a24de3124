import Flux
import Foundation
import InfluxSync
import XCTest

/// Paths, stdin, env refs, `.flux` files, v2alpha2 and the query's own `option task`.
final class ManifestLoadingTests: XCTestCase {
    private let minimalTask = """
        apiVersion: influxdata.com/v2alpha1
        kind: Task
        metadata:
          name: t
        spec:
          every: 1h
          query: |-
            from(bucket: "b") |> range(start: -1h)
        """

    func testStandardInputIsReadForDash() throws {
        let result = ManifestLoader.load(paths: ["-"], readStandardInput: { self.minimalTask })
        XCTAssertEqual(result.diagnostics, [])
        XCTAssertEqual(result.desired?.tasks.map(\.location), [SourceLocation(file: "-", line: 1, column: 1)])
    }

    func testMissingPathIsAnError() {
        let result = ManifestLoader.load(paths: ["/nonexistent/manifests"])
        XCTAssertEqual(
            result.diagnostics.map(\.description),
            [
                "error: no such file or directory: /nonexistent/manifests\n    hint: pass manifest files, directories of them, or - for standard input"
            ])
        XCTAssertNil(result.desired)
    }

    func testDirectoriesAreSearchedRecursivelyAndSorted() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("influxsync-manifest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("b/c"), withIntermediateDirectories: true)
        func write(_ path: String, _ text: String) throws {
            try text.write(to: directory.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        func label(_ name: String) -> String {
            "apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: \(name)\n"
        }
        try write("b/c/z.yaml", label("z"))
        try write("b/a.json", #"{"apiVersion": "influxdata.com/v2alpha1", "kind": "Label", "metadata": {"name": "j"}}"#)
        try write("a.yml", label("a"))
        try write("notes.txt", "not a manifest")
        try write("b/helper.flux", "x = 1\n")
        try write("b/c/ci.yml", "# a CI pipeline\nname: deploy\non: [push]\n")
        let result = ManifestLoader.load(paths: [directory.path])
        XCTAssertEqual(
            result.diagnostics.map(\.description),
            [
                "\(directory.path)/b/c/ci.yml:2:1: note: skipped: not an InfluxDB template (no apiVersion, kind, metadata or spec)",
                "\(directory.path)/b/helper.flux:1:1: note: skipped: no `option task` record, so this .flux file is not a task",
            ])
        XCTAssertEqual(result.desired?.labels.map(\.key), ["a", "j", "z"])
    }

    func testExplicitNonTemplateFileIsAnError() {
        XCTAssertEqual(
            ManifestTestSupport.load(text: "name: deploy\non: [push]\n", path: "ci.yml").lines,
            [
                "ci.yml:1:1: error: not an InfluxDB template: no apiVersion, kind, metadata or spec\n    hint: influxsync reads Task and Label documents of InfluxDB's template format (`influx export`)"
            ])
    }

    func testExplicitFluxFileWithoutOptionTaskIsAnError() {
        let (_, lines) = ManifestTestSupport.load(text: "from(bucket: \"b\") |> range(start: -1h)\n", path: "plain.flux")
        XCTAssertEqual(
            lines,
            [
                "plain.flux:1:1: error: this .flux file has no `option task` record\n    hint: add `option task = {name: \"…\", every: 1h}` to make it a task"
            ])
    }

    func testEnvRefsAreSubstitutedWithValuesThenDefaults() throws {
        let text = """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: {envRef: {key: task-key}}
            spec:
              name: {envRef: {key: task-name, default: Fallback name}}
              every: {envRef: {key: every}}
              query: |-
                from(bucket: "b") |> range(start: -1h)
            """
        let (result, lines) = ManifestTestSupport.load(text: text, envRefs: ["task-key": "cpu", "every": "30m"])
        XCTAssertEqual(lines, [])
        let task = try XCTUnwrap(result.desired?.tasks.first)
        XCTAssertEqual(task.key, "cpu")
        XCTAssertEqual(task.options, TaskOptions(name: "Fallback name", schedule: .every(FluxDuration(nanoseconds: 1_800_000_000_000))))
    }

    func testQueryOptionRecordFillsWhatSpecLeavesUnset() throws {
        let text = """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: t
            spec:
              every: 60m
              query: |-
                import "strings"
                option task = {name: "From query", every: 1h, offset: 10s, concurrency: 2, retry: 3}

                from(bucket: "b") |> range(start: -1h)
            """
        let (result, lines) = ManifestTestSupport.load(text: text)
        XCTAssertEqual(lines, [])
        let task = try XCTUnwrap(result.desired?.tasks.first)
        XCTAssertEqual(
            task.options,
            TaskOptions(
                name: "From query", schedule: .every(FluxDuration(nanoseconds: 3_600_000_000_000)),
                offset: FluxDuration(nanoseconds: 10_000_000_000), concurrency: 2, retry: 3))
        XCTAssertEqual(task.query, "import \"strings\"\n\nfrom(bucket: \"b\") |> range(start: -1h)")
    }

    func testV2Alpha2TaskParametersOverrideTheQueryRecord() throws {
        // InfluxDB's own test template (pkger/testdata/task_v2_taskSpec.yml), folded query and all.
        let text = """
            apiVersion: influxdata.com/v2alpha2
            kind: Task
            metadata:
              name: task-1
            spec:
              task:
                - key: name
                  default: "foo"
                  type: string
                - key: every
                  default: 1m0s
                  type: duration
                - key: offset
                  default: 1m0s
                  type: duration
              description: desc_1
              query:  >
                option task = { name: "bar", every: 1m, offset: 3m }
                from(bucket: "rucket_1")
                  |> range(start: -5d, stop: -1h)
                  |> filter(fn: (r) => r._measurement == "cpu")
            """
        let (result, lines) = ManifestTestSupport.load(text: text, envRefs: ["tasks[task-1].spec.task.every": "2m"])
        XCTAssertEqual(lines, [])
        let task = try XCTUnwrap(result.desired?.tasks.first)
        XCTAssertEqual(
            task.options,
            TaskOptions(
                name: "foo", schedule: .every(FluxDuration(nanoseconds: 120_000_000_000)),
                offset: FluxDuration(nanoseconds: 60_000_000_000)))
        XCTAssertEqual(task.description, "desc_1")
    }

    func testV2FieldsNeedV2Alpha2() {
        let v1 = minimalTask + "\n  task: []\n"
        XCTAssertEqual(
            ManifestTestSupport.load(text: v1).lines,
            [
                "test.yml:9:3: error: unknown field `task` in Task spec (at spec.task)\n    hint: `spec.task` needs `apiVersion: influxdata.com/v2alpha2`"
            ])
        let v2 = minimalTask.replacingOccurrences(of: "v2alpha1", with: "v2alpha2") + "\n  params: []\n"
        XCTAssertEqual(ManifestTestSupport.load(text: v2).lines, [])
        let v1Params = minimalTask + "\n  params: []\n"
        XCTAssertEqual(
            ManifestTestSupport.load(text: v1Params).lines,
            [
                "test.yml:9:3: error: unknown field `params` in Task spec (at spec.params)\n    hint: `spec.params` needs `apiVersion: influxdata.com/v2alpha2`"
            ])
    }

    func testPinnedIDAndPreviousNames() throws {
        let text = minimalTask + "\n  id: 0A1B2C3D4E5F6071\n  previousNames: [old cpu, 'older cpu']\n"
        let (result, lines) = ManifestTestSupport.load(text: text)
        XCTAssertEqual(lines, [])
        XCTAssertEqual(result.desired?.tasks.first?.pinnedID, "0a1b2c3d4e5f6071")
        XCTAssertEqual(result.desired?.tasks.first?.previousNames, ["old cpu", "older cpu"])
    }

    func testErrorsOfEveryFileAreCollectedAtOnce() {
        let (result, lines) = ManifestTestSupport.load(["examples-invalid"])
        XCTAssertNil(result.desired)
        // 21 files, each with its own names: each file's own errors and no cross-file
        // duplicates (two in missing-metadata-name.yml; unknown-association.yml is only found
        // once the live labels are known).
        XCTAssertEqual(lines.filter { $0.contains(": error: ") }.count, Self.expectedInvalidErrorCount)
        XCTAssertEqual(
            lines.filter { $0.contains(": error: duplicate Task") || $0.contains(": error: duplicate Label") }.count, 1,
            "only duplicate-metadata-name.yml's own duplicate")
        let files = Set(lines.compactMap { $0.split(separator: ":").first.map(String.init) })
        XCTAssertEqual(files.count, 20)
    }

    static let expectedInvalidErrorCount = 21
}
