import Flux
import InfluxSync
import XCTest

/// Real `influx export` output must load unchanged: a leading `---`, 4-space indentation,
/// `|-` literal blocks with tabs inside, Go-style durations (`1m0s`), names with trailing
/// spaces, other kinds mixed in, no final newline, CRLF line ends and a UTF-8 BOM.
final class ManifestExportQuirksTests: XCTestCase {
    static let exported = """
        ---
        apiVersion: influxdata.com/v2alpha1
        kind: Bucket
        metadata:
            name: vivid-heisenberg-a2b001
        spec:
            name: telegraf
            retentionRules:
              - everySeconds: 604800
                type: expire
        ---
        apiVersion: influxdata.com/v2alpha1
        kind: Label
        metadata:
            name: zealous-khayyam-e08001
        spec:
            color: '#326BBA'
            name: cpu
        ---
        apiVersion: influxdata.com/v2alpha1
        kind: Task
        metadata:
            name: rough-bohr-f2b003
        spec:
            associations:
              - kind: Label
                name: zealous-khayyam-e08001
            every: 1m0s
            name: 'cpu check '
            offset: 5m0s
            query: |-
                from(bucket: "telegraf")
                \t|> range(start: -task.every)
                \t|> filter(fn: (r) => r._measurement == "cpu")
                \t|> to(bucket: "cpu_checks")
        ---
        apiVersion: influxdata.com/v2alpha1
        kind: Dashboard
        metadata:
            name: busy-darwin-c1d001
        spec:
            name: Hosts
        """

    /// The export with CRLF line ends, a BOM, and no final newline.
    static var windowsExport: String { "\u{FEFF}" + exported.replacingOccurrences(of: "\n", with: "\r\n") }

    func testInfluxExportLoadsWithAllQuirks() throws {
        let (result, lines) = ManifestTestSupport.load(text: Self.windowsExport, path: "export.yml")
        XCTAssertEqual(
            lines,
            [
                "export.yml:29:11: warning: task name `cpu check ` has leading or trailing whitespace; InfluxDB keeps it as written (at spec.name)\n    hint: keep it only if the live task's name has the same whitespace",
                "export.yml:30:13: warning: offset 5m is longer than `every: 1m`: each run starts after the next one is due (at spec.offset)\n    hint: make the offset shorter than the interval (it only delays the start; the run's time range stays on its schedule)",
                "note: skipped 2 documents of other kinds (Bucket, Dashboard): influxsync manages Task and Label only",
            ])
        let desired = try XCTUnwrap(result.desired)
        XCTAssertEqual(
            desired.labels,
            [
                DesiredLabel(
                    key: "zealous-khayyam-e08001", name: "cpu", color: "#326BBA", description: nil,
                    location: SourceLocation(file: "export.yml", line: 12, column: 1))
            ])
        let query = "from(bucket: \"telegraf\")\n\t|> range(start: -task.every)\n\t|> filter(fn: (r) => r._measurement == \"cpu\")\n\t|> to(bucket: \"cpu_checks\")"
        let options = TaskOptions(
            name: "cpu check ", schedule: .every(FluxDuration(nanoseconds: 60_000_000_000)),
            offset: FluxDuration(nanoseconds: 300_000_000_000))
        XCTAssertEqual(
            desired.tasks,
            [
                DesiredTask(
                    key: "rough-bohr-f2b003", options: options, query: query,
                    script: try FluxScript.compose(options: options, query: query), description: nil, status: .active,
                    labels: ["cpu"], pinnedID: nil, previousNames: [],
                    location: SourceLocation(file: "export.yml", line: 20, column: 1))
            ])
    }

    func testJSONExportArrayLoads() throws {
        let json = """
            [
            \t{
            \t\t"apiVersion": "influxdata.com/v2alpha1",
            \t\t"kind": "Label",
            \t\t"metadata": {"name": "lbl"},
            \t\t"spec": {"name": "Ops", "color": "#ff0000", "description": "ops \\"team\\""}
            \t},
            \t{
            \t\t"apiVersion": "influxdata.com/v2alpha1",
            \t\t"kind": "Task",
            \t\t"metadata": {"name": "t1"},
            \t\t"spec": {"name": "T1", "cron": "0 * * * *", "status": "inactive",
            \t\t\t"query": "from(bucket: \\"b\\")\\n\\t|> range(start: -1h)",
            \t\t\t"associations": [{"kind": "Label", "name": "lbl"}]}
            \t}
            ]
            """
        let (result, lines) = ManifestTestSupport.load(text: json, path: "export.json")
        XCTAssertEqual(lines, [])
        let desired = try XCTUnwrap(result.desired)
        XCTAssertEqual(desired.labels.map(\.name), ["Ops"])
        XCTAssertEqual(desired.labels.map(\.description), ["ops \"team\""])
        XCTAssertEqual(desired.tasks.map(\.options), [TaskOptions(name: "T1", schedule: .cron("0 * * * *"))])
        XCTAssertEqual(desired.tasks.map(\.query), ["from(bucket: \"b\")\n\t|> range(start: -1h)"])
        XCTAssertEqual(desired.tasks.map(\.status), [.inactive])
        XCTAssertEqual(desired.tasks.map(\.labels), [["Ops"]])
        XCTAssertEqual(desired.tasks.map(\.location), [SourceLocation(file: "export.json", line: 8, column: 2)])
    }
}
