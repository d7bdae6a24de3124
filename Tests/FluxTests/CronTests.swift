import XCTest

@testable import Flux

final class CronTests: XCTestCase {
    private func error(_ expression: String) -> String {
        do { try CronExpression.validate(expression); return "ok" } catch { return error.description }
    }

    func testAccepted() {
        for expression in [
            "* * * * *", "0 * * * *", "*/5 * * * *", "0 0 1 1 *", "0 9-17 * * MON-FRI", "0 0 * * 1-7",
            "0 0 * JAN,jul *", "30 0 0 * * *", "0 0 0 1 1 * 2030", "0 0 * * 5-7/1", "5/15 * * * *",
            "0,15,30,45 * * * *", "0 12 31 12 sat", "@yearly", "@annually", "@monthly", "@weekly",
            "@daily", "@midnight", "@hourly", "@every_minute", "@every_second", "@every 1h30m",
            "@every 10s400ms700000us", "@every 1w1d1s", "@every 2HR", "  0 * * * *  ",
        ] {
            XCTAssertEqual(error(expression), "ok", expression)
        }
    }

    func testRejectedNamingTheField() {
        XCTAssertEqual(error("*/60 * * * *"), "1:1: invalid minute */60: step must be at most 59")
        XCTAssertEqual(error("0 24 * * *"), "1:3: invalid hour 24: 24 is outside 0-23")
        XCTAssertEqual(error("0 0 32 * *"), "1:5: invalid day of month 32: 32 is outside 1-31")
        XCTAssertEqual(error("0 0 0 * *"), "1:5: invalid day of month 0: 0 is outside 1-31")
        XCTAssertEqual(error("0 0 * 13 *"), "1:7: invalid month 13: 13 is outside 1-12")
        XCTAssertEqual(error("0 0 * * 7"), "1:9: invalid day of week 7: 7 is outside 0-6")
        XCTAssertEqual(error("0 0 * * 5-3"), "1:9: invalid day of week 5-3: range start must not be after its end")
        XCTAssertEqual(error("60 * * * * *"), "1:1: invalid second 60: 60 is outside 0-59")
        XCTAssertEqual(error("0 0 0 * * * 1969"), "1:13: invalid year 1969: 1969 is outside 1970-2099")
        XCTAssertEqual(
            error("0 0 * * * * * *"),
            "1:15: invalid cron expression \"0 0 * * * * * *\": 8 fields, expected 5 (minute hour day-of-month month day-of-week), 6 (with leading seconds) or 7 (with trailing year)"
        )
        XCTAssertEqual(
            error("0 0 * *"),
            "1:1: invalid cron expression \"0 0 * *\": 4 fields, expected 5 (minute hour day-of-month month day-of-week), 6 (with leading seconds) or 7 (with trailing year)")
        XCTAssertEqual(error("0 0 ? * *"), "1:5: invalid day of month ?: '?' is not supported by InfluxDB's cron")
        XCTAssertEqual(error("0 0 L * *"), "1:5: invalid day of month L: 'L' and 'W' are not supported by InfluxDB's cron")
        XCTAssertEqual(error("0 0 15W * *"), "1:5: invalid day of month 15W: 'L' and 'W' are not supported by InfluxDB's cron")
        XCTAssertEqual(error("0 0 * * 5#3"), "1:9: invalid day of week 5#3: '#' is not supported by InfluxDB's cron")
        XCTAssertEqual(error("0 0,,5 * * *"), "1:5: invalid hour 0,,5: empty list item")
        XCTAssertEqual(error("*/0 * * * *"), "1:1: invalid minute */0: step must be at least 1")
        XCTAssertEqual(
            error("@reboot"),
            "1:1: invalid cron macro @reboot (use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every_minute, @every_second or @every <duration>)")
        XCTAssertEqual(error("@every"), "1:1: invalid cron expression: @every needs a duration such as @every 1h30m")
        XCTAssertEqual(error("@every 1x"), "1:9: invalid @every duration 1x: expected a unit (y mo w d h m s ms us ns) at 'x'")
        XCTAssertEqual(error("@every 0s"), "1:8: invalid @every duration 0s: must not be zero")
        XCTAssertEqual(error("@daily 5"), "1:8: invalid cron expression: unexpected \"5\" after @daily")
        XCTAssertEqual(error(""), "1:1: empty cron expression")
    }

    func testServerWording() {
        XCTAssertNil(CronExpression.serverError("*/5 9-17 * * MON-FRI"))
        XCTAssertNil(CronExpression.serverError("*/0 * * * *"))
        XCTAssertNil(CronExpression.serverError("@every 1h30m"))
        XCTAssertEqual(CronExpression.serverError("*/60 * * * *"), "invalid minute */60")
        XCTAssertEqual(CronExpression.serverError("0 24 * * *"), "invalid start hour 24")
        XCTAssertEqual(CronExpression.serverError("0 1-25 * * *"), "invalid end hour 1")
        XCTAssertEqual(CronExpression.serverError("0 0 * * 7"), "invalid day of week range start must be before end")
        XCTAssertEqual(CronExpression.serverError("0 0 * * 1-7"), nil)
        XCTAssertEqual(CronExpression.serverError("0 0 ? * *"), "error in parsing at char 4, '?'")
        XCTAssertEqual(CronExpression.serverError("0 0 5 * * * * *"), "error in parsing at char 14, '*'")
        XCTAssertEqual(CronExpression.serverError("5-3 * * * *"), "failed to parse cron string '5-3 * * * *'")
        XCTAssertEqual(
            InfluxTaskOptionsValidatorMessage.of("option task = {name: \"a\", cron: \"0 0 32 * *\"}"),
            "invalid options: invalid options: cron invalid: invalid start month 31")
    }
}

enum InfluxTaskOptionsValidatorMessage {
    static func of(_ script: String) -> String {
        do { _ = try InfluxTaskOptionsValidator.validate(script); return "ok" } catch { return error.message }
    }
}
