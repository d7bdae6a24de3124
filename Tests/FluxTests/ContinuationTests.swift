import XCTest
@testable import Flux

/// Flux's parser reads across line breaks: a body that starts with `(`, `[`, `/`, a sign or a
/// binary operator continues the `option task` record (influxdb-api.md §4.3, §22.4). Pinned
/// here with the server's answers and with `TaskScriptCheck`'s offline verdicts.
final class ContinuationTests: XCTestCase {
    private let record = "option task = {name: \"a\", every: 1h}\n\n"

    private func serverError(_ script: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            _ = try InfluxTaskOptionsValidator.validate(script)
            return nil
        } catch {
            return error.message
        }
    }

    func testALeadingParenthesisIsACallOfTheRecord() {
        let script = record + "(r) => r\n"
        XCTAssertEqual(serverError(script), "invalid options: loc 3:5-3:6: expected an expression, found =>")
        XCTAssertEqual(TaskScriptCheck.check(script), TaskScriptRefusal(
            continuation: "a call of the record",
            message: "the query starts with `(`, which InfluxDB reads as continuing the `option task` record above it: a call of the record",
            line: 3, column: 1, serverMessage: "invalid options: loc 3:5-3:6: expected an expression, found =>"))
    }

    func testALeadingDictionaryIsAnIndexIntoTheRecord() {
        let script = record + "[\"a\": 1]\n"
        XCTAssertEqual(serverError(script), "invalid options: loc 3:5-3:6: expected ], found :")
        XCTAssertEqual(TaskScriptCheck.check(script)?.continuation, "an index into the record")
        XCTAssertEqual(TaskScriptCheck.check(script)?.line, 3)
    }

    func testALeadingRegexIsADivision() {
        let script = record + "/cpu/\n"
        XCTAssertEqual(serverError(script), "invalid options: loc 3:6-3:7: expected an expression, found end of script")
        XCTAssertEqual(TaskScriptCheck.check(script), TaskScriptRefusal(
            continuation: "a division",
            message: "the query starts with `/`, which InfluxDB reads after the `option task` record as a division, not as a regular expression",
            line: 3, column: 1, serverMessage: "invalid options: loc 3:6-3:7: expected an expression, found end of script"))
    }

    func testALeadingSignParsesButLeavesNoRecord() {
        let script = record + "-x\n"
        let expected = "invalid options: task option expected to be object literal, but found \"ObjectExpression\""
        XCTAssertEqual(serverError(script), expected)
        XCTAssertEqual(TaskScriptCheck.check(script), TaskScriptRefusal(
            continuation: "a subtraction",
            message: "the query starts with `-`, which InfluxDB reads as continuing the `option task` record above it: a subtraction",
            line: 3, column: 1, serverMessage: expected))
    }

    func testCommentsAndBlankLinesDoNotEndTheRecord() {
        let script = record + "// a comment\n\n\n(from(bucket: \"b\"))\n"
        XCTAssertEqual(TaskScriptCheck.check(script)?.continuation, "a call of the record")
        XCTAssertEqual(TaskScriptCheck.check(script)?.line, 6)
    }

    func testABodyThatStartsWithAStatementIsAccepted() {
        for body in ["x = (r) => r\n", "from(bucket: \"b\")\n", "@edition(\"2022.1\")\nfrom(bucket: \"b\")\n", "// c\nx = [\"a\": 1]\n"] {
            XCTAssertNil(TaskScriptCheck.check(record + body), body)
        }
    }

    func testAnImportIsHoistedSoTheBodyStillFollowsTheRecord() throws {
        let options = TaskOptions(name: "a", schedule: .every(try FluxDuration(parsing: "1h")))
        let composed = try FluxScript.compose(options: options, query: "import \"array\"\n(array.from(rows: [{a: 1}]))\n")
        XCTAssertEqual(composed, "import \"array\"\n\noption task = {name: \"a\", every: 1h}\n\n(array.from(rows: [{a: 1}]))\n")
        let refusal = try XCTUnwrap(TaskScriptCheck.check(composed))
        XCTAssertEqual([refusal.line, refusal.column], [5, 1])
        let query = try FluxScript(parsing: "import \"array\"\n(array.from(rows: [{a: 1}]))\n")
        let position = try XCTUnwrap(FluxScript.queryPosition(line: refusal.line, column: refusal.column, inComposed: composed, query: query))
        XCTAssertEqual([position.line, position.column], [2, 1])
    }

    func testAPositionInTheComposedOptionLineHasNoQueryPosition() throws {
        let options = TaskOptions(name: "a", schedule: .every(try FluxDuration(parsing: "1h")))
        let query = try FluxScript(parsing: "x = 1\ny = 2")
        let composed = try FluxScript.compose(options: options, query: "x = 1\ny = 2")
        XCTAssertNil(FluxScript.queryPosition(line: 1, column: 3, inComposed: composed, query: query))
        let position = try XCTUnwrap(FluxScript.queryPosition(line: 4, column: 5, inComposed: composed, query: query))
        XCTAssertEqual([position.line, position.column], [2, 5])
    }
}

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
