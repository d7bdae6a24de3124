import XCTest

@testable import InfluxSync

/// Positions inside scalar values (where Flux finds an error in a query) map to the file.
final class ScalarPositionMapperTests: XCTestCase {
    /// The file position of `line`:`column` inside the value of `key` in `yaml`.
    private func position(_ yaml: String, key: String, line: Int, column: Int) throws -> ScalarPositionMapper.Position? {
        let source = ManifestText(path: "x.yml", rawText: yaml, format: .templates)
        return try XCTUnwrap(ScalarPositionMapper.forTopLevelValue(of: key, in: source)).position(line: line, column: column)
    }

    func testLiteralBlockMapsLineForLine() throws {
        let yaml = "spec: 1\nquery: |-\n    from(bucket: \"b\")\n\n    \t|> range(start: -1h)\n"
        XCTAssertEqual(try position(yaml, key: "query", line: 1, column: 6), .init(line: 3, column: 10))
        XCTAssertEqual(try position(yaml, key: "query", line: 3, column: 2), .init(line: 5, column: 6))
    }

    func testLiteralBlockWithExplicitIndentation() throws {
        let yaml = "query: |2-\n    x\n  y\n"
        XCTAssertEqual(try position(yaml, key: "query", line: 2, column: 1), .init(line: 3, column: 3))
    }

    func testFoldedBlockFoldsSingleLineBreaks() throws {
        let yaml = "query: >\n  a b\n  cd\n\n  e\n"
        // value: "a b cd\ne\n"
        XCTAssertEqual(try position(yaml, key: "query", line: 1, column: 5), .init(line: 3, column: 3))
        XCTAssertEqual(try position(yaml, key: "query", line: 2, column: 1), .init(line: 5, column: 3))
    }

    func testDoubleQuotedJSONStringWithEscapes() throws {
        let yaml = #"{"query": "a\"b\nc\td"}"#
        // value: a"b / c<TAB>d — line 2 column 3 is the `d` after the escaped tab.
        XCTAssertEqual(try position(yaml, key: "query", line: 1, column: 3), .init(line: 1, column: 15))
        XCTAssertEqual(try position(yaml, key: "query", line: 2, column: 3), .init(line: 1, column: 21))
    }

    func testPlainAndSingleQuotedOneLiners() throws {
        XCTAssertEqual(try position("cron: 0 */60 * * *", key: "cron", line: 1, column: 3), .init(line: 1, column: 9))
        XCTAssertEqual(try position("cron: 'it''s x'", key: "cron", line: 1, column: 6), .init(line: 1, column: 14))
    }

    func testEditDistanceSuggestions() {
        XCTAssertEqual(EditDistance.suggestion(for: "evrey", among: ["name", "every", "cron"]), "every")
        XCTAssertEqual(EditDistance.suggestion(for: "Every", among: ["name", "every", "cron"]), "every")
        XCTAssertEqual(EditDistance.suggestion(for: "querry", among: ["query", "every"]), "query")
        XCTAssertNil(EditDistance.suggestion(for: "schedule", among: ["every", "cron"]))
    }
}
