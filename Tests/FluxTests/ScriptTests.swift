import XCTest

@testable import Flux

final class ScriptTests: XCTestCase {
    private func error(_ source: String) -> String {
        do { _ = try FluxScript(parsing: source); return "no error" } catch { return error.description }
    }

    func testSplitsImportsOptionsAndBody() throws {
        let script = try FluxScript(
            parsing: """
                import "strings"
                import h "http"

                // Downsample CPU
                option task = {name: "cpu \\"fast\\"", every: 1h, offset: -5m, concurrency: 2, retry: 3}
                option now = () => 2024-01-01T00:00:00Z

                from(bucket: "b") |> range(start: -task.every)
                """)
        XCTAssertEqual(script.imports, [#"import "strings""#, #"import h "http""#])
        XCTAssertEqual(
            script.options,
            TaskOptions(
                name: "cpu \"fast\"", schedule: .every(try FluxDuration(parsing: "1h")),
                offset: try FluxDuration(parsing: "-5m"), concurrency: 2, retry: 3))
        XCTAssertEqual(
            script.body,
            """
            // Downsample CPU
            option now = () => 2024-01-01T00:00:00Z

            from(bucket: "b") |> range(start: -task.every)
            """)
        XCTAssertEqual(script.ignoredOptionKeys, [])
    }

    func testOneLineScriptAsStoredByTheServer() throws {
        let script = try FluxScript(parsing: #"option task = {every: 20s, name: "foo"} from(bucket:"x") |> range(start:-1h)"#)
        XCTAssertEqual(script.options, TaskOptions(name: "foo", schedule: .every(FluxDuration(nanoseconds: 20_000_000_000))))
        XCTAssertEqual(script.imports, [])
        XCTAssertEqual(script.body, #"from(bucket:"x") |> range(start:-1h)"#)
    }

    func testCronOptionsUnknownKeysAndStringKeys() throws {
        let script = try FluxScript(parsing: "option task = {\"name\": \"n\", cron: \"0 * * * *\", delay: 5m,}\nx = 1")
        XCTAssertEqual(script.options, TaskOptions(name: "n", schedule: .cron("0 * * * *")))
        XCTAssertEqual(script.ignoredOptionKeys, ["delay"])
        XCTAssertEqual(script.body, "x = 1")
    }

    func testNoOptionTask() throws {
        let script = try FluxScript(parsing: "import \"array\"\narray.from(rows: [{a: 1}])")
        XCTAssertNil(script.options)
        XCTAssertEqual(script.body, "array.from(rows: [{a: 1}])")
    }

    func testCRLFAndBOMNormalised() throws {
        let script = try FluxScript(parsing: "\u{FEFF}option task = {name: \"a\", every: 1h}\r\n\r\nfrom(bucket: \"b\")\r\n  |> range(start: -1h)\r\n")
        XCTAssertEqual(script.source, "option task = {name: \"a\", every: 1h}\n\nfrom(bucket: \"b\")\n  |> range(start: -1h)\n")
        XCTAssertEqual(script.body, "from(bucket: \"b\")\n  |> range(start: -1h)")
    }

    func testNotFooledByStringsRegexesAndComments() throws {
        let script = try FluxScript(
            parsing: """
                // option task = {name: "in a comment", every: 1m}
                fake = "option task = {name: \\"in a string\\", every: 2m}"
                option task = {name: "real", every: 1h}
                data = from(bucket: "b")
                    |> range(start: -1h)
                    |> filter(fn: (r) => r.host =~ /option task = \\{name: "regex"\\/, every: 3m}/ and r.x / 2 > 1)
                """)
        XCTAssertEqual(script.options, TaskOptions(name: "real", schedule: .every(FluxDuration(nanoseconds: 3_600_000_000_000))))
        XCTAssertEqual(
            script.body,
            """
            // option task = {name: "in a comment", every: 1m}
            fake = "option task = {name: \\"in a string\\", every: 2m}"
            data = from(bucket: "b")
                |> range(start: -1h)
                |> filter(fn: (r) => r.host =~ /option task = \\{name: "regex"\\/, every: 3m}/ and r.x / 2 > 1)
            """)
    }

    func testOptionErrors() {
        XCTAssertEqual(
            error("option task = {name: \"a\", every: 1h}\noption task = {name: \"b\", every: 1h}"),
            "2:1: more than one option task (the first is at 1:1)")
        XCTAssertEqual(
            error("option task = {name: \"a\", every: duration(v: \"1h\")}"),
            "1:34: option task `every` must be a duration literal such as 1h, found duration ( v : \"1h\" ); option values must be literals")
        XCTAssertEqual(
            error("e = 1h\noption task = {name: \"a\", every: e}"),
            "2:34: option task `every` must be a duration literal such as 1h, found e; option values must be literals")
        XCTAssertEqual(
            error("option task = {name: \"t-${x}\", every: 1h}"),
            "1:22: option task `name` must be a string literal without ${…} interpolation, found \"t-${x}\"; option values must be literals")
        XCTAssertEqual(
            error("option task = {name: \"a\", every: 1h, cron: \"* * * * *\"}"),
            "1:44: option task sets both `every` and `cron`; set exactly one")
        XCTAssertEqual(error("option task = {name: \"a\"}"), "1:15: option task needs `every` or `cron`")
        XCTAssertEqual(error("option task = {every: 1h}"), "1:15: option task has no `name`")
        XCTAssertEqual(
            error("option task = {name: \"a\", every: 1h, offset: 1.5m}"),
            "1:46: option task `offset` must be a duration literal such as 5m or -5m, found 1.5 m; option values must be literals")
        XCTAssertEqual(error("option task = {name: \"a\", every: -1h}"), "1:34: option task `every` must be positive, found -1h")
        XCTAssertEqual(error("option task = {name: \"a\", every: 0s}"), "1:34: option task `every` must be positive, found 0s")
        XCTAssertEqual(
            error("option task = {name: \"a\", every: 1h, retry: 1 + 1}"),
            "1:45: option task `retry` must be an integer literal, found 1 + 1; option values must be literals")
        XCTAssertEqual(error("option task = base"), "1:15: option task must be a record literal such as {name: \"example\", every: 1h}")
        XCTAssertEqual(error("option task = {base with name: \"a\"}"), "1:16: option task must be a plain record literal, not {base with …}; option values must be literals")
        XCTAssertEqual(error("option task = {name: \"a\", name: \"b\", every: 1h}"), "1:27: option task sets `name` more than once")
        XCTAssertEqual(error("option task = {name: \"a\", every: 1h}\nimport \"strings\""), "2:1: import must come before every other statement")
        XCTAssertEqual(error("option task = {name: \"a\", every: 1h\nx = 1"), "1:15: { is never closed")
        XCTAssertEqual(error("f(a: 1))"), "1:8: unexpected )")
        // A missing comma between two properties (a typo of InfluxDB's own getting-started page).
        XCTAssertEqual(
            error("option task = {\n    name: \"Example task\"\n    every: 1d,\n}"),
            "3:5: option task property `name` is not followed by a comma: write `,` before `every`")
        XCTAssertEqual(
            error("option task = {name: \"a\", every: 1h \"b\": 1}"), "1:37: option task property `every` is not followed by a comma: write `,` before `\"b\"`")
    }

    func testEveryAndOffsetLimitsFromAScript() throws {
        let script = try FluxScript(parsing: "option task = {name: \"a\", every: 500ms}")
        XCTAssertEqual(TaskOptionLimits.violations(of: script.options!).map(\.description), ["every: every must be at least 1s, found 500ms"])
    }
}

final class PartialOptionsTests: XCTestCase {
    func testPartialRecordAcceptedWhenAsked() throws {
        let script = try FluxScript(parsing: "option task = {every: 1h, retry: 2}\nx = 1", requireCompleteOptions: false)
        XCTAssertNil(script.options)
        XCTAssertEqual(script.optionValues, TaskOptionValues(schedule: .every(FluxDuration(nanoseconds: 3_600_000_000_000)), retry: 2))
        XCTAssertEqual(script.body, "x = 1")
        XCTAssertThrowsError(try FluxScript(parsing: "option task = {every: 1h, cron: \"* * * * *\"}", requireCompleteOptions: false)) { error in
            XCTAssertEqual((error as? FluxError)?.description, "1:33: option task sets both `every` and `cron`; set exactly one")
        }
        XCTAssertThrowsError(try FluxScript(parsing: "option task = {every: 1h}", requireCompleteOptions: true))
    }

    func testSyntaxCheck() throws {
        XCTAssertNoThrow(try FluxScript(parsing: "option task = {name: \"a\", every: 1h}\nfrom(bucket: \"b\") |> range(start: -1h)").checkSyntax())
        let script = try FluxScript(parsing: "option task = {name: \"a\", every: 1h}\nfrom(bucket: \"b\") |> 5")
        XCTAssertThrowsError(try script.checkSyntax()) { error in
            XCTAssertEqual((error as? FluxError)?.description, "2:22: pipe destination must be a function call")
        }
    }
}
