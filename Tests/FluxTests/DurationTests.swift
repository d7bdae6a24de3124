import XCTest

@testable import Flux

final class DurationTests: XCTestCase {
    private func d(_ text: String) throws -> FluxDuration { try FluxDuration(parsing: text) }

    func testEqualByValue() throws {
        XCTAssertEqual(try d("1h"), try d("60m"))
        XCTAssertEqual(try d("1h"), try d("1h0m0s"))
        XCTAssertEqual(try d("1h"), try d("3600s"))
        XCTAssertEqual(try d("1d"), try d("24h"))
        XCTAssertEqual(try d("1w"), try d("7d"))
        XCTAssertEqual(try d("1y"), try d("12mo"))
        XCTAssertEqual(try d("5µs"), try d("5us"))
        XCTAssertEqual(try d("1h"), FluxDuration(nanoseconds: 3_600_000_000_000))
        XCTAssertEqual(try d("-5m"), FluxDuration(nanoseconds: -300_000_000_000))
        XCTAssertEqual(try d("1y6mo1d"), FluxDuration(months: 18, nanoseconds: 86_400_000_000_000))
    }

    func testCalendarUnitsNeverEqualFixedOnes() throws {
        XCTAssertNotEqual(try d("1mo"), try d("4w"))
        XCTAssertNotEqual(try d("1mo"), try d("30d"))
        XCTAssertNotEqual(try d("1y"), try d("52w"))
    }

    func testCanonicalDescription() throws {
        XCTAssertEqual(try d("90m").description, "1h30m")
        XCTAssertEqual(try d("24h").description, "1d")
        XCTAssertEqual(try d("7d").description, "1w")
        XCTAssertEqual(try d("18mo").description, "1y6mo")
        XCTAssertEqual(try d("-300s").description, "-5m")
        XCTAssertEqual(try d("0h0m").description, "0s")
        XCTAssertEqual(try d("1h0m0s").description, "1h")
        XCTAssertEqual(try d("1500ms").description, "1s500ms")
        XCTAssertEqual(try d("8d").description, "1w1d")
        XCTAssertEqual(try d("1mo36h").description, "1mo1d12h")
        XCTAssertEqual(try d("2µs").description, "2us")
        XCTAssertEqual(FluxDuration(months: 1, nanoseconds: -3_600_000_000_000).description, "1mo-1h")
    }

    func testParseErrorsNameTheCharacter() {
        func error(_ text: String) -> String {
            do { _ = try FluxDuration(parsing: text); return "no error" } catch { return error.description }
        }
        XCTAssertEqual(error("1.5m"), "1:2: invalid duration literal \"1.5m\": unexpected '.'")
        XCTAssertEqual(error("5"), "1:2: invalid duration literal \"5\": missing unit after 5 (use one of y mo w d h m s ms us µs ns)")
        XCTAssertEqual(error("1 h"), "1:2: invalid duration literal \"1 h\": unexpected ' '")
        XCTAssertEqual(error("10x"), "1:3: invalid duration literal \"10x\": unknown unit 'x' (use one of y mo w d h m s ms us µs ns)")
        XCTAssertEqual(error("h"), "1:1: invalid duration literal \"h\": unexpected 'h', expected digits")
        XCTAssertEqual(error(""), "1:1: empty duration literal")
        XCTAssertEqual(error("-"), "1:2: invalid duration literal \"-\": expected digits after '-'")
    }

    func testServerSpellings() throws {
        XCTAssertEqual(try d("90s").serverOffsetText, "1m30s")
        XCTAssertEqual(try d("3600s").serverOffsetText, "1h")
        XCTAssertEqual(try d("1h0m5s").serverOffsetText, "1h5s")
        XCTAssertEqual(try d("-5m").serverOffsetText, "-5m")
        XCTAssertEqual(try d("1d").serverOffsetText, "24h")
        XCTAssertNil(try d("0s").serverOffsetText)
        XCTAssertEqual(try FluxDuration.serverOffsetText(literal: "-90s"), "-1m30s")
        XCTAssertEqual(try FluxDuration.serverNanoseconds(literal: "1mo"), 28 * 86_400_000_000_000)
        XCTAssertEqual(try FluxDuration.serverNanoseconds(literal: "1y"), 364 * 86_400_000_000_000)
        XCTAssertEqual(try FluxDuration.serverEveryText(literal: "90m"), "90m")
        XCTAssertEqual(try FluxDuration.serverEveryText(literal: "1h0m0s"), "1h0m0s")
        XCTAssertEqual(try FluxDuration.serverEveryText(literal: "10µs"), "10us")
    }

    func testManifestLimits() throws {
        XCTAssertEqual(TaskOptionLimits.checkEvery(try d("500ms")), "every must be at least 1s, found 500ms")
        XCTAssertEqual(TaskOptionLimits.checkEvery(try d("1500ms")), "every must be whole seconds, found 1s500ms")
        XCTAssertNil(TaskOptionLimits.checkEvery(try d("1s")))
        XCTAssertNil(TaskOptionLimits.checkEvery(try d("1mo")))
        XCTAssertEqual(TaskOptionLimits.checkOffset(try d("1500ms")), "offset must be whole seconds, found 1s500ms")
        XCTAssertEqual(TaskOptionLimits.checkOffset(try d("1mo")), "offset cannot use calendar units (mo, y), found 1mo")
        XCTAssertNil(TaskOptionLimits.checkOffset(try d("-5m")))
        let options = TaskOptions(name: "", schedule: .cron("*/60 * * * *"), offset: try d("1500ms"), concurrency: 0, retry: 11)
        XCTAssertEqual(
            TaskOptionLimits.violations(of: options).map(\.description),
            [
                "name: name must not be empty",
                "cron: invalid minute */60: step must be at most 59",
                "offset: offset must be whole seconds, found 1s500ms",
                "concurrency: concurrency must be at least 1, found 0",
                "retry: retry must be at most 10, found 11",
            ])
    }
}
