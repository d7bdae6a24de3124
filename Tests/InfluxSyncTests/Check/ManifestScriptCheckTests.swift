import InfluxSync
import XCTest

/// Script findings as manifest diagnostics: at the file position of the script's line and
/// column, as errors that stop loading.
final class ManifestScriptCheckTests: XCTestCase {
    private let yaml = """
        apiVersion: influxdata.com/v2alpha1
        kind: Task
        metadata:
          name: cpu
        spec:
          every: 1h
          query: |
            import "strngs"

            from(bucket: "telegraf")
                |> range(strt: -1h)
                |> filter(fn: (r) => r._value > threshold)
        """

    func testFindingsInABlockScalarAreErrorsAtTheirFilePositions() {
        let (result, lines) = ManifestTestSupport.load(text: yaml, path: "tasks/cpu.yml")
        XCTAssertNil(result.desired)
        XCTAssertEqual(
            lines,
            [
                "tasks/cpu.yml:8:12: error: unknown import path \"strngs\" [unknown-import] (at spec.query)\n    hint: did you mean \"strings\"?; if your InfluxDB's Flux has it (these checks know Flux v0.196.1), add `// influxsync:allow strngs` to the script or `--allow-flux strngs`",
                "tasks/cpu.yml:11:18: error: range() has no parameter \"strt\" [unknown-argument] (at spec.query)\n    hint: did you mean \"start\"?",
                "tasks/cpu.yml:12:41: error: undefined identifier \"threshold\" [undefined-identifier] (at spec.query)\n    hint: if your InfluxDB's Flux has it (these checks know Flux v0.196.1), add `// influxsync:allow threshold` to the script or `--allow-flux threshold`",
            ])
    }

    func testFindingsInAFluxFileAreAtTheirLines() {
        let text = """
            import "strings"

            option task = {name: "cpu", every: 1h}

            from(bucket: "telegraf")
                |> range(start: -1h)
                |> filter(fn: (r) => strings.hasPrefx(v: r.host, prefix: "web"))
            """
        let (result, lines) = ManifestTestSupport.load(text: text, path: "tasks/cpu.flux")
        XCTAssertNil(result.desired)
        XCTAssertEqual(
            lines,
            [
                "tasks/cpu.flux:7:34: error: package \"strings\" has no member \"hasPrefx\" [unknown-member]\n    hint: did you mean \"hasPrefix\"?; if your InfluxDB's Flux has it (these checks know Flux v0.196.1), add `// influxsync:allow strings.hasPrefx` to the script or `--allow-flux strings.hasPrefx`"
            ])
    }

    func testAnAllowanceCommentInTheQueryAcceptsTheName() {
        let allowed = yaml.replacingOccurrences(of: "    import \"strngs\"", with: "    // influxsync:allow strngs threshold\n    import \"strngs\"")
            .replacingOccurrences(of: "strt:", with: "start:")
        let (result, lines) = ManifestTestSupport.load(text: allowed, path: "tasks/cpu.yml")
        XCTAssertEqual(lines, [])
        XCTAssertEqual(result.desired?.tasks.map(\.key), ["cpu"])
    }

    func testFindingAsDiagnosticCarriesCodeSeverityAndHint() {
        let location = SourceLocation(file: "a.yml", line: 3, column: 4)
        let warning = ScriptFinding(
            severity: .warning, code: ScriptFinding.Code(rawValue: "missing-bucket"), task: "cpu", location: location,
            message: "bucket \"telegraf\" does not exist")
        XCTAssertEqual(
            warning.diagnostic(field: "spec.query").description,
            "a.yml:3:4: warning: bucket \"telegraf\" does not exist [missing-bucket] (at spec.query)")
    }
}
