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
        XCTAssertEqual(
            TaskScriptCheck.check(script),
            TaskScriptRefusal(
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
        XCTAssertEqual(
            TaskScriptCheck.check(script),
            TaskScriptRefusal(
                continuation: "a division",
                message: "the query starts with `/`, which InfluxDB reads after the `option task` record as a division, not as a regular expression",
                line: 3, column: 1, serverMessage: "invalid options: loc 3:6-3:7: expected an expression, found end of script"))
    }

    func testALeadingSignParsesButLeavesNoRecord() {
        let script = record + "-x\n"
        let expected = "invalid options: task option expected to be object literal, but found \"ObjectExpression\""
        XCTAssertEqual(serverError(script), expected)
        XCTAssertEqual(
            TaskScriptCheck.check(script),
            TaskScriptRefusal(
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
