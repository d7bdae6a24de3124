import XCTest

@testable import Flux

/// Properties of an `option task` record other than the task options (`bucket: "raw"`): the
/// script reads them at run time (`task.bucket`), so the script we send keeps them.
final class OptionExtrasTests: XCTestCase {
    private let hour = FluxDuration(nanoseconds: 3_600_000_000_000)

    func testExtrasAreReadInOrderWithTheirValuesOnOneLine() throws {
        let script = try FluxScript(
            parsing: """
                option task = {
                    name: "n",
                    bucket: "raw", // where the data is
                    every: 1h,
                    "max rows": -  5,
                    limits: {a: 1, "b c": duration(v: 1h)},
                    hosts: [ "a",
                             "b" ],
                    window: -task.every,
                }
                from(bucket: task.bucket) |> range(start: -1h)
                """)
        XCTAssertEqual(
            script.extraOptions,
            [
                TaskOptionExtra(key: "bucket", keyText: "bucket", value: "\"raw\""),
                TaskOptionExtra(key: "max rows", keyText: "\"max rows\"", value: "-5"),
                TaskOptionExtra(key: "limits", keyText: "limits", value: "{a: 1, \"b c\": duration(v: 1h)}"),
                TaskOptionExtra(key: "hosts", keyText: "hosts", value: "[\"a\", \"b\"]"),
                TaskOptionExtra(key: "window", keyText: "window", value: "-task.every"),
            ])
        XCTAssertEqual(script.ignoredOptionKeys, ["bucket", "max rows", "limits", "hosts", "window"])
        XCTAssertEqual(script.options, TaskOptions(name: "n", schedule: .every(hour)))
    }

    func testComposeKeepsTheExtrasAfterTheOptions() throws {
        let query = "import \"strings\"\noption task = {name: \"n\", bucket: \"raw\", every: 1h, n: 1 - 2}\nfrom(bucket: task.bucket)"
        let options = TaskOptions(name: "n", schedule: .every(hour), offset: FluxDuration(nanoseconds: 300_000_000_000))
        let expected = "import \"strings\"\n\noption task = {name: \"n\", every: 1h, offset: 5m, bucket: \"raw\", n: 1 - 2}\n\nfrom(bucket: task.bucket)\n"
        XCTAssertEqual(try FluxScript.compose(options: options, query: query), expected)
        XCTAssertEqual(try FluxScript.compose(options: options, replacingOptionsOf: try FluxScript(parsing: query)), expected)
        // Read back, the script we send has the same extras.
        XCTAssertEqual(try FluxScript(parsing: expected).extraOptions, try FluxScript(parsing: query).extraOptions)
    }

    func testAScriptWithoutExtrasComposesAsBefore() throws {
        let flux = try FluxScript.compose(options: TaskOptions(name: "t", schedule: .every(hour)), query: "option task = {name: \"t\", every: 1h}\nx = 1")
        XCTAssertEqual(flux, "option task = {name: \"t\", every: 1h}\n\nx = 1\n")
        XCTAssertEqual(try FluxScript(parsing: flux).extraOptions, [])
    }
}

/// What `compose` cannot send as written and what the comparison must not count.
final class OptionExtrasEdgeTests: XCTestCase {
    private let hour = FluxDuration(nanoseconds: 3_600_000_000_000)

    /// The record is sent above the body: a property that uses a name the query defines would
    /// read it before it exists, so compose refuses it (at the name, in the query).
    func testAPropertyUsingANameTheQueryDefinesIsRefused() throws {
        let queries = [
            "b = \"raw\"\noption task = {name: \"t\", every: 1h, bucket: b}\nfrom(bucket: task.bucket)",
            "option params = {b: \"raw\"}\noption task = {name: \"t\", every: 1h, bucket: params.b}\nx = 1",
        ]
        for query in queries {
            let script = try FluxScript(parsing: query)
            XCTAssertNotNil(script.extraUsingDefinition, query)
            XCTAssertThrowsError(try FluxScript.compose(options: script.options!, replacingOptionsOf: script)) { error in
                XCTAssertEqual((error as? FluxError)?.line, 2, query)
                XCTAssertTrue((error as? FluxError)?.message.hasPrefix("option task property `bucket` uses `") == true, query)
            }
        }
        // `task.every`, a member's name and a record key are not names the query defines.
        let fine = try FluxScript(parsing: "b = 1\noption task = {name: \"t\", every: 1h, w: -task.every, r: {b: 1}, m: v.b}\nx = {b: 2}")
        XCTAssertNil(fine.extraUsingDefinition)
    }

    /// InfluxDB re-prints a record spread over lines with trailing commas (§7.4): not a change.
    func testATrailingCommaInAValueDoesNotCount() throws {
        let a = try FluxScript(parsing: "option task = {name: \"t\", every: 1h, rec: {a: 1, b: [1, 2,],}}\nx = 1")
        let b = try FluxScript(parsing: "option task = {name: \"t\", every: 1h, rec: {a: 1, b: [1, 2]}}\nx = 1")
        XCTAssertEqual(a.extraOptions, b.extraOptions)
        XCTAssertEqual(a.extraOptions.first?.value, "{a: 1, b: [1, 2]}")
    }

    /// A string written over lines makes the record span lines: positions in the body still map
    /// back to the query.
    func testPositionsAfterARecordSpanningLinesMapToTheQuery() throws {
        let query = "option task = {\n  name: \"t\",\n  every: 1h,\n  msg: \"one\ntwo\nthree\",\n}\n\nfrom(bucket: \"b\")\n  |> range(start: -1h)"
        let script = try FluxScript(parsing: query)
        let composed = try FluxScript.compose(options: script.options!, replacingOptionsOf: script)
        XCTAssertEqual(composed, "option task = {name: \"t\", every: 1h, msg: \"one\ntwo\nthree\"}\n\nfrom(bucket: \"b\")\n  |> range(start: -1h)\n")
        // Line 6 of the composed script (`  |> range…`) is line 10 of the query.
        XCTAssertEqual(FluxScript.queryPosition(line: 6, column: 6, inComposed: composed, query: script)?.line, 10)
        XCTAssertEqual(FluxScript.queryPosition(line: 6, column: 6, inComposed: composed, query: script)?.column, 6)
    }
}
