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
