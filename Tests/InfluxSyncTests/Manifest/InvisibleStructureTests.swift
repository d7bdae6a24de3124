import Foundation
import XCTest

@testable import InfluxSync

/// Issue 21 item 6: an invisible character in the YAML or JSON structure (after `every:`, in
/// the indentation, between JSON tokens) is reported at its own line and column, named.
final class InvisibleStructureTests: XCTestCase {
    private static let head = "apiVersion: influxdata.com/v2alpha1\nkind: Task\nmetadata:\n  name: cpu\nspec:\n"
    private static let query = "  query: |-\n    from(bucket: \"b\") |> range(start: -1h)\n"
    private static let hint = "    hint: delete it or retype it as an ordinary space: it is invisible or looks like a space in most editors"

    private func lines(_ text: String, path: String = "test.yml") -> [String] {
        ManifestTestSupport.load(text: text, path: path).lines
    }

    func testAfterAColonInTheIndentationAndBeforeTheLastLine() {
        XCTAssertEqual(
            lines(Self.head + "  every:\u{00A0}1h\n" + Self.query),
            [
                "test.yml:6:9: error: invalid YAML: U+00A0 NO-BREAK SPACE after `:`; YAML separates with ordinary spaces only\n" + Self.hint
            ])
        XCTAssertEqual(
            lines(Self.head + Self.query + "  every:\u{00A0}1h\n"),
            [
                "test.yml:8:9: error: invalid YAML: U+00A0 NO-BREAK SPACE after `:`; YAML separates with ordinary spaces only\n" + Self.hint
            ])
        XCTAssertEqual(
            lines(Self.head + "  every: \u{200B}1h\n" + Self.query),
            [
                "test.yml:6:10: error: invalid YAML: U+200B ZERO WIDTH SPACE after `:`; YAML separates with ordinary spaces only\n" + Self.hint
            ])
        XCTAssertEqual(
            lines(Self.head + "\u{00A0}\u{00A0}every: 1h\n" + Self.query + "- \u{3000}x\n"),
            [
                "test.yml:6:1: error: invalid YAML: U+00A0 NO-BREAK SPACE in the indentation; YAML indents with ordinary spaces only\n" + Self.hint,
                "test.yml:9:3: error: invalid YAML: U+3000 IDEOGRAPHIC SPACE after `-`; YAML separates with ordinary spaces only\n" + Self.hint,
            ])
    }

    func testJSONBetweenTokens() {
        let text = "{\"apiVersion\": \"influxdata.com/v2alpha1\", \"kind\":\u{00A0}\"Label\",\n\u{FEFF}\"metadata\": {\"name\": \"x\"}}\n"
        XCTAssertEqual(
            lines(text, path: "label.json"),
            [
                "label.json:1:50: error: invalid JSON: U+00A0 NO-BREAK SPACE between tokens; JSON allows only spaces, tabs and line breaks there\n" + Self.hint,
                "label.json:2:1: error: invalid JSON: U+FEFF ZERO WIDTH NO-BREAK SPACE between tokens; JSON allows only spaces, tabs and line breaks there\n" + Self.hint,
            ])
    }

    /// Inside quoted values, comments and a block scalar the character is content: values keep
    /// it, and a query's own check names it (BoundedInputTests).
    func testQuotedValuesCommentsAndBlockScalarsAreContent() {
        let text = Self.head + "  every: 1h # every\u{00A0}hour\n  description: \"caf\u{00A0}\u{00A0}\" \n  query: |-\n    from(bucket: \"b\")\n     \u{00A0}|> range(start: -1h)\n"
        XCTAssertEqual(
            lines(text).first, "test.yml:10:6: error: invalid Flux in query: invalid character U+00A0 NO-BREAK SPACE (at spec.query)\n    hint: fix the query at this position")
        let label = "apiVersion: influxdata.com/v2alpha1\r\nkind: Label\r\nmetadata:\r\n  name: a\r\nspec:\r\n  description: 'it''s\u{00A0}ok'\r\n"
        let loaded = ManifestTestSupport.load(text: label)
        XCTAssertEqual(loaded.lines, [])
        XCTAssertEqual(loaded.result.desired?.labels.first?.description, "it's\u{00A0}ok")
    }

    func testTheEnvFileNamesTheCharacterToo() {
        XCTAssertThrowsError(try EnvFile.parse("every: 1h\nbucket:\u{00A0}telegraf\n", path: "refs.yaml")) { error in
            XCTAssertEqual(
                (error as! ConfigError).description,
                """
                refs.yaml:2:8: invalid YAML: U+00A0 NO-BREAK SPACE after `:`; YAML separates with ordinary spaces only
                hint: delete it or retype it as an ordinary space: it is invisible or looks like a space in most editors
                """)
        }
        XCTAssertEqual(try EnvFile.parse("# note\nBUCKET=tele\u{00A0}graf\n", path: "refs.env"), ["BUCKET": "tele\u{00A0}graf"])
    }

    func testTheTargetsFileNamesTheCharacterToo() {
        XCTAssertThrowsError(try TargetsConfig.parse("targets:\n  dev:\n    host:\u{00A0}http://localhost:8086\n", path: "influxsync.yaml")) { error in
            XCTAssertEqual(
                (error as! ConfigError).description,
                """
                influxsync.yaml:3:10: invalid YAML: U+00A0 NO-BREAK SPACE after `:`; YAML separates with ordinary spaces only
                hint: delete it or retype it as an ordinary space: it is invisible or looks like a space in most editors
                """)
        }
    }
}
