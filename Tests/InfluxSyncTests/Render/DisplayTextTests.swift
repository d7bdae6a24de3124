import XCTest

@testable import InfluxSync

/// Issue 18 item 5: the one escaping function every text renderer uses for names and texts
/// from the server or a manifest.
final class DisplayTextTests: XCTestCase {
    func testPlainTextIsUnchanged() {
        XCTAssertEqual(DisplayText.escaped("cpu downsample: 5m → 1h, ünïcode 東京 🚀 C:\\tmp"), "cpu downsample: 5m → 1h, ünïcode 東京 🚀 C:\\tmp")
        XCTAssertEqual(DisplayText.quoted("cpu"), "\"cpu\"")
    }

    func testLineBreaksAndTabsAreLetterEscapes() {
        XCTAssertEqual(DisplayText.escaped("a\nb\rc\td\r\ne"), "a\\nb\\rc\\td\\r\\ne")
    }

    func testControlCharactersAreHexEscapes() {
        XCTAssertEqual(DisplayText.escaped("\u{1B}]0;title\u{07}"), "\\u{1B}]0;title\\u{7}")
        XCTAssertEqual(DisplayText.escaped("\u{1B}[31mred\u{1B}[0m"), "\\u{1B}[31mred\\u{1B}[0m")
        XCTAssertEqual(DisplayText.escaped("nul\u{0} del\u{7F} c1\u{85}\u{9B}"), "nul\\u{0} del\\u{7F} c1\\u{85}\\u{9B}")
    }

    func testBidiControlsAndSeparatorsAreHexEscapes() {
        let bidi = "\u{061C}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{2028}\u{2029}"
        XCTAssertEqual(
            DisplayText.escaped("x" + bidi),
            "x\\u{61C}\\u{200E}\\u{200F}\\u{202A}\\u{202B}\\u{202C}\\u{202D}\\u{202E}\\u{2066}\\u{2067}\\u{2068}\\u{2069}\\u{2028}\\u{2029}")
    }

    func testWorkflowCommandCannotStartAfterAnEscapedLineBreak() {
        XCTAssertEqual(DisplayText.escaped("x\n::error title=pwned::injected"), "x\\n::error title=pwned::injected")
    }

    func testLeadingDoubleColonIsEscaped() {
        XCTAssertEqual(DisplayText.escaped("::error::x"), "\\u{3A}:error::x")
        XCTAssertEqual(DisplayText.escaped("  ::warning::x"), "  \\u{3A}:warning::x")
        XCTAssertEqual(DisplayText.escaped(":x::y"), ":x::y")
    }

    func testQuotedEscapesBackslashAndQuote() {
        XCTAssertEqual(DisplayText.quoted("a \"b\" \\n\n"), "\"a \\\"b\\\" \\\\n\\n\"")
    }

    func testBlockKeepsLinesAndTabsAndGuardsEachLine() {
        XCTAssertEqual(
            DisplayText.escapedBlock("from(bucket: \"a\")\n\t|> x()\r\n  ::error::pwned\n::set-output name=a::b\n\u{1B}[2J"),
            "from(bucket: \"a\")\n\t|> x()\\r\n  \\u{3A}:error::pwned\n\\u{3A}:set-output name=a::b\n\\u{1B}[2J")
    }
}
