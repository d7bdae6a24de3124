import Foundation
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

    /// Two names that differ only by a character that prints as nothing would look like one.
    func testInvisibleCharactersAreHexEscapesButJoinersAreKept() {
        XCTAssertEqual(
            DisplayText.escaped("deploy\u{200B} a\u{AD}b\u{2060}\u{2061}\u{2064}\u{FEFF}\u{180E}"),
            "deploy\\u{200B} a\\u{AD}b\\u{2060}\\u{2061}\\u{2064}\\u{FEFF}\\u{180E}")
        XCTAssertEqual(DisplayText.quoted("deploy\u{200B}"), "\"deploy\\u{200B}\"")
        let family = "👨\u{200D}👩\u{200D}👧 ह\u{94D}\u{200C}ष"
        XCTAssertEqual(DisplayText.escaped(family), family)
    }

    func testWorkflowCommandCannotStartAfterAnEscapedLineBreak() {
        XCTAssertEqual(DisplayText.escaped("x\n::error title=pwned::injected"), "x\\n::error title=pwned::injected")
    }

    func testLeadingDoubleColonIsEscaped() {
        XCTAssertEqual(DisplayText.escaped("::error::x"), "\\u{3A}:error::x")
        XCTAssertEqual(DisplayText.escaped("  ::warning::x"), "  \\u{3A}:warning::x")
        XCTAssertEqual(DisplayText.escaped(":x::y"), ":x::y")
    }

    /// The runner trims every Unicode white space before `::` (.NET's `TrimStart`), so a name
    /// starting with a no-break space or U+3000 is guarded too (it started a workflow command
    /// in the `status` table); a leading tab is still printed as it is.
    func testLeadingUnicodeWhiteSpaceBeforeDoubleColonIsGuarded() {
        for blank in ["\u{A0}", "\u{2000}", "\u{200A}", "\u{3000}", "\u{202F}", "\u{205F}", "\u{1680}", " \u{A0}\t"] {
            XCTAssertEqual(DisplayText.escaped("\(blank)::error::x"), "\(blank)\\u{3A}:error::x", blank.unicodeScalars.map { String($0.value, radix: 16) }.joined())
        }
        XCTAssertEqual(DisplayText.escaped("\u{85}::error::x"), "\\u{85}::error::x", "an escaped blank cannot precede a command")
        XCTAssertEqual(DisplayText.escapedBlock("a\n\u{3000}::error::x"), "a\n\u{3000}\\u{3A}:error::x")
        XCTAssertEqual(DisplayText.escaped("\u{200C}::x"), "\u{200C}::x", "U+200C is not white space to the runner")
    }

    /// `##[` is the runner's older command syntax, matched anywhere in a line: its second `#`
    /// is escaped wherever it appears; `#[`, `# #[` and a lone `##` are left alone.
    func testLegacyCommandPrefixIsEscapedAnywhere() {
        XCTAssertEqual(DisplayText.escaped("x ##[error]legacy"), "x #\\u{23}[error]legacy")
        XCTAssertEqual(DisplayText.escaped("##[set-output name=a;]b"), "#\\u{23}[set-output name=a;]b")
        XCTAssertEqual(DisplayText.escaped("###[x"), "##\\u{23}[x")
        XCTAssertEqual(DisplayText.escapedBlock("ok\nboom ##[error]log"), "ok\nboom #\\u{23}[error]log")
        XCTAssertEqual(DisplayText.quoted("a##[b"), "\"a#\\u{23}[b\"")
        XCTAssertEqual(DisplayText.escaped("#[x # #[y ## z"), "#[x # #[y ## z")
    }

    /// Every JSON document is guarded the same way (`encodeJSON`): `##[` inside a string is
    /// written `#\u0023[`, which a JSON reader reads back as the same text.
    func testJSONDocumentsNeverHoldTheLegacyCommandPrefix() throws {
        let value = ["name": "x ##[error]legacy ###[y", "plain": "# #[ ##"]
        let text = encodeJSON(value)
        XCTAssertFalse(text.contains("##["), text)
        XCTAssertTrue(text.contains(#""x #\u0023[error]legacy ##\u0023[y""#), text)
        XCTAssertEqual(try JSONDecoder().decode([String: String].self, from: Data(text.utf8)), value)
        XCTAssertNil(guardingLegacyWorkflowCommands(Array("{\"a\": \"# #[\"}".utf8)))
    }

    /// JUnit XML (`validate --format junit`, printed to the CI log) writes line breaks as
    /// character references, so no text starts a line, and `##[` as `#&#35;[`.
    func testXMLTextNeverStartsALineOrHoldsTheLegacyCommandPrefix() {
        XCTAssertEqual(ValidationReport.xml("a\n::error::x\r\n##[y]\tz"), "a&#10;::error::x&#13;&#10;#&#35;[y]\tz")
        XCTAssertEqual(ValidationReport.xml("# #[ ## <&>"), "# #[ ## &lt;&amp;&gt;")
    }

    /// The console's last guard (`guardingWorkflowCommands`): whatever a renderer let through
    /// (a target name, an option value) cannot start a command on any line — a carriage return
    /// starts one too — nor hold `##[`; other text is unchanged.
    func testTheConsoleGuardsEveryLine() {
        XCTAssertEqual(
            DisplayText.guardingWorkflowCommands("=== target ##[error]a ===\nx\r::error::c\n \u{A0}::warning::d\nok :: fine\n"),
            "=== target #\\u{23}[error]a ===\nx\r\\u{3A}:error::c\n \u{A0}\\u{3A}:warning::d\nok :: fine\n")
        let plain = "Plan: 2 to add, 0 to change, 0 to destroy.\n# a comment #[x]\n"
        XCTAssertEqual(DisplayText.guardingWorkflowCommands(plain), plain)
        XCTAssertEqual(DisplayText.guardingWorkflowCommands(DisplayText.escaped("##[x")), DisplayText.escaped("##[x"), "already escaped text is left alone")
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
