import XCTest

@testable import InfluxSandbox

/// Unit tests of the pieces behind byte-exact responses: Go-style JSON, IDs, times, durations.
final class WireFormatUnitTests: XCTestCase {
    func testCompactJSONEscapesLikeGo() {
        let value: JSONValue = .object(["flux": .string("a |> b & <c>\n\t\"q\"\\ \u{2028}\u{01}")])
        XCTAssertEqual(
            String(decoding: JSONWriter.encode(value, layout: .compact), as: UTF8.self),
            #"{"flux":"a |\u003e b \u0026 \u003cc\u003e\n\t\"q\"\\ \u2028\u0001"}"# + "\n")
    }

    func testTabIndentedJSONMatchesMarshalIndent() {
        let value: JSONValue = .object(["links": .object(["self": .string("/x")]), "labels": .array([]), "n": .array([.int(1), .int(2)]), "o": .object([:])])
        XCTAssertEqual(
            String(decoding: JSONWriter.encode(value, layout: .tabIndented), as: UTF8.self),
            "{\n\t\"links\": {\n\t\t\"self\": \"/x\"\n\t},\n\t\"labels\": [],\n\t\"n\": [\n\t\t1,\n\t\t2\n\t],\n\t\"o\": {}\n}\n")
    }

    func testParserErrorsUseGoWording() {
        func message(_ text: String) -> String {
            do { _ = try JSONParser.parse(Array(text.utf8)); return "ok" } catch { return error.message }
        }
        XCTAssertEqual(message(""), "EOF")
        XCTAssertEqual(message("  "), "EOF")
        XCTAssertEqual(message("{"), "unexpected EOF")
        XCTAssertEqual(message("x"), "invalid character 'x' looking for beginning of value")
        XCTAssertEqual(message("{\"a\" 1}"), "invalid character '1' after object key")
        XCTAssertEqual(message("{\"a\":1 2}"), "invalid character '2' after object key:value pair")
        XCTAssertEqual(message("{1}"), "invalid character '1' looking for beginning of object key string")
        XCTAssertEqual(message("{} trailing"), "ok")
    }

    func testParserDecodesEscapesAndKeepsKeyOrder() throws {
        let value = try JSONParser.parse(Array(#"{"b":"\u00e9\ud83d\ude00\n","a":[true,null,-1.5e3]}"#.utf8))
        XCTAssertEqual(value, .object(["b": .string("é😀\n"), "a": .array([.bool(true), .null, .number("-1.5e3")])]))
    }

    func testObjectLookupFallsBackToCaseInsensitiveLikeGo() throws {
        let o = try XCTUnwrap(try JSONParser.parse(Array(#"{"FLUX":"x","flux":"y","Org":"z"}"#.utf8)).objectValue)
        XCTAssertEqual(o["flux"], .string("y"))
        XCTAssertEqual(o["org"], .string("z"))
    }

    func testIdentifierParsing() {
        XCTAssertEqual(try Identifier.parse("09956CBB6D378000"), "09956cbb6d378000")
        XCTAssertThrowsError(try Identifier.parse("123")) { XCTAssertEqual(($0 as? Identifier.Malformed)?.message, "id must have a length of 16 bytes") }
        XCTAssertThrowsError(try Identifier.parse("0000000000000000")) { XCTAssertEqual(($0 as? Identifier.Malformed)?.message, "invalid ID") }
        XCTAssertThrowsError(try Identifier.parse("zzzzzzzzzzzzzzzz")) { XCTAssertEqual(($0 as? Identifier.Malformed)?.message, "invalid ID") }
    }

    func testSnowflakesIncreaseEvenWithinOneMillisecond() {
        var ids = IDGenerator()
        let now = Timestamp(nanoseconds: 1_700_000_000_000_000_000)
        let a = ids.nextSnowflake(now: now), b = ids.nextSnowflake(now: now)
        XCTAssertLessThan(a, b)
        XCTAssertEqual(a.count, 16)
    }

    func testRandomOrgIDsAvoidBackslashCommaAndSpaceBytes() {
        for _ in 0..<200 {
            let id = IDGenerator.randomOrgID()
            let value = UInt64(id, radix: 16)!
            for shift in stride(from: 0, to: 64, by: 8) {
                XCTAssertFalse([0x5C, 0x2C, 0x20].contains(UInt8((value >> UInt64(shift)) & 0xFF)), id)
            }
        }
    }

    func testTimestampFormats() throws {
        let t = try Timestamp.parseRFC3339("2022-07-18T14:46:07.16222Z")
        XCTAssertEqual(t.rfc3339Nano, "2022-07-18T14:46:07.16222Z")
        XCTAssertEqual(t.rfc3339Seconds, "2022-07-18T14:46:07Z")
        XCTAssertEqual(try Timestamp.parseRFC3339("2022-07-18T16:46:07+02:00").rfc3339Nano, "2022-07-18T14:46:07Z")
        XCTAssertEqual(Timestamp(nanoseconds: 0).rfc3339Seconds, "1970-01-01T00:00:00Z")
        XCTAssertThrowsError(try Timestamp.parseRFC3339("2022-07-18"))
        // Go checks the day against the month: February 30 is refused, not moved to March 2.
        XCTAssertThrowsError(try Timestamp.parseRFC3339("2026-02-30T00:00:00Z")) { error in
            XCTAssertEqual(error as? TimestampParseError, TimestampParseError(message: #"parsing time "2026-02-30T00:00:00Z": day out of range"#))
        }
        XCTAssertNoThrow(try Timestamp.parseRFC3339("2024-02-29T00:00:00Z"))
        XCTAssertThrowsError(try Timestamp.parseRFC3339("2999-01-01T00:00:00Z"), "out of the Int64 nanosecond range, not a crash")
    }

    func testGoDurationParsing() throws {
        XCTAssertEqual(try GoDuration.parse("1h30m"), 5_400_000_000_000)
        XCTAssertEqual(try GoDuration.parse("-5m"), -300_000_000_000)
        XCTAssertEqual(try GoDuration.parse("1.5s"), 1_500_000_000)
        XCTAssertThrowsError(try GoDuration.parse("1d")) { XCTAssertEqual(($0 as? TaskScriptFailure)?.text, "time: unknown unit \"d\" in duration \"1d\"") }
        XCTAssertThrowsError(try GoDuration.parse("5")) { XCTAssertEqual(($0 as? TaskScriptFailure)?.text, "time: missing unit in duration \"5\"") }
    }

    func testOffsetNormalization() {
        XCTAssertEqual(GoDuration.offsetText(90_000_000_000), "1m30s")
        XCTAssertEqual(GoDuration.offsetText(3_600_000_000_000), "1h")
        XCTAssertEqual(GoDuration.offsetText(3_605_000_000_000), "1h5s")
        XCTAssertEqual(GoDuration.offsetText(-300_000_000_000), "-5m")
        XCTAssertEqual(GoDuration.offsetText(0), "")
    }

    func testPatchDurationSyntax() throws {
        XCTAssertEqual(try GoDuration.patchDuration("10x"), "10x")
        XCTAssertNil(try GoDuration.patchDuration(""))
        XCTAssertThrowsError(try GoDuration.patchDuration("0")) { XCTAssertEqual(($0 as? TaskScriptFailure)?.text, "duration is missing a unit: ") }
        XCTAssertThrowsError(try GoDuration.patchDuration("abc")) { XCTAssertEqual(($0 as? TaskScriptFailure)?.text, "invalid duration abc") }
    }

    func testGoQuote() {
        XCTAssertEqual(goQuote("a\"b\\c\nd\u{01}é"), #""a\"b\\c\nd\x01é""#)
    }

    func testAuthorizationHeaderParsing() {
        XCTAssertEqual(Authentication.token(fromHeader: "Token abc"), "abc")
        XCTAssertEqual(Authentication.token(fromHeader: "BEARER abc"), "abc")
        XCTAssertEqual(Authentication.token(fromHeader: "Token  abc"), " abc")
        XCTAssertNil(Authentication.token(fromHeader: "Basic abc"))
        XCTAssertNil(Authentication.token(fromHeader: "Tokenabc"))
    }
}
