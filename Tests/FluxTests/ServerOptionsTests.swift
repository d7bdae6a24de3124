import XCTest

@testable import Flux

/// InfluxDB's own option checks (influxdb-api.md §4.3), as the sandbox uses them.
final class ServerOptionsTests: XCTestCase {
    private func message(_ script: String) -> String {
        do { return "ok \(try InfluxTaskOptionsValidator.validate(script))" } catch { return error.message }
    }

    func testDerivedFields() throws {
        XCTAssertEqual(
            try InfluxTaskOptionsValidator.validate("option task = {name: \"a\", every: 90m, offset: 90s, delay: 1m, retry: 3}\nx = 1"),
            InfluxTaskFields(name: "a", every: "90m", offset: "1m30s", retry: 3))
        XCTAssertEqual(
            try InfluxTaskOptionsValidator.validate("option task = {name: \"c\", cron: \"0 * * * *\", offset: -5m, concurrency: 4}"),
            InfluxTaskFields(name: "c", cron: "0 * * * *", offset: "-5m", concurrency: 4))
        XCTAssertEqual(try InfluxTaskOptionsValidator.validate("option task = {name: \"u\", every: 1h0m0s, offset: 0s}").every, "1h0m0s")
        XCTAssertEqual(try InfluxTaskOptionsValidator.validate("option task = {name: \"u\", every: 5s0µs}").every, "5s0us")
    }

    func testErrorsInServerOrderAndWording() {
        XCTAssertEqual(message("x = 1"), "invalid options: no task options defined")
        XCTAssertEqual(message("option task = {name: \"a\", every: 1h}\noption task = {name: \"b\", every: 1h}"), "invalid options: multiple task options defined")
        XCTAssertEqual(message("option task = t"), "invalid options: task option expected to be object literal, but found \"ObjectExpression\"")
        XCTAssertEqual(message("option task = {every: 1h}"), "invalid options: missing required option: name")
        XCTAssertEqual(message("option task = {name: n, every: 1h}"), "invalid options: failed to parse field 'name' in task options")
        XCTAssertEqual(message("option task = {name: \"a\", every: 1h, cron: \"* * * * *\"}"), "invalid options: cannot use both cron and every in task options")
        XCTAssertEqual(message("option task = {name: \"a\"}"), "invalid options: missing required option: cron or every")
        XCTAssertEqual(message("option task = {name: \"a\", every: -1h}"), "invalid options: failed to parse field 'every' in task options")
        XCTAssertEqual(message("option task = {name: \"a\", every: duration(v: \"1h\")}"), "invalid options: failed to parse field 'every' in task options")
        XCTAssertEqual(message("option task = {name: \"a\", every: 1h, offset: 5m + 1s}"), "invalid options: failed to parse field 'offset' in task options")
        XCTAssertEqual(message("option task = {name: \"a\", every: 1h, offset: 1.5m}"), "invalid options: loc 1:49-1:50: expected }, found m")
        XCTAssertEqual(message("option task = {name: \"a\", every: 500ms}"), "invalid options: invalid options: every option must be at least 1 second")
        XCTAssertEqual(message("option task = {name: \"a\", every: 1500ms}"), "invalid options: invalid options: every option must be expressible as whole seconds")
        XCTAssertEqual(
            message("option task = {name: \"\", every: 0s, offset: 1500ms, concurrency: 101, retry: 0}"),
            "invalid options: invalid options: name required, must specify exactly one of either cron or every, offset option must be expressible as whole seconds, concurrency exceeded max of 100, retry must be at least 1"
        )
        XCTAssertEqual(message("option task = {name: \"a\", cron: \"*/60 * * * *\"}"), "invalid options: invalid options: cron invalid: invalid minute */60")
        XCTAssertEqual(message("option task = {name: \"a\", every: 1h\nx = 1"), "invalid options: loc 2:1-2:2: expected }, found x")
    }

    func testOneDayOffsetPassesOptionsButNotGoParsing() {
        do {
            _ = try InfluxTaskOptionsValidator.validate("option task = {name: \"a\", every: 1h, offset: 1d}")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error, InfluxTaskOptionsError(stage: .offsetParse, message: "unexpected error parsing time: time: unknown unit \"d\" in duration \"1d\""))
        }
    }
}
