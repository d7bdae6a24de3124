import XCTest

@testable import Flux

/// Parser behaviour aligned with Flux's own parser (flux v0.196.1 `libflux` parser and `ast` check).
final class ParserAlignmentTests: XCTestCase {
    private func parseError(_ source: String) -> FluxError? {
        do {
            _ = try FluxParser.parse(source)
            return nil
        } catch {
            return error
        }
    }

    func testAttributesBelongToTheNextStatement() throws {
        let file = try FluxParser.parse("@edition(\"2022.1\")\n// c\n@deprecated\nx = 1\n")
        XCTAssertEqual(file.body.count, 1)
        XCTAssertEqual(file.body[0].attributes.map(\.name), ["edition", "deprecated"])
        XCTAssertEqual(file.body[0].attributes.map(\.parameters.count), [1, 0])
        XCTAssertEqual(file.body[0].comments.map(\.text), ["// c"])
        let imported = try FluxParser.parse("@edition(\"2022.1\")\nimport \"array\"\nx = 1\n")
        XCTAssertEqual(imported.imports[0].attributes.map(\.name), ["edition"])
        XCTAssertEqual(try FluxFormatter.format("@edition(\"2022.1\")\nx = 1"), "@edition(\"2022.1\")\nx = 1\n")
    }

    func testAttributeErrors() {
        XCTAssertEqual(parseError("@ edition\nx = 1"), FluxError("expected an attribute name right after @", line: 1, column: 1))
        XCTAssertEqual(parseError("x = 1\n@edition(\"2022.1\")\n"), FluxError("expected a statement after the attribute, found end of script", line: 2, column: 19))
        XCTAssertEqual(parseError("@a(1 + 2)\nx = 1"), FluxError("expected ), found +", line: 1, column: 6))
    }

    func testADotAfterAnOperandIsAlwaysAMember() throws {
        let file = try FluxParser.parse("x = r\n.y\n")
        guard case .variable(_, let value) = file.body[0].kind, case .member(_, let property, _) = value.kind else {
            return XCTFail("not a member")
        }
        XCTAssertEqual(property, "y")
        XCTAssertEqual(parseError("x = r\n.\"y\"\n"), FluxError("expected a property name after ., found \"y\"", line: 2, column: 2))
        XCTAssertEqual(parseError(".a\n"), FluxError("expected a statement, found .", line: 1, column: 1))
    }

    func testIntegerLiterals() {
        XCTAssertEqual(parseError("x = 01"), FluxError("invalid integer literal \"01\": nonzero value cannot start with 0", line: 1, column: 5))
        XCTAssertEqual(parseError("x = 9223372036854775808"), FluxError("invalid integer literal \"9223372036854775808\": value out of range", line: 1, column: 5))
        XCTAssertNil(parseError("x = 0\ny = 9223372036854775807"))
    }

    func testRecordsAndCallsDoNotMixShorthandAndValues() {
        XCTAssertEqual(parseError("f(a, b: 1)"), FluxError("cannot mix implicit and explicit properties", line: 1, column: 6))
        XCTAssertEqual(parseError("x = {a: 1, b}"), FluxError("cannot mix implicit and explicit properties", line: 1, column: 12))
        XCTAssertEqual(parseError("x = {\"a\"}"), FluxError("string literal key \"a\" must have a value", line: 1, column: 6))
        XCTAssertNil(parseError("x = {a, b}\ny = (a, b=1) => a\nz = {r with a: 1}"))
    }

    func testInterpolationsHoldOneExpression() {
        XCTAssertEqual(parseError("x = 1\ny = \"a ${r.a b} c\""), FluxError("in ${…}: expected }, found b", line: 2, column: 5))
        XCTAssertEqual(parseError("y = \"${1 +}\""), FluxError("in ${…}: expected an expression, found end of script", line: 1, column: 5))
        XCTAssertNil(parseError("y = \"${}\"\nz = \"${ {a: \"}\"}.a } and ${strings.toUpper(v: \"${x}\")}\""))
    }

    func testAnAttributedImportIsComposedOnItsLine() throws {
        let options = TaskOptions(name: "a", schedule: .every(try FluxDuration(parsing: "1h")))
        let composed = try FluxScript.compose(options: options, query: "@edition(\"2022.1\")\nimport \"array\"\narray.from(rows: [])\n")
        XCTAssertEqual(composed, "@edition(\"2022.1\") import \"array\"\n\noption task = {name: \"a\", every: 1h}\n\narray.from(rows: [])\n")
        XCTAssertNil(TaskScriptCheck.check(composed))
    }
}
