import XCTest

@testable import Flux

/// `hasEquivalentBody` skips the formatter when the format-invariant keys differ. That is only
/// right if formatting never changes the key: pinned here on random text and on every script
/// the formatter tests use, and on the literal spellings the formatter rewrites.
final class FormatInvariantKeyTests: XCTestCase {
    private var rng = SeededGenerator(seed: 0xF0F0_2026)

    private func assertInvariant(_ source: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let formatted = try? FluxFormatter.format(source) else { return }
        XCTAssertEqual(
            FluxScript.formatInvariantKey(of: formatted), FluxScript.formatInvariantKey(of: source),
            "\(source.debugDescription)\n--- formats to ---\n\(formatted)", file: file, line: line)
    }

    func testFormattingNeverChangesTheKeyOnRandomText() {
        let fragments = [
            "x = ", "y = ", "f(", "a: ", ")", "(", "[", "]", "{", "}", ",", ", ", "\n", " ", "r", ".", "_value",
            "1", "0", "1.50", "1h0m", "90m", "5µs", "-", "+", "*", "/", "2024-01-01", "2024-01-01T10:00:00.500+00:00",
            "\"s\"", "\"a ${ r.x  +  1 } b\"", "// c \n", "and", "or", "not ", "if ", " then ", " else ", "=>", "|>",
            "from(bucket: \"b\")", "r with ", ":", "[:]", "<-", "exists ", "/re\\/x/", "==", "=~", "import \"strings\"\n",
        ]
        var formattedCount = 0
        for _ in 0..<6000 {
            var s = ""
            for _ in 0..<Int.random(in: 1...18, using: &rng) { s += fragments.randomElement(using: &rng)! }
            if (try? FluxFormatter.format(s)) != nil { formattedCount += 1 }
            assertInvariant(s)
        }
        // The check above must have run on a fair share of the inputs (about 5%: random text
        // rarely parses, and Flux refuses more of it than a lenient parser would).
        XCTAssertGreaterThan(formattedCount, 250)
    }

    func testFormattingNeverChangesTheKeyOnTaskScripts() {
        let scripts = [
            "option task = {name: \"a\", every: 1h}\nx = filter(fn: (r) => (r.v > 7 and (r.t < 2024-01-01)))",
            "import \"strings\"\n// lead\nfrom(bucket: \"b\")\n  |> range(start: -1h0m,)\n  |> map(fn: (r) => ({r with s: \"${ strings.toUpper(v: r.x) }\"}))\n",
            "f = (tables=<-, n) => tables |> limit(n: n)\ny = if (a) then [1, 2,] else [:]\nz = (1 + 2) * 3 - -(4)",
            "d = {a: 1, b: 2, c: 3, d: 4, e: 5}\ng = (x) => {\n  y = x * 2.0 // double\n  return y\n}\n",
        ]
        for script in scripts { assertInvariant(script) }
    }

    func testTheKeyTellsRealChangesApartAndIgnoresFormatting() {
        XCTAssertNotEqual(FluxScript.formatInvariantKey(of: "x = every(5m)"), FluxScript.formatInvariantKey(of: "x = every(10m)"))
        XCTAssertNotEqual(FluxScript.formatInvariantKey(of: "x = \"a\""), FluxScript.formatInvariantKey(of: "x = \"b\""))
        XCTAssertEqual(FluxScript.formatInvariantKey(of: "x = (1 + 007) // c"), FluxScript.formatInvariantKey(of: "x = 1 + 7"))
        XCTAssertEqual(FluxScript.formatInvariantKey(of: "t = 2024-01-01\nd = 60m"), FluxScript.formatInvariantKey(of: "t = 2024-01-01T00:00:00Z\nd = 60m"))
        XCTAssertNil(FluxScript.formatInvariantKey(of: "s = \"open"))
    }
}
