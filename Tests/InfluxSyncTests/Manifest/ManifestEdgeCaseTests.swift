import Flux
import InfluxSync
import XCTest

/// Less common mistakes, each with its exact diagnostic.
final class ManifestEdgeCaseTests: XCTestCase {
    private func task(spec: String, apiVersion: String = "influxdata.com/v2alpha1", name: String = "t") -> String {
        "apiVersion: \(apiVersion)\nkind: Task\nmetadata:\n  name: \(name)\nspec:\n" + spec
    }
    private let query = "  query: |-\n    from(bucket: \"b\") |> range(start: -1h)\n"

    func testEveryDuplicateOfAKeyIsReportedEvenOnOneFlowLine() {
        let text = task(spec: "  every: 1h\n" + query) + "  status: {a: 1, a: 2, a: 3}\n"
        XCTAssertEqual(
            ManifestTestSupport.load(text: text).lines,
            [
                "test.yml:9:11: error: spec.status must be a single value, not a mapping (at spec.status)\n    hint: write it as `status: <value>` or `{envRef: {key: <name>}}`",
                "test.yml:9:18: error: duplicate key `a` in spec.status (first at 9:12) (at spec.status.a)\n    hint: remove one of them; keys in a mapping must be unique",
                "test.yml:9:24: error: duplicate key `a` in spec.status (first at 9:12) (at spec.status.a)\n    hint: remove one of them; keys in a mapping must be unique",
            ])
    }

    func testDuplicateKeyInJSON() {
        let json = #"{"apiVersion": "influxdata.com/v2alpha1", "kind": "Label", "metadata": {"name": "a", "name": "b"}}"#
        XCTAssertEqual(
            ManifestTestSupport.load(text: json, path: "x.json").lines,
            [
                "x.json:1:86: error: duplicate key `name` in metadata (first at 1:73) (at metadata.name)\n    hint: remove one of them; keys in a mapping must be unique"
            ])
    }

    /// Documents are read as they are parsed; a duplicate key in a later document makes the
    /// parser start over, and the documents already read must not be read (or reported) again.
    func testDuplicateKeyInALaterDocumentReadsEachDocumentOnce() {
        let label = "apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: a\nspec:\n  color: blue\n"
        let text = label + "---\n" + task(spec: "  every: 1h\n  every: 2h\n" + query) + "---\n" + task(spec: "  every: 1h\n" + query, name: "u")
        XCTAssertEqual(
            ManifestTestSupport.load(text: text).lines,
            [
                "test.yml:6:10: warning: color `blue` is not a hex color (#rrggbb or #rgb); InfluxDB stores it as written and its UI may not show it (at spec.color)\n    hint: write a hex color in quotes, e.g. `color: \"#326BBA\"`, or keep it if another tool set it",
                "test.yml:14:3: error: duplicate key `every` in spec (first at 13:3) (at spec.every)\n    hint: remove one of them; keys in a mapping must be unique",
            ])
        let valid = task(spec: "  every: 1h\n" + query) + "---\n" + task(spec: "  every: 1h\n  every: 1h\n" + query, name: "u")
        XCTAssertEqual(
            ManifestLoader.load(text: valid + "---\n" + task(spec: "  every: 1h\n" + query, name: "w"), path: "test.yml")
                .diagnostics.filter { $0.severity == .error }.count, 1)
    }

    /// `color: ""` is no colour (it equals an absent one): no "not a hex color" warning.
    func testAnEmptyColorIsNotAWarning() {
        let label = "apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: a\nspec:\n  color: \"\"\n  description: \"\"\n"
        XCTAssertEqual(ManifestTestSupport.load(text: label).lines, [])
    }

    /// Mappings of more than 16 keys are checked for duplicates through a dictionary.
    func testDuplicateKeyInALargeMapping() {
        let parameters = (0..<20).map { "    p\($0): \($0)\n" }.joined()
        let text = task(spec: "  every: 1h\n  scriptID: 0123456789abcdef\n  scriptParameters:\n" + parameters + "    p3: again\n")
        XCTAssertEqual(
            ManifestTestSupport.load(text: text).lines,
            [
                "test.yml:29:5: error: duplicate key `p3` in spec.scriptParameters (first at 12:5) (at spec.scriptParameters.p3)\n    hint: remove one of them; keys in a mapping must be unique"
            ])
    }

    func testDocumentsBeforeASyntaxErrorAreStillChecked() {
        let text = "apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: a\nspec:\n  color: blue\n---\nkind: [\n"
        XCTAssertEqual(
            ManifestTestSupport.load(text: text).lines,
            [
                "test.yml:6:10: warning: color `blue` is not a hex color (#rrggbb or #rgb); InfluxDB stores it as written and its UI may not show it (at spec.color)\n    hint: write a hex color in quotes, e.g. `color: \"#326BBA\"`, or keep it if another tool set it",
                "test.yml:9:1: error: invalid YAML: did not find expected node content (while parsing a flow node at line 9)\n    hint: fix the YAML here; the rest of this file was not checked",
            ])
    }

    /// Issue 21 item 3: a colour is kept exactly as written (InfluxDB stores any text, and
    /// export writes what the server has); only a non-hex one is a warning.
    func testColorsAreKeptAsWrittenAndNonHexOnesWarn() {
        let label = "apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: a\nspec:\n  color: "
        for color in ["\"#abc\"", "\"#326bba\""] {
            let (result, lines) = ManifestTestSupport.load(text: label + color + "\n")
            XCTAssertEqual(lines, [], color)
            XCTAssertEqual(result.desired?.labels.first?.color, String(color.dropFirst().dropLast()))
        }
        let (result, lines) = ManifestTestSupport.load(text: label + "red\n")
        XCTAssertEqual(
            lines,
            [
                "test.yml:6:10: warning: color `red` is not a hex color (#rrggbb or #rgb); InfluxDB stores it as written and its UI may not show it (at spec.color)\n    hint: write a hex color in quotes, e.g. `color: \"#326BBA\"`, or keep it if another tool set it"
            ])
        XCTAssertEqual(result.desired?.labels.first?.color, "red")
    }

    func testUnquotedColorIsAComment() {
        let text = "apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: a\nspec:\n  color: #326BBA\n"
        XCTAssertEqual(
            ManifestTestSupport.load(text: text).lines,
            [
                "test.yml:6:3: error: color is empty: an unquoted # starts a YAML comment (at spec.color)\n    hint: quote the color: `color: \"#326BBA\"`"
            ])
    }

    func testOffsetInDaysIsRejected() {
        XCTAssertEqual(
            ManifestTestSupport.load(text: task(spec: "  every: 1h\n  offset: 1d\n" + query)).lines,
            [
                "test.yml:7:11: error: offset cannot use the unit d, found 1d (at spec.offset)\n    hint: InfluxDB applies offsets with Go's duration parser (ns to h): write `24h` instead of `1d`"
            ])
    }

    func testFluxFileErrorsUseTheFilesOwnLines() {
        let (result, lines) = ManifestTestSupport.load(text: "option task = {name: \"x\", every: 1h}\n\nfrom(bucket: \"b\n", path: "tasks/x.flux")
        XCTAssertNil(result.desired)
        XCTAssertEqual(lines, ["tasks/x.flux:3:14: error: invalid Flux: unterminated string literal\n    hint: fix the script at this position"])
    }

    func testTwoTasksWithOneNameNeedPinnedIDs() {
        let text = task(spec: "  name: Same\n  every: 1h\n" + query) + "---\n" + task(spec: "  name: Same\n  every: 2h\n" + query, name: "u")
        XCTAssertEqual(
            ManifestTestSupport.load(text: text).lines,
            [
                "test.yml:16:9: error: two tasks are named `Same` (the other is at test.yml:6:9) (at spec.name)\n    hint: give each task its own name, or pin both to live tasks with spec.id"
            ])
        let pinned =
            task(spec: "  name: Same\n  id: 0000000000000001\n  every: 1h\n" + query) + "---\n"
            + task(spec: "  name: Same\n  id: 0000000000000002\n  every: 2h\n" + query, name: "u")
        XCTAssertEqual(ManifestTestSupport.load(text: pinned).lines, [])
    }

    func testInvalidPinnedID() {
        XCTAssertEqual(
            ManifestTestSupport.load(text: task(spec: "  every: 1h\n  id: abc\n" + query)).lines,
            [
                "test.yml:7:7: error: invalid task ID `abc` (at spec.id)\n    hint: a task ID is 16 hexadecimal characters, as `influx task list` shows it"
            ])
    }

    func testAssociationByDisplayNameAndTwice() {
        let text =
            "apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: ops\nspec:\n  name: Operations\n---\n"
            + task(spec: "  every: 1h\n" + query + "  associations:\n    - {kind: Label, name: Operations}\n    - {kind: Label, name: ops}\n    - {kind: label, name: ops}\n")
        XCTAssertEqual(
            ManifestTestSupport.load(text: text).lines,
            [
                "test.yml:17:27: error: association names label `Operations` by its display name (at spec.associations[0].name)\n    hint: associations refer to labels by metadata.name: write `ops`",
                "test.yml:19:27: error: label `ops` is associated twice (also at 18:27) (at spec.associations[2].name)\n    hint: remove one of the two associations",
            ])
    }

    /// Issue 21 item 9: association names compare as label identity does (trimmed,
    /// case-insensitive), with live label names known (as plan loads) or not (as validate does).
    func testAssociationNamesCompareAsLabelIdentity() {
        let text =
            "apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: team-ops\n---\n"
            + task(spec: "  every: 1h\n" + query + "  associations:\n    - {kind: Label, name: \" Team-Ops \"}\n")
        for live in [nil, Set<String>()] {
            let (result, lines) = ManifestTestSupport.load(text: text, liveLabelNames: live)
            XCTAssertEqual(lines, [], "live names \(String(describing: live))")
            XCTAssertEqual(result.desired?.tasks.map(\.labels), [["team-ops"]])
        }
        let twice =
            "apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: ops\n---\n"
            + task(spec: "  every: 1h\n" + query + "  associations:\n    - {kind: Label, name: ops}\n    - {kind: Label, name: OPS}\n")
        XCTAssertEqual(
            ManifestTestSupport.load(text: twice).lines,
            [
                "test.yml:16:27: error: label `OPS` is associated twice (also at 15:27) (at spec.associations[1].name)\n    hint: remove one of the two associations"
            ])
    }

    func testMetadataNameThatInfluxApplyRejectsIsAWarning() throws {
        let (result, lines) = ManifestTestSupport.load(text: task(spec: "  every: 1h\n" + query, name: "CPU Task"))
        XCTAssertEqual(
            lines,
            [
                "test.yml:4:9: warning: metadata.name `CPU Task` is not accepted by `influx apply` (at metadata.name)\n    hint: use at most 63 lowercase letters, digits and -, starting and ending with a letter or digit"
            ])
        XCTAssertEqual(result.desired?.tasks.map(\.name), ["CPU Task"])
    }

    func testQueryRecordLimitsAreChecked() {
        let spec = "  query: |-\n    option task = {name: \"t\", every: 1h, concurrency: 0}\n    from(bucket: \"b\") |> range(start: -1h)\n"
        XCTAssertEqual(
            ManifestTestSupport.load(text: task(spec: spec)).lines,
            [
                "test.yml:7:5: error: the query's `option task`: concurrency must be at least 1, found 0 (at spec.query)\n    hint: fix the value in the query's `option task` record"
            ])
    }

    func testUnsupportedTaskParameterKey() {
        let spec = "  every: 1h\n  task:\n    - key: cron\n      default: \"0 * * * *\"\n" + query
        XCTAssertEqual(
            ManifestTestSupport.load(text: task(spec: spec, apiVersion: "influxdata.com/v2alpha2")).lines,
            [
                "test.yml:8:12: error: unsupported spec.task key `cron` (at spec.task[0].key)\n    hint: supported keys are `name`, `every` and `offset`; write other options in the query's `option task`"
            ])
    }

    func testOtherKindsAreSkippedWithOneNote() throws {
        let text =
            "apiVersion: influxdata.com/v2alpha1\nkind: Bucket\nmetadata:\n  name: b\nspec:\n  anything: goes\n---\n"
            + "apiVersion: influxdata.com/v2alpha1\nkind: Variable\nmetadata:\n  name: v\n---\n"
            + "apiVersion: influxdata.com/v2alpha1\nkind: Bucket\nmetadata:\n  name: c\n"
        let (result, lines) = ManifestTestSupport.load(text: text)
        XCTAssertEqual(lines, ["note: skipped 3 documents of other kinds (Bucket ×2, Variable): influxsync manages Task and Label only"])
        XCTAssertEqual(result.desired, DesiredState())
    }
}
