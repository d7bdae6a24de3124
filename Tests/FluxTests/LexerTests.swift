import XCTest

@testable import Flux

final class LexerTests: XCTestCase {
    private func kinds(_ source: String) throws -> [String] {
        try FluxLexer.tokenize(source).map { "\($0.kind.rawValue):\($0.text)" }
    }

    func testPipelineTokens() throws {
        XCTAssertEqual(
            try kinds(#"from(bucket: "b") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "cpu" and r.host =~ /web\/[0-9]+/)"#),
            [
                "identifier:from", "punctuation:(", "identifier:bucket", "punctuation::", "string:\"b\"", "punctuation:)",
                "operator:|>", "identifier:range", "punctuation:(", "identifier:start", "punctuation::", "operator:-", "duration:1h", "punctuation:)",
                "operator:|>", "identifier:filter", "punctuation:(", "identifier:fn", "punctuation::", "punctuation:(", "identifier:r", "punctuation:)",
                "operator:=>", "identifier:r", "punctuation:.", "identifier:_measurement", "operator:==", "string:\"cpu\"",
                "keyword:and", "identifier:r", "punctuation:.", "identifier:host", "operator:=~", "regex:/web\\/[0-9]+/", "punctuation:)",
            ])
    }

    func testLiteralKinds() throws {
        XCTAssertEqual(
            try kinds("1h30m 1y6mo 5µs 42 0 3.14 .5 1. 2024-01-02T03:04:05.123Z 2024-01-02 2018-08-15T13:36:23-07:00"),
            [
                "duration:1h30m", "duration:1y6mo", "duration:5µs", "integer:42", "integer:0", "float:3.14", "float:.5", "float:1.",
                "dateTime:2024-01-02T03:04:05.123Z", "dateTime:2024-01-02", "dateTime:2018-08-15T13:36:23-07:00",
            ])
    }

    func testOperators() throws {
        XCTAssertEqual(
            try kinds("a != b <= c >= d !~ e <- f ^ g % h"),
            [
                "identifier:a", "operator:!=", "identifier:b", "operator:<=", "identifier:c", "operator:>=", "identifier:d",
                "operator:!~", "identifier:e", "operator:<-", "identifier:f", "operator:^", "identifier:g", "operator:%", "identifier:h",
            ])
    }

    func testRegexVersusDivision() throws {
        XCTAssertEqual(try kinds("x = a / b / c"), ["identifier:x", "operator:=", "identifier:a", "operator:/", "identifier:b", "operator:/", "identifier:c"])
        XCTAssertEqual(try kinds("x = (r) / 2"), ["identifier:x", "operator:=", "punctuation:(", "identifier:r", "punctuation:)", "operator:/", "integer:2"])
        XCTAssertEqual(
            try kinds("f(re: /a\\/b/, n: 10 / 2)"),
            [
                "identifier:f", "punctuation:(", "identifier:re", "punctuation::", "regex:/a\\/b/", "punctuation:,", "identifier:n", "punctuation::", "integer:10", "operator:/",
                "integer:2", "punctuation:)",
            ])
        XCTAssertEqual(try kinds("return /x/"), ["keyword:return", "regex:/x/"])
    }

    func testStringsWithEscapesAndInterpolation() throws {
        let tokens = try FluxLexer.tokenize(#"s = "a \"q\" \\ \${x} ${r.name + "}"} end" // c"#)
        XCTAssertEqual(tokens.map(\.kind), [.identifier, .operator, .string, .comment])
        XCTAssertEqual(tokens[2].text, #""a \"q\" \\ \${x} ${r.name + "}"} end""#)
        XCTAssertTrue(tokens[2].isInterpolated)
        XCTAssertEqual(tokens[3].text, "// c")
        XCTAssertEqual(FluxStringLiteral.value(of: #""a \"q\" \\ \${x} \x41 \n""#), "a \"q\" \\ ${x} A \n")
        XCTAssertNil(FluxStringLiteral.value(of: #""${x}""#))
        XCTAssertEqual(FluxStringLiteral.quote("say \"hi\" \\ ${x} ünï"), #""say \"hi\" \\ \${x} ünï""#)
    }

    func testCommentsAndPositions() throws {
        let tokens = try FluxLexer.tokenize("// option task = {\na = 1\n  b")
        XCTAssertEqual(tokens.map(\.description), ["1:1 comment // option task = {", "2:1 identifier a", "2:3 operator =", "2:5 integer 1", "3:3 identifier b"])
        XCTAssertEqual(tokens.map(\.newlinesBefore), [0, 1, 0, 0, 1])
    }

    func testNormalisation() throws {
        XCTAssertEqual(FluxLexer.normalize("\u{FEFF}a\r\nb\rc\r\n"), "a\nb\rc\n")
        let tokens = try FluxLexer.tokenize("\u{FEFF}a\r\nb")
        XCTAssertEqual(tokens.map(\.description), ["1:1 identifier a", "2:1 identifier b"])
    }

    func testErrorsCarryLineAndColumn() {
        func error(_ source: String) -> String {
            do { _ = try FluxLexer.tokenize(source); return "no error" } catch { return error.description }
        }
        XCTAssertEqual(error("a = 1\nb = \"open"), "2:5: unterminated string literal")
        XCTAssertEqual(error("x =~ /abc\n"), "1:6: unterminated regular expression literal")
        XCTAssertEqual(error("s = \"a\\qb\""), "1:7: invalid escape sequence \\q in string literal")
        XCTAssertEqual(error("a = 1 # 2"), "1:7: invalid character '#'")
        XCTAssertEqual(error("t = 2024-01-01T10:00"), "1:15: invalid date-time literal: expected hh:mm:ss[.fraction] and Z or ±hh:mm after T")
        XCTAssertEqual(error("s = \"${a"), "1:6: unterminated string interpolation")
        XCTAssertEqual(error("s = \"${a\""), "1:9: unterminated string literal")
    }
}
