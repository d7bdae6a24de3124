import Flux
import InfluxSync
import XCTest

/// Hostile or broken input is refused with an error at its position: alias bombs, nesting,
/// the size cap, NUL bytes, invalid UTF-8, invisible characters named by code point.
final class BoundedInputTests: XCTestCase {
    /// The 1 KB "billion laughs" file: 9 levels of 10 aliases (10⁹ nodes when expanded).
    static let billionLaughs: String = {
        var text = "a: &a [" + Array(repeating: "\"lol\"", count: 10).joined(separator: ",") + "]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for level in 1..<names.count {
            text += "\(names[level]): &\(names[level]) [" + Array(repeating: "*\(names[level - 1])", count: 10).joined(separator: ",") + "]\n"
        }
        return text
    }()

    func testBillionLaughsIsRefusedAtTheAliasThatCrossesTheCap() {
        XCTAssertLessThan(Self.billionLaughs.utf8.count, 1024)
        let (result, lines) = ManifestTestSupport.load(text: Self.billionLaughs, path: "laughs.yml")
        XCTAssertNil(result.desired)
        XCTAssertEqual(
            lines,
            [
                "laughs.yml:5:8: error: YAML aliases expand to more than 100000 nodes (the alias cap), here through alias *d\n"
                    + "    hint: write the values out instead of nesting aliases of aliases; influxsync refuses alias expansion beyond 100000 nodes"
            ])
    }

    func testAliasCapIsConfigurableAndOrdinaryAliasesStillWork() {
        let text = """
            apiVersion: influxdata.com/v2alpha1
            kind: Label
            metadata:
              name: &n team-ops
            spec:
              name: *n
              color: "#326BBA"

            """
        XCTAssertEqual(ManifestTestSupport.load(text: text).lines, [])
        let tight = ManifestLoader.load(text: text, path: "t.yml", limits: ManifestLimits(maxAliasNodes: 0))
        XCTAssertEqual(
            tight.diagnostics.map(\.description),
            [
                "t.yml:6:9: error: YAML aliases expand to more than 0 nodes (the alias cap), here through alias *n\n"
                    + "    hint: write the values out instead of nesting aliases of aliases; influxsync refuses alias expansion beyond 0 nodes"
            ])
    }

    func testNestingDeeperThanTheCapIsRefused() {
        let text = String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "\n"
        XCTAssertEqual(
            ManifestTestSupport.load(text: text).lines,
            [
                "test.yml:1:257: error: YAML nesting is deeper than 256 levels (the depth cap)\n"
                    + "    hint: flatten the structure; manifests never need more than a few levels"
            ])
    }

    func testFileOverTheSizeCapIsRefusedUnread() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bounded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("big.yml").path
        try Data(String(repeating: "# padding\n", count: 200).utf8).write(to: URL(fileURLWithPath: file))
        let result = ManifestLoader.load(paths: [file], limits: ManifestLimits(maxFileBytes: 1024))
        XCTAssertEqual(
            result.diagnostics.map(\.description),
            [
                "\(file):1:1: error: file is 2000 bytes, over the manifest size cap of 1024 bytes (1024 bytes)\n"
                    + "    hint: split it into several files, or raise the cap with --max-manifest-bytes 2000"
            ])
        XCTAssertEqual(ManifestLimits.default.maxFileBytes, 8 * 1024 * 1024)
    }

    func testNULByteIsReportedAtItsPosition() {
        let text = "apiVersion: influxdata.com/v2alpha1\nkind: La\u{0}bel\n"
        XCTAssertEqual(
            ManifestTestSupport.load(text: text).lines,
            [
                "test.yml:2:9: error: NUL byte (U+0000 NULL) at byte offset 44: manifests must be text\n"
                    + "    hint: remove the NUL byte; the file may be binary or saved as UTF-16"
            ])
    }

    func testInvalidUTF8IsReportedAtItsPosition() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bounded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("latin1.yml").path
        // "kind: Label\nmetadata:\n  name: caf\xE9" — Latin-1, not UTF-8; "é" in UTF-8 before it.
        var bytes = Array("kind: Label\nmetadata:\n  name: é caf".utf8)
        bytes.append(0xE9)
        bytes += Array("\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(
            ManifestLoader.load(paths: [file]).diagnostics.map(\.description),
            [
                "\(file):3:14: error: invalid UTF-8: byte 0xE9 at byte offset 36 does not start a valid UTF-8 character\n"
                    + "    hint: save the file as UTF-8 (manifests must be UTF-8 text)"
            ])
    }

    func testInvisibleCharactersInYAMLAreNamedByCodePoint() {
        func firstLine(_ text: String) -> String { ManifestTestSupport.load(text: text).lines.first ?? "" }
        let label = "apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: a\nspec:\n"
        XCTAssertEqual(
            firstLine(label + "\u{00A0} color: \"#326BBA\"\n"),
            "test.yml:6:1: error: invalid YAML: U+00A0 NO-BREAK SPACE in the indentation; YAML indents with ordinary spaces only\n"
                + "    hint: delete it or retype it as an ordinary space: it is invisible or looks like a space in most editors")
        XCTAssertEqual(
            firstLine(label + "  color: \"#326BBA\"\u{FEFF}\n"),
            "test.yml:6:19: error: invalid YAML: did not find expected key (while parsing a block mapping at line 6): invalid character U+FEFF ZERO WIDTH NO-BREAK SPACE\n"
                + "    hint: delete or retype this character: it is invisible or looks like another in most editors")
        XCTAssertEqual(
            firstLine(label + "  color: \"#326BBA\"\n\u{2028}\n"),
            "test.yml:7:1: error: invalid character U+2028 LINE SEPARATOR: YAML reads it as a line break that editors do not show\n"
                + "    hint: delete it, or replace it with an ordinary line break")
        XCTAssertEqual(
            firstLine("kind: Label\nmetadata:\n\tname: a\n"),
            "test.yml:3:1: error: invalid YAML: found character that cannot start any token (while scanning for the next token at line 3): invalid character U+0009 CHARACTER TABULATION\n"
                + "    hint: indent with spaces: YAML does not allow tabs for indentation")
    }

    func testInvisibleCharactersInFluxAreNamedByCodePoint() {
        for (scalar, name) in [("\u{00A0}", "U+00A0 NO-BREAK SPACE"), ("\u{200B}", "U+200B ZERO WIDTH SPACE")] {
            let text = """
                apiVersion: influxdata.com/v2alpha1
                kind: Task
                metadata:
                  name: cpu
                spec:
                  every: 1h
                  query: |-
                    from(bucket: "b")
                    \(scalar)|> range(start: -1h)

                """
            XCTAssertEqual(
                ManifestTestSupport.load(text: text).lines.first,
                "test.yml:9:5: error: invalid Flux in query: invalid character \(name) (at spec.query)\n    hint: fix the query at this position",
                name)
        }
        let flux = "option task = {name: \"t\", every: 1h}\nfrom(bucket: \"b\")\n\u{2028}|> range(start: -1h)\n"
        XCTAssertEqual(
            ManifestTestSupport.load(text: flux, path: "t.flux").lines.first,
            "t.flux:3:1: error: invalid Flux: invalid character U+2028 LINE SEPARATOR\n    hint: fix the script at this position")
        XCTAssertEqual(CharacterName.describe("\u{0430}"), "U+0430 CYRILLIC SMALL LETTER A")
        XCTAssertEqual(CharacterName.quoted("#"), "'#'")
    }
}
