/// Splits Flux source into tokens (flux `docs/SPEC.md`, "Lexical elements").
///
/// Covers identifiers, keywords, string literals with escapes and `${…}` interpolation,
/// regular-expression literals (with `\/`), durations, integers, floats, date-times,
/// operators (including `|>` `=>` `=~` `!~` `<-`), brackets and `//` comments. Whether a `/`
/// starts a regex or is the division operator is decided by the previous token: after a name,
/// a literal or a closing bracket it divides, anywhere else it starts a regex.
public enum FluxLexer {
    /// The reserved words of Flux.
    public static let keywords: Set<String> = [
        "and", "or", "not", "import", "package", "option", "builtin", "testcase",
        "return", "if", "then", "else", "exists",
    ]

    /// Input normalisation applied before anything else: a leading UTF-8 BOM is dropped and
    /// every CRLF becomes LF.
    public static func normalize(_ source: String) -> String {
        var scalars = String.UnicodeScalarView()
        var iterator = source.unicodeScalars.makeIterator()
        var pendingCR = false
        var first = true
        while let scalar = iterator.next() {
            defer { first = false }
            if first && scalar == "\u{FEFF}" { continue }
            if pendingCR {
                pendingCR = false
                if scalar == "\n" { scalars.append("\n"); continue }
                scalars.append("\r")
            }
            if scalar == "\r" { pendingCR = true; continue }
            scalars.append(scalar)
        }
        if pendingCR { scalars.append("\r") }
        return String(scalars)
    }

    /// Tokenizes `source` after normalising it (see `normalize(_:)`); positions refer to the
    /// normalised text. Comments are returned as `.comment` tokens.
    /// - Throws: `FluxError` at the offending position: unterminated string or regex, invalid
    ///   escape, malformed date-time, unexpected character.
    public static func tokenize(_ source: String) throws(FluxError) -> [FluxToken] {
        var scanner = FluxScanner(Array(normalize(source).unicodeScalars))
        return try scanner.scanAll()
    }
}

/// The scanning state machine behind `FluxLexer`.
struct FluxScanner {
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

    func text(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: s[range])
        return String(view)
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
        } else if Self.isDigit(c) {
            kind = try scanNumber()
        } else if c == "." && peek(1).map(Self.isDigit) == true {
            advance()
            while let d = peek(), Self.isDigit(d) { advance() }
            kind = .float
        } else if Self.isLetter(c) {
            while let d = peek(), Self.isLetter(d) || Self.isDigit(d) || (!d.isASCII && d.properties.numericType != nil) { advance() }
            kind = FluxLexer.keywords.contains(text(start..<i)) ? .keyword : .identifier
        } else if let op = Self.operatorAt(s, i) {
            advance(op.count)
            kind = Self.punctuation.contains(op) ? .punctuation : .operator
        } else {
            throw FluxError("invalid character \(Self.show(c))", line: line, column: column)
        }
        return FluxToken(kind: kind, text: text(start..<i), line: startLine, column: startColumn,
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
                    guard let h1 = peek(2), let h2 = peek(3), Self.isHex(h1), Self.isHex(h2) else {
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
        while let d = peek(), Self.isDigit(d) { advance() }
        if let unit = Self.durationUnitAt(s, i) {
            advance(unit)
            while let d = peek(), Self.isDigit(d) {
                var j = i
                while j < s.count, Self.isDigit(s[j]) { j += 1 }
                guard let next = Self.durationUnitAt(s, j) else { break }
                advance(j - i + next)
            }
            return .duration
        }
        if peek() == "." {
            advance()
            while let d = peek(), Self.isDigit(d) { advance() }
            return .float
        }
        return .integer
    }

    func isDateAhead() -> Bool {
        let pattern: [Bool] = [true, true, true, true, false, true, true, false, true, true]
        guard i + pattern.count <= s.count else { return false }
        for (k, digit) in pattern.enumerated() {
            let c = s[i + k]
            if digit ? !Self.isDigit(c) : c != "-" { return false }
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
            guard let c = peek(), (k == 2 || k == 5) ? c == ":" : Self.isDigit(c) else { throw fail() }
            advance()
        }
        if peek() == "." {
            advance()
            while let d = peek(), Self.isDigit(d) { advance() }
        }
        if peek() == "Z" { advance(); return }
        guard let sign = peek(), sign == "+" || sign == "-" else { throw fail() }
        advance()
        for k in 0..<5 {
            guard let c = peek(), k == 2 ? c == ":" : Self.isDigit(c) else { throw fail() }
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

    /// Length in scalars of the duration unit at `j`, longest first (`mo` before `m`).
    static func durationUnitAt(_ s: [Unicode.Scalar], _ j: Int) -> Int? {
        guard j < s.count else { return nil }
        let next: Unicode.Scalar? = j + 1 < s.count ? s[j + 1] : nil
        switch s[j] {
        case "m":
            if next == "o" || next == "s" { return 2 }
            return 1
        case "u", "\u{00B5}", "n":
            return next == "s" ? 2 : nil
        case "y", "w", "d", "h", "s":
            return 1
        default:
            return nil
        }
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value &- 48 < 10 }
    static func isHex(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v &- 48 < 10 || v &- 97 < 6 || v &- 65 < 6
    }
    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 128 { return v == 95 || v &- 97 < 26 || v &- 65 < 26 }
        return c.properties.isAlphabetic
    }

    static func show(_ c: Unicode.Scalar) -> String { CharacterName.quoted(c) }
}
