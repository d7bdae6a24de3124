import InfluxSync
import XCTest

/// One test per error kind, each loading its file from examples-invalid/ and asserting the
/// exact diagnostics (text, file:line:column, field path and hint).
final class ManifestValidationTests: XCTestCase {
    private func assertDiagnostics(_ file: String, _ expected: [String], liveLabelNames: Set<String>? = nil, line: UInt = #line) {
        let (result, lines) = ManifestTestSupport.load(["examples-invalid/\(file)"], liveLabelNames: liveLabelNames)
        XCTAssertEqual(lines, expected, line: line)
        XCTAssertNil(result.desired, line: line)
        XCTAssertTrue(result.hasErrors, line: line)
    }

    func testYAMLSyntaxError() {
        assertDiagnostics(
            "yaml-syntax.yml",
            [
                "examples-invalid/yaml-syntax.yml:7:9: error: invalid YAML: mapping values are not allowed in this context\n    hint: quote values that contain \": \", and check the indentation of this line"
            ])
    }

    func testUnknownFieldSuggestsEvery() {
        assertDiagnostics(
            "unknown-field.yml",
            [
                "examples-invalid/unknown-field.yml:6:3: error: unknown field `evrey` in Task spec (at spec.evrey)\n    hint: did you mean `every`?"
            ])
    }

    func testDuplicateKey() {
        assertDiagnostics(
            "duplicate-key.yml",
            [
                "examples-invalid/duplicate-key.yml:9:3: error: duplicate key `every` in spec (first at 6:3) (at spec.every)\n    hint: remove one of them; keys in a mapping must be unique"
            ])
    }

    func testMissingMetadataName() {
        assertDiagnostics(
            "missing-metadata-name.yml",
            [
                "examples-invalid/missing-metadata-name.yml:3:1: error: Label document has no metadata.name (at metadata.name)\n    hint: add `metadata:` with `name: <unique-key>` (lowercase letters, digits and -)",
                "examples-invalid/missing-metadata-name.yml:4:3: error: unknown field `description` in metadata (at metadata.description)\n    hint: metadata fields are: `name`",
            ])
    }

    func testMissingKind() {
        assertDiagnostics(
            "missing-kind.yml",
            [
                "examples-invalid/missing-kind.yml:1:1: error: document has no `kind` (at kind)\n    hint: add `kind: Task` or `kind: Label`"
            ])
    }

    func testUnknownKind() {
        assertDiagnostics(
            "unknown-kind.yml",
            [
                "examples-invalid/unknown-kind.yml:2:7: error: unknown kind `Taks` (at kind)\n    hint: did you mean `Task`?"
            ])
    }

    func testUnsupportedAPIVersion() {
        assertDiagnostics(
            "bad-api-version.yml",
            [
                "examples-invalid/bad-api-version.yml:1:13: error: unsupported apiVersion `influxdata.com/v1` (at apiVersion)\n    hint: use `influxdata.com/v2alpha1` (or `influxdata.com/v2alpha2`)"
            ])
    }

    func testEveryAndCron() {
        assertDiagnostics(
            "every-and-cron.yml",
            [
                "examples-invalid/every-and-cron.yml:7:9: error: Task has both `every` and `cron` (at spec.cron)\n    hint: keep one: `every` runs at a fixed interval, `cron` on a calendar schedule"
            ])
    }

    func testNeitherEveryNorCron() {
        assertDiagnostics(
            "no-schedule.yml",
            [
                "examples-invalid/no-schedule.yml:6:3: error: Task has neither `every` nor `cron` (at spec.every)\n    hint: add `every: 1h` (a fixed interval) or `cron: \"0 * * * *\"` (a calendar schedule)"
            ])
    }

    func testStatus() {
        assertDiagnostics(
            "bad-status.yml",
            [
                "examples-invalid/bad-status.yml:7:11: error: invalid status `paused` (at spec.status)\n    hint: use `active` or `inactive`"
            ])
    }

    func testColor() {
        assertDiagnostics(
            "bad-color.yml",
            [
                "examples-invalid/bad-color.yml:6:3: error: color is empty: an unquoted # starts a YAML comment (at spec.color)\n    hint: quote the color: `color: \"#326BBA\"`"
            ])
    }

    func testDuplicateMetadataName() {
        assertDiagnostics(
            "duplicate-metadata-name.yml",
            [
                "examples-invalid/duplicate-metadata-name.yml:9:9: error: duplicate Label `duplicate-metadata-name` (first declared at \(ManifestTestSupport.root)/examples-invalid/duplicate-metadata-name.yml:4:9) (at metadata.name)\n    hint: metadata.name must be unique among labels"
                    .replacingOccurrences(of: ManifestTestSupport.root + "/", with: "")
            ])
    }

    func testLabelNameCollision() {
        assertDiagnostics(
            "label-name-collision.yml",
            [
                "examples-invalid/label-name-collision.yml:13:9: warning: label name `\u{20}cpu` has surrounding whitespace; InfluxDB stores it as `cpu` (at spec.name)\n    hint: write `cpu`",
                "examples-invalid/label-name-collision.yml:13:9: error: label name `cpu` collides with label `CPU` at examples-invalid/label-name-collision.yml:6:9 (at spec.name)\n    hint: InfluxDB label names are unique ignoring case and surrounding spaces; rename one of them",
            ])
    }

    func testAssociationToUndeclaredLabel() {
        assertDiagnostics(
            "unknown-association.yml",
            [
                "examples-invalid/unknown-association.yml:16:13: error: association names label `monitorng`, which no manifest declares and InfluxDB does not have (at spec.associations[0].name)\n    hint: did you mean `monitoring`?"
            ], liveLabelNames: ["ops"])
    }

    func testAssociationToUndeclaredLabelIsAcceptedWhenLiveOrUnknown() {
        let unknownLive = ManifestTestSupport.load(["examples-invalid/unknown-association.yml"])
        XCTAssertEqual(unknownLive.lines, [])
        XCTAssertEqual(unknownLive.result.desired?.tasks.map(\.labels), [["monitorng"]])
        let live = ManifestTestSupport.load(["examples-invalid/unknown-association.yml"], liveLabelNames: ["Monitorng "])
        XCTAssertEqual(live.lines, [])
        XCTAssertEqual(live.result.desired?.tasks.map(\.labels), [["monitorng"]])
    }

    func testAssociationOfOtherKind() {
        assertDiagnostics(
            "association-kind.yml",
            [
                "examples-invalid/association-kind.yml:10:13: error: a task can only be associated with labels, not `Bucket` (at spec.associations[0].kind)\n    hint: use `kind: Label`, or remove this association"
            ])
    }

    func testMissingEnvRef() {
        assertDiagnostics(
            "missing-env-ref.yml",
            [
                "examples-invalid/missing-env-ref.yml:8:5: error: envRef `cpu-query` has no value and no default (at spec.query)\n    hint: pass `--env-ref cpu-query=<value>`, put `cpu-query` in an --env-file, or add `default:` to the envRef"
            ])
    }

    func testBadDuration() {
        assertDiagnostics(
            "bad-duration.yml",
            [
                "examples-invalid/bad-duration.yml:7:12: error: invalid duration literal \"1.5m\": unexpected '.' (at spec.offset)\n    hint: write a Flux duration literal such as `30s`, `1m30s` or `1h` (no decimals, no spaces)"
            ])
    }

    func testEveryBelowOneSecond() {
        assertDiagnostics(
            "every-too-short.yml",
            [
                "examples-invalid/every-too-short.yml:6:10: error: every must be at least 1s, found 500ms (at spec.every)\n    hint: InfluxDB runs tasks at most once a second, in whole seconds: use e.g. `1s`, `90s` or `1h`"
            ])
    }

    func testBadCronPointsAtTheCronValue() {
        assertDiagnostics(
            "bad-cron.yml",
            [
                "examples-invalid/bad-cron.yml:6:10: error: invalid cron `*/60 * * * *`: invalid minute */60: step must be at most 59 (at spec.cron)\n    hint: InfluxDB cron has 5 to 7 fields (minute hour day-of-month month day-of-week), or a macro such as `@hourly` or `@every 1h`"
            ])
    }

    func testFluxErrorIsReportedAtItsFileLineAndColumn() {
        // Query line 3, column 32 (the opening quote) is file line 10, column 40 (block indented by 4).
        assertDiagnostics(
            "flux-error.yml",
            [
                "examples-invalid/flux-error.yml:10:40: error: invalid Flux in query: unterminated string literal (at spec.query)\n    hint: fix the query at this position"
            ])
    }

    func testQueryOptionConflictNamesBothPlaces() {
        assertDiagnostics(
            "query-option-conflict.yml",
            [
                "examples-invalid/query-option-conflict.yml:6:10: error: spec.every `1h` conflicts with `every: 2h` in the query's `option task` at 8:5 (at spec.every)\n    hint: set the value in one place only: remove it from the query's `option task` record or from spec.every"
            ])
    }
}
