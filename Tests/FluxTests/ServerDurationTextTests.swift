import XCTest

@testable import Flux

final class ServerDurationTextTests: XCTestCase {
    func testJSONDecoding() {
        XCTAssertNil(ServerDurationText.jsonError(""))
        XCTAssertNil(ServerDurationText.jsonError("10s"))
        XCTAssertNil(ServerDurationText.jsonError("10x"))
        XCTAssertNil(ServerDurationText.jsonError("1h30m"))
        XCTAssertNil(ServerDurationText.jsonError("-5m"))
        XCTAssertEqual(ServerDurationText.jsonError("0"), "duration is missing a unit: ")
        XCTAssertEqual(ServerDurationText.jsonError("abc"), "invalid duration abc")
        XCTAssertTrue(ServerDurationText.isZero(""))
        XCTAssertTrue(ServerDurationText.isZero("0s"))
        XCTAssertFalse(ServerDurationText.isZero("1s"))
    }

    func testGoParsing() {
        XCTAssertNil(ServerDurationText.goParseError("1h30m"))
        XCTAssertNil(ServerDurationText.goParseError("-5m"))
        XCTAssertNil(ServerDurationText.goParseError("1.5h"))
        XCTAssertNil(ServerDurationText.goParseError("0"))
        XCTAssertNil(ServerDurationText.goParseError("5µs"))
        XCTAssertEqual(ServerDurationText.goParseError("1d"), "time: unknown unit \"d\" in duration \"1d\"")
        XCTAssertEqual(ServerDurationText.goParseError("1h1w"), "time: unknown unit \"w\" in duration \"1h1w\"")
        XCTAssertEqual(ServerDurationText.goParseError("1"), "time: missing unit in duration \"1\"")
        XCTAssertEqual(ServerDurationText.goParseError("abc"), "time: invalid duration \"abc\"")
        XCTAssertEqual(ServerDurationText.goParseError(""), "time: invalid duration \"\"")
    }
}
