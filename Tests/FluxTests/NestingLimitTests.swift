import XCTest

@testable import Flux

/// Scripts nested past what influxsync reads are refused with a syntax error marked as the
/// reader's limit, never by exhausting the stack (a 6 KB script of 3,000 parentheses used to
/// crash the CLI and the served sandbox).
final class NestingLimitTests: XCTestCase {
    private func parse(_ source: String) -> Result<FluxFile, FluxError> {
        Result { () throws(FluxError) in try FluxParser.parse(source) }
    }

    private func refusal(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> FluxError? {
        guard case .failure(let error) = parse(source) else {
            XCTFail("expected a refusal", file: file, line: line)
            return nil
        }
        return error
    }

    func testNestingUpToTheLimitParsesAndOneMoreLevelIsRefusedAtItsToken() {
        let n = FluxParser.maxNesting
        for (deepest, shape) in [
            ("(", { (k: Int) in "x = " + String(repeating: "(", count: k) + "1" + String(repeating: ")", count: k) }),
            ("[", { (k: Int) in "x = " + String(repeating: "[", count: k) + String(repeating: "]", count: k) }),
            ("{", { (k: Int) in "x = " + String(repeating: "{a: ", count: k) + "1" + String(repeating: "}", count: k) }),
            ("f", { (k: Int) in "x = " + String(repeating: "f(x: ", count: k) + "1" + String(repeating: ")", count: k) }),
            ("=>", { (k: Int) in "x = " + String(repeating: "() => ", count: k) + "1" }),
            ("-", { (k: Int) in "x = " + String(repeating: "- ", count: k) + "1" }),
            ("not", { (k: Int) in "x = " + String(repeating: "not ", count: k) + "true" }),
        ] {
            // `x = e` parses e inside one expression level already.
            if case .failure(let error) = parse(shape(n - 1)) { XCTFail("\(deepest) at \(n - 1): \(error)") }
            for k in [n + 1, 3_000] {
                let error = refusal(shape(k))
                XCTAssertEqual(error?.message, "expression nested more than \(n) levels deep; split it into named parts (x = …)", deepest)
                XCTAssertEqual(error?.isReaderLimit, true, deepest)
                XCTAssertEqual(error?.line, 1, deepest)
            }
        }
        // The column is that of the token where the limit is crossed: the 201st `(` here.
        XCTAssertEqual(refusal("x = " + String(repeating: "(", count: 3_000) + "1" + String(repeating: ")", count: 3_000))?.column, 5 + n)
    }

    func testChainsAreCountedAsTreeDepth() {
        let n = FluxParser.maxDepth
        let or = { (k: Int) in "x = " + Array(repeating: "true", count: k).joined(separator: " or ") }
        let pipe = { (k: Int) in "from(bucket: \"b\")" + String(repeating: " |> range(start: -1h)", count: k - 1) }
        let member = { (k: Int) in "x = a" + String(repeating: ".b", count: k - 1) }
        for (name, shape) in [("or", or), ("pipe", pipe), ("member", member)] {
            // A chain of k links is k levels deep, plus the few of its first operand.
            if case .failure(let error) = parse(shape(n - 5)) { XCTFail("\(name) at \(n - 5): \(error)") }
            for k in [n + 2, 50_000] {
                let error = refusal(shape(k))
                XCTAssertEqual(
                    error?.message,
                    "expression more than \(n) levels deep (each operator, pipe or member of a chain is a level); split it into named parts (x = …)", name)
                XCTAssertEqual(error?.isReaderLimit, true, name)
            }
        }
    }

    func testNestedInterpolationsAreBoundedInTheScanner() {
        let n = FluxParser.maxNesting
        let nested = { (k: Int) in "x = " + String(repeating: "\"${", count: k) + "1" + String(repeating: "}\"", count: k) }
        if case .failure(let error) = parse(nested(n - 1)) { XCTFail("\(error)") }
        for k in [n + 1, 3_000] {
            let error = refusal(nested(k))
            XCTAssertEqual(error?.message, "string interpolations nested more than \(n) levels deep")
            XCTAssertEqual(error?.isReaderLimit, true)
        }
    }

    /// What InfluxDB's option checks (and so the sandbox) answer for such a script: a 400
    /// syntax refusal, marked as influxsync's limit for the manifest checks.
    func testTheTaskScriptCheckMarksTheRefusalAsTheReadersLimit() {
        let script = "option task = {name: \"d\", every: 1h}\nx = " + String(repeating: "(", count: 3_000) + "1" + String(repeating: ")", count: 3_000) + "\n"
        let refusal = TaskScriptCheck.check(script)
        XCTAssertEqual(refusal?.isReaderLimit, true)
        XCTAssertEqual(refusal?.line, 2)
        XCTAssertEqual(refusal?.column, 5 + FluxParser.maxNesting)
    }
}

/// A value that is not a literal is quoted in the message cut to 60 characters, not echoed whole.
final class LongOptionValueMessageTests: XCTestCase {
    func testALongNonLiteralValueIsCutShort() {
        let deep = String(repeating: "(", count: 50) + "1h" + String(repeating: ")", count: 50)
        XCTAssertThrowsError(try FluxScript(parsing: "option task = {name: \"t\", every: \(deep)}\nfrom(bucket: \"b\")\n")) { error in
            XCTAssertEqual(
                (error as? FluxError)?.message,
                "option task `every` must be a duration literal such as 1h, found " + String(repeating: "( ", count: 28) + "(…; option values must be literals")
        }
    }
}
