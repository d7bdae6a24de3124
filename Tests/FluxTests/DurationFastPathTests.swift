import XCTest

@testable import Flux

/// `FluxDuration(parsing:)` reads ASCII literals straight from their bytes; the value (or the
/// refusal) must be the full parser's for every input.
final class DurationFastPathTests: XCTestCase {
    /// The value by the full parser: `FluxDurationLiteral` and `unitValue`, nil on error.
    private func reference(_ text: String) -> (Int64, Int64)? {
        guard let literal = try? FluxDurationLiteral(parsingScalars: text) else { return nil }
        var months: Int64 = 0, nanos: Int64 = 0
        for part in literal.parts {
            let (m, n) = FluxDurationLiteral.unitValue(part.unit)
            let add = m != 0 ? part.magnitude.multipliedReportingOverflow(by: m) : part.magnitude.multipliedReportingOverflow(by: n)
            let sum = m != 0 ? months.addingReportingOverflow(add.partialValue) : nanos.addingReportingOverflow(add.partialValue)
            if add.overflow || sum.overflow { return nil }
            if m != 0 { months = sum.partialValue } else { nanos = sum.partialValue }
        }
        return literal.negative ? (-months, -nanos) : (months, nanos)
    }

    func testTheFastPathAgreesWithTheFullParser() {
        var rng = SeededGenerator(seed: 0xD0_12A7)
        let pieces = [
            "0", "1", "5", "007", "90", "9223372036854775807", "99999999999", "y", "mo", "w", "d", "h", "m", "s",
            "ms", "us", "µs", "ns", "-", "x", "", " ", "1.5", "M", "n", "u",
        ]
        var accepted = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 1...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let fast = FluxDuration.parseASCII(text)
            let full = reference(text)
            if let fast {
                XCTAssertEqual(fast.0, full?.0, text)
                XCTAssertEqual(fast.1, full?.1, text)
                accepted += 1
            }
            // Whatever the fast path refuses, the public parser still answers as the full one.
            let parsed = try? FluxDuration(parsing: text)
            XCTAssertEqual(parsed.map { [$0.months, $0.nanoseconds] }, full.map { [$0.0, $0.1] }, text)
        }
        XCTAssertGreaterThan(accepted, 300)
    }

    /// Go's duration reader (offsets as the server parses them): the byte path for whole ASCII
    /// texts gives the scalar reader's value for every text it takes, and `goParse` answers
    /// as the scalar reader for every text, refusals and their messages included.
    func testGoDurationsBytePathAgreesWithItsScalarPath() {
        var rng = SeededGenerator(seed: 0x60_D0_2A)
        let pieces = [
            "0", "1", "5", "007", "90", "123456789012345", "1234567890123456", "9223372036854775807", "h", "m", "s",
            "ms", "us", "µs", "μs", "ns", "-", "+", "x", "", ".", "1.5", "d", "mo", "n", "u",
        ]
        var taken = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 1...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let scalars = Result { () throws(FluxError) in try ServerDurationText.goParseScalars(text) }
            if let fast = ServerDurationText.goParseWholeASCII(text) {
                XCTAssertEqual(fast, try? scalars.get(), text)
                taken += 1
            }
            let public_ = Result { () throws(FluxError) in try ServerDurationText.goParse(text) }
            switch (public_, scalars) {
            case (.success(let a), .success(let b)): XCTAssertEqual(a, b, text)
            case (.failure(let a), .failure(let b)): XCTAssertEqual(a.message, b.message, text)
            default: XCTFail("goParse and the scalar reader disagree on \(text)")
            }
        }
        XCTAssertGreaterThan(taken, 300)
        XCTAssertEqual(ServerDurationText.goParseWholeASCII("1h30m"), 5_400_000_000_000)
        XCTAssertEqual(ServerDurationText.goParseWholeASCII("-0"), 0)
        XCTAssertNil(ServerDurationText.goParseWholeASCII("5"))
        XCTAssertNil(ServerDurationText.goParseWholeASCII("1.5h"))
    }

    /// The literal reader's byte path (magnitude and unit pairs, as the server re-prints them)
    /// gives the scalar reader's parts for every text it takes; the texts it leaves alone get the
    /// scalar reader's answer, error messages included.
    func testTheLiteralReadersBytePathAgreesWithItsScalarPath() {
        var rng = SeededGenerator(seed: 0x11_7E_2A)
        let pieces = [
            "0", "1", "5", "007", "90", "9223372036854775807", "9223372036854775808", "y", "mo", "w", "d", "h", "m", "s",
            "ms", "us", "µs", "ns", "-", "x", "", " ", "1.5", "M", "n", "u", "o",
        ]
        func describe(_ result: Result<FluxDurationLiteral, FluxError>) -> String {
            switch result {
            case .success(let literal): return (literal.negative ? "-" : "+") + literal.parts.map { "\($0.magnitude)\($0.unit)" }.joined(separator: ",")
            case .failure(let error): return "error \(error.message) at \(error.column)"
            }
        }
        var taken = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 1...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let full = describe(Result { () throws(FluxError) in try FluxDurationLiteral(parsingScalars: text) })
            if let fast = FluxDurationLiteral.asciiLiteral(text) {
                XCTAssertEqual(describe(.success(fast)), full, text)
                taken += 1
            }
            XCTAssertEqual(describe(Result { () throws(FluxError) in try FluxDurationLiteral(parsing: text) }), full, text)
        }
        XCTAssertGreaterThan(taken, 300)
        XCTAssertEqual(try FluxDuration.serverEveryText(literal: "1h30m"), "1h30m")
        XCTAssertEqual(try FluxDuration.serverEveryText(literal: "-2µs"), "-2us")
        XCTAssertEqual(try FluxDuration.serverNanoseconds(literal: "1mo"), 4 * 604_800_000_000_000)
    }

    /// A string literal's value read from the text between its quotes when it has no escape and
    /// no `${`, and decoded otherwise.
    func testStringLiteralValues() {
        XCTAssertEqual(FluxStringLiteral.value(of: #""raw""#), "raw")
        XCTAssertEqual(FluxStringLiteral.value(of: #""é 🙂 $ {x}""#), "é 🙂 $ {x}")
        XCTAssertEqual(FluxStringLiteral.value(of: #""""#), "")
        XCTAssertEqual(FluxStringLiteral.value(of: #""a\"b\n""#), "a\"b\n")
        XCTAssertEqual(FluxStringLiteral.value(of: #""\x41""#), "A")
        XCTAssertNil(FluxStringLiteral.value(of: #""${v}""#))
        XCTAssertNil(FluxStringLiteral.value(of: #""a"b""#))
        XCTAssertNil(FluxStringLiteral.value(of: "raw"))
        XCTAssertNil(FluxStringLiteral.value(of: #"""#))
    }
}
