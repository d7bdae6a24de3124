import XCTest

@testable import Flux

final class ComposeTests: XCTestCase {
    private let hour = FluxDuration(nanoseconds: 3_600_000_000_000)

    func testImportsFirstThenOptionThenBody() throws {
        let options = TaskOptions(name: "ping", schedule: .every(hour), offset: FluxDuration(nanoseconds: 300_000_000_000))
        let flux = try FluxScript.compose(options: options, query: "import \"http\"\n\nhttp.post(url: \"http://127.0.0.1:9/ping\")\n")
        XCTAssertEqual(
            flux,
            """
            import "http"

            option task = {name: "ping", every: 1h, offset: 5m}

            http.post(url: "http://127.0.0.1:9/ping")

            """)
    }

    func testNamesAreFluxStringLiterals() throws {
        let options = TaskOptions(name: #"a "quoted" \ name ${x} – ünï 日本"#, schedule: .cron("0 * * * *"), concurrency: 2, retry: 3)
        let flux = try FluxScript.compose(options: options, query: "x = 1")
        XCTAssertEqual(flux, "option task = {name: \"a \\\"quoted\\\" \\\\ name \\${x} – ünï 日本\", cron: \"0 * * * *\", concurrency: 2, retry: 3}\n\nx = 1\n")
        XCTAssertEqual(try FluxScript(parsing: flux).options, options)
    }

    func testNewlineInNameRejected() {
        XCTAssertThrowsError(try FluxScript.compose(options: TaskOptions(name: "a\nb", schedule: .every(hour)), query: "x = 1")) { error in
            XCTAssertEqual((error as? FluxError)?.description, "1:1: task name \"a\nb\" contains a line break; InfluxDB task names must be one line")
        }
    }

    func testScheduleSwitchAndOffsetRemoval() throws {
        let cron = TaskOptions(name: "t", schedule: .cron("0 * * * *"))
        let flux = try FluxScript.compose(options: cron, query: "from(bucket: \"b\") |> range(start: -1h)")
        XCTAssertEqual(flux, "option task = {name: \"t\", cron: \"0 * * * *\"}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n")
        let noOffset = TaskOptions(name: "t", schedule: .every(hour))
        XCTAssertEqual(try FluxScript.compose(options: noOffset, query: "x = 1"), "option task = {name: \"t\", every: 1h}\n\nx = 1\n")
    }

    func testOffsetsUseServerSafeUnits() throws {
        let options = TaskOptions(name: "t", schedule: .every(try FluxDuration(parsing: "1d")), offset: try FluxDuration(parsing: "-1d90s"))
        XCTAssertEqual(FluxScript.optionStatement(for: options), "option task = {name: \"t\", every: 1d, offset: -24h1m30s}")
        XCTAssertEqual(
            FluxScript.optionStatement(for: TaskOptions(name: "t", schedule: .every(hour), offset: .zero)),
            "option task = {name: \"t\", every: 1h, offset: 0s}")
    }

    func testQueryWithAgreeingOptionTaskIsReplaced() throws {
        let options = TaskOptions(name: "t", schedule: .every(hour))
        let flux = try FluxScript.compose(options: options, query: "option task = {name: \"t\", every: 60m, retry: 2}\nx = 1")
        XCTAssertEqual(flux, "option task = {name: \"t\", every: 1h, retry: 2}\n\nx = 1\n")
    }

    func testQueryWithConflictingOptionTask() {
        func error(_ options: TaskOptions, _ query: String) -> String {
            do { return try FluxScript.compose(options: options, query: query) } catch { return error.description }
        }
        let options = TaskOptions(name: "t", schedule: .every(hour), offset: FluxDuration(nanoseconds: 60_000_000_000))
        XCTAssertEqual(
            error(options, "option task = {name: \"u\", every: 1h}"),
            "1:22: `name` conflicts: the query's option task says \"u\" but the task spec says \"t\"")
        XCTAssertEqual(
            error(options, "option task = {name: \"t\", every: 2h}"),
            "1:34: `every` conflicts: the query's option task says 2h but the task spec says 1h")
        XCTAssertEqual(
            error(options, "option task = {name: \"t\", cron: \"* * * * *\"}"),
            "1:33: `cron` in the query's option task conflicts with `every: 1h` in the task spec (set exactly one)")
        XCTAssertEqual(
            error(options, "option task = {name: \"t\", every: 1h, offset: 2m}"),
            "1:46: `offset` conflicts: the query's option task says 2m but the task spec says 1m")
    }
}
