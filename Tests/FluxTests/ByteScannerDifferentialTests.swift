import XCTest

@testable import Flux

/// The byte scanner (`FluxByteScanner`) must split text exactly as the Unicode-scalar scanner
/// it replaced: same tokens, kinds, spellings, positions (line, column and scalar range),
/// line breaks before, interpolation flags, and the same errors at the same place. The old
/// scanner is kept below, unchanged, as the reference.
final class ByteScannerDifferentialTests: XCTestCase {
    private func reference(_ source: String) -> Result<[FluxToken], FluxError> {
        var scanner = ReferenceScanner(Array(FluxLexer.normalize(source).unicodeScalars))
        do throws(FluxError) { return .success(try scanner.scanAll()) } catch { return .failure(error) }
    }

    private func current(_ source: String) -> Result<[FluxToken], FluxError> {
        do throws(FluxError) { return .success(try FluxLexer.tokenize(source)) } catch { return .failure(error) }
    }

    private func describe(_ result: Result<[FluxToken], FluxError>) -> [String] {
        switch result {
        case .success(let tokens):
            return tokens.map { "\($0.description) range=\($0.range) nl=\($0.newlinesBefore) interp=\($0.isInterpolated)" }
        case .failure(let error):
            return ["error \(error.description)"]
        }
    }

    /// Pieces that exercise every branch: multi-byte letters and digits, µs, regexes and
    /// division, strings with escapes and interpolation, date-times, comments, bad input.
    private static let pieces = [
        "from", "(", ")", "bucket", ":", "\"raw\"", "|>", "range", "start", "-1h", "1h30m", "5µs", "3mo", "2w",
        "r", "=>", "r._value", ">", "=~", "/web-\\d+/", "/", "2", "!~", "/a\\/b/", "1.5", ".5", "0.", "007",
        "2024-01-01", "2024-01-01T10:00:00Z", "2024-01-01T10:00:00.5+01:00", "2024-01-01T10:00", "\"a ${r.x + \"}\"} b\"",
        "\"é ${ {a: 1}.a }\"", "\"\\x41\\n\"", "\"\\q\"", "\"open", "// comment  ", "\n", "\n\n", " ", "\t", "\r\n",
        "αβ", "x١٢", "日本", "😀", "\u{00A0}", "#", "option", "task", "=", "{", "}", "[", "]", ",", "name", "every",
        "and", "or", "not", "exists", "if", "then", "else", "import", "package", "return", "<-", "<=", ">=", "==", "!=",
        "?", "@", "%", "^", "*", "+", "-", "${", "\"", "\\", "µ", "m", "ms", "us", "ns", "1", "12", "é",
    ]

    func testTheByteScannerMatchesTheReferenceOnRandomText() {
        var rng = SeededGenerator(seed: 0xB17E_5CA2)
        for _ in 0..<4000 {
            var source = ""
            for _ in 0..<Int.random(in: 1...24, using: &rng) {
                source += Self.pieces.randomElement(using: &rng)!
                if Bool.random(using: &rng) { source += " " }
            }
            XCTAssertEqual(describe(current(source)), describe(reference(source)), source.debugDescription)
        }
    }

    func testTheByteScannerMatchesTheReferenceOnTaskScripts() throws {
        let scripts = [
            "import \"influxdata/influxdb/tasks\"\noption task = {name: \"a\", every: 1h, offset: -5m}\nfrom(bucket: \"b\")\n    |> range(start: tasks.lastSuccess(orTime: -1h))\n    |> filter(fn: (r) => r._measurement == \"cpu\" and r.host =~ /web\\/[0-9]+/)\n    |> aggregateWindow(every: 5m, fn: mean) // avg\n",
            "\u{FEFF}option task = {name: \"ünï ${x}\", cron: \"0 * * * *\"}\r\nx = 1 / 2 / 3\r\ny = (a) => a / 2\n",
            "package main\nimport \"array\"\narray.from(rows: [{_time: 2024-01-01T00:00:00Z, v: 1.0}])\n",
        ]
        for script in scripts {
            XCTAssertEqual(describe(current(script)), describe(reference(script)), script)
        }
    }

    /// The byte key used by `hasEquivalentBody` agrees with the String comparison it replaced.
    func testTheComparableKeyAgreesWithTheTokenComparison() throws {
        var rng = SeededGenerator(seed: 0xC0FFEE)
        let bodies = [
            "f(a: 1,)", "f(a: 1)", "f(a: 1) // c  ", "f(a: 1) // c", "d = 5µs", "d = 5us", "x = /a/", "x = 1 / a",
            "x = \"s\"", "x = \"s \"", "g(b: [1, 2,])", "g(b: [1, 2])", "y = r.a", "y = r[\"a\"]", "z = 1.0", "z = 1.",
        ]
        for _ in 0..<500 {
            let a = (0..<3).map { _ in bodies.randomElement(using: &rng)! }.joined(separator: "\n")
            let b = (0..<3).map { _ in bodies.randomElement(using: &rng)! }.joined(separator: "\n")
            let sa = try FluxScript(parsing: "import \"array\"\noption task = {name: \"t\", every: 1h}\n" + a)
            let sb = try FluxScript(parsing: "import \"array\"\noption task = {name: \"u\", every: 2h}\n" + b)
            let ra = FluxScript.comparable(try FluxLexer.tokenize((sa.imports + [sa.body]).joined(separator: "\n")))
            let rb = FluxScript.comparable(try FluxLexer.tokenize((sb.imports + [sb.body]).joined(separator: "\n")))
            let ka = FluxScript.comparableKey(of: (sa.imports + [sa.body]).joined(separator: "\n"))
            XCTAssertEqual(sa.comparableKey, ka, a)
            XCTAssertEqual(sa.comparableKey == sb.comparableKey, ra == rb, "\(a)\n---\n\(b)")
            let sc = try FluxScript(parsing: "// lead\nimport \"array\"\n" + a)
            let rc = FluxScript.comparable(try FluxLexer.tokenize((sc.imports + [sc.body]).joined(separator: "\n")))
            XCTAssertEqual(sb.comparableKey == sc.comparableKey, rb == rc, "\(b)\n---\n\(a)")
        }
    }
}

struct ReferenceScanner {
    let s: [Unicode.Scalar]
    var i = 0
    var line = 1
    var column = 1

    init(_ scalars: [Unicode.Scalar]) { s = scalars }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let j = i + offset
        return j < s.count ? s[j] : nil
    }

    mutating func advance() {
        if s[i].value == 10 { line += 1; column = 1 } else { column += 1 }
        i += 1
    }

    mutating func advance(_ n: Int) { for _ in 0..<n { advance() } }

    /// The source text of `range`, written straight into the new string's UTF-8 storage
    /// (appending scalar by scalar to a `String.UnicodeScalarView` was the lexer's hot spot).
    func text(_ range: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: range.count * 4) { buffer in
            var n = 0
            for k in range {
                let scalar = s[k]
                if scalar.value < 0x80 {
                    buffer[n] = UInt8(truncatingIfNeeded: scalar.value)
                    n += 1
                } else {
                    UTF8.encode(scalar) { byte in
                        buffer[n] = byte; n += 1
                    }
                }
            }
            return n
        }
    }

    mutating func scanAll() throws(FluxError) -> [FluxToken] {
        var tokens: [FluxToken] = []
        var previous: FluxToken?
        while let token = try next(after: previous) {
            tokens.append(token)
            if token.kind != .comment { previous = token }
        }
        return tokens
    }

    /// Skips white space and returns the next token (nil at the end).
    mutating func next(after previous: FluxToken?) throws(FluxError) -> FluxToken? {
        var newlines = 0
        while let c = peek(), c.value == 32 || (c.value >= 9 && c.value <= 13) {
            if c.value == 10 { newlines += 1 }
            advance()
        }
        guard let c = peek() else { return nil }
        let start = i, startLine = line, startColumn = column
        var kind: FluxTokenKind
        var interpolated = false
        if c == "/" && peek(1) == "/" {
            while let d = peek(), d != "\n" { advance() }
            kind = .comment
        } else if c == "/" && !(previous?.endsOperand ?? false) {
            try scanRegex()
            kind = .regex
        } else if c == "\"" {
            interpolated = try scanString()
            kind = .string
        } else if FluxScanner.isDigit(c) {
            kind = try scanNumber()
        } else if c == "." && peek(1).map(FluxScanner.isDigit) == true {
            advance()
            while let d = peek(), FluxScanner.isDigit(d) { advance() }
            kind = .float
        } else if FluxScanner.isLetter(c) {
            while let d = peek(), FluxScanner.isLetter(d) || FluxScanner.isDigit(d) || (!d.isASCII && d.properties.numericType != nil) { advance() }
            let word = text(start..<i)
            kind = FluxLexer.keywords.contains(word) ? .keyword : .identifier
            return FluxToken(
                kind: kind, text: word, line: startLine, column: startColumn,
                range: start..<i, newlinesBefore: newlines, isInterpolated: false)
        } else if let op = Self.operatorAt(s, i) {
            advance(op.count)
            kind = Self.punctuation.contains(op) ? .punctuation : .operator
        } else {
            throw FluxError("invalid character \(FluxScanner.show(c))", line: line, column: column)
        }
        return FluxToken(
            kind: kind, text: text(start..<i), line: startLine, column: startColumn,
            range: start..<i, newlinesBefore: newlines, isInterpolated: interpolated)
    }

    // MARK: literals

    /// Scans `"…"`; returns true when it held an interpolation.
    mutating func scanString() throws(FluxError) -> Bool {
        let startLine = line, startColumn = column
        advance()
        var interpolated = false
        while true {
            guard let c = peek() else {
                throw FluxError("unterminated string literal", line: startLine, column: startColumn)
            }
            if c == "\"" { advance(); return interpolated }
            if c == "\\" {
                let escLine = line, escColumn = column
                guard let e = peek(1) else {
                    throw FluxError("unterminated string literal", line: startLine, column: startColumn)
                }
                switch e {
                case "n", "r", "t", "\\", "\"", "$":
                    advance(2)
                case "x":
                    guard let h1 = peek(2), let h2 = peek(3), FluxScanner.isHex(h1), FluxScanner.isHex(h2) else {
                        throw FluxError("invalid byte escape in string literal: \\x must be followed by two hex digits", line: escLine, column: escColumn)
                    }
                    advance(4)
                default:
                    throw FluxError("invalid escape sequence \\\(e) in string literal", line: escLine, column: escColumn)
                }
                continue
            }
            if c == "$" && peek(1) == "{" {
                interpolated = true
                let openLine = line, openColumn = column
                advance(2)
                var depth = 0
                var previous: FluxToken?
                while true {
                    guard let token = try next(after: previous) else {
                        throw FluxError("unterminated string interpolation", line: openLine, column: openColumn)
                    }
                    if token.kind == .comment { continue }
                    if token.is("{") { depth += 1 }
                    if token.is("}") {
                        if depth == 0 { break }
                        depth -= 1
                    }
                    previous = token
                }
                continue
            }
            advance()
        }
    }

    mutating func scanRegex() throws(FluxError) {
        let startLine = line, startColumn = column
        advance()
        while true {
            guard let c = peek(), c != "\n" else {
                throw FluxError("unterminated regular expression literal", line: startLine, column: startColumn)
            }
            if c == "/" { advance(); return }
            if c == "\\", let e = peek(1), e != "\n" { advance(2); continue }
            advance()
        }
    }

    /// Scans a date-time, duration, float or integer starting at a digit.
    mutating func scanNumber() throws(FluxError) -> FluxTokenKind {
        if isDateAhead() { try scanDateTime(); return .dateTime }
        while let d = peek(), FluxScanner.isDigit(d) { advance() }
        if let unit = FluxScanner.durationUnitAt(s, i) {
            advance(unit)
            while let d = peek(), FluxScanner.isDigit(d) {
                var j = i
                while j < s.count, FluxScanner.isDigit(s[j]) { j += 1 }
                guard let next = FluxScanner.durationUnitAt(s, j) else { break }
                advance(j - i + next)
            }
            return .duration
        }
        if peek() == "." {
            advance()
            while let d = peek(), FluxScanner.isDigit(d) { advance() }
            return .float
        }
        return .integer
    }

    func isDateAhead() -> Bool {
        let pattern: [Bool] = [true, true, true, true, false, true, true, false, true, true]
        guard i + pattern.count <= s.count else { return false }
        for (k, digit) in pattern.enumerated() {
            let c = s[i + k]
            if digit ? !FluxScanner.isDigit(c) : c != "-" { return false }
        }
        return true
    }

    mutating func scanDateTime() throws(FluxError) {
        advance(10)
        guard peek() == "T" else { return }
        let tLine = line, tColumn = column
        func fail() -> FluxError {
            FluxError("invalid date-time literal: expected hh:mm:ss[.fraction] and Z or ±hh:mm after T", line: tLine, column: tColumn)
        }
        advance()
        for k in 0..<8 {
            guard let c = peek(), (k == 2 || k == 5) ? c == ":" : FluxScanner.isDigit(c) else { throw fail() }
            advance()
        }
        if peek() == "." {
            advance()
            while let d = peek(), FluxScanner.isDigit(d) { advance() }
        }
        if peek() == "Z" { advance(); return }
        guard let sign = peek(), sign == "+" || sign == "-" else { throw fail() }
        advance()
        for k in 0..<5 {
            guard let c = peek(), k == 2 ? c == ":" : FluxScanner.isDigit(c) else { throw fail() }
            advance()
        }
    }

    // MARK: character classes

    static let punctuation: Set<String> = ["(", ")", "[", "]", "{", "}", ",", ":", "."]

    static func operatorAt(_ s: [Unicode.Scalar], _ i: Int) -> String? {
        let c = s[i]
        let next: Unicode.Scalar = i + 1 < s.count ? s[i + 1] : " "
        switch (c, next) {
        case ("|", ">"): return "|>"
        case ("=", ">"): return "=>"
        case ("=", "~"): return "=~"
        case ("!", "~"): return "!~"
        case ("=", "="): return "=="
        case ("!", "="): return "!="
        case ("<", "="): return "<="
        case (">", "="): return ">="
        case ("<", "-"): return "<-"
        default: break
        }
        switch c {
        case "+", "-", "*", "/", "%", "^", "<", ">", "=", "?", "@", "(", ")", "[", "]", "{", "}", ",", ":", ".":
            return String(c)
        default:
            return nil
        }
    }

    // The character classes and duration units are the ones `FluxScanner` keeps (the code
    // this scanner had, unchanged): durationUnitAt, isDigit, isHex, isLetter, show.
}
