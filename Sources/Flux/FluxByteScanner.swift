/// One token as the byte scanner hands it out: its class and where it lies in the source, with
/// no text of its own (the text is the source's bytes `start..<end`).
struct FluxRawToken {
    var kind: FluxTokenKind
    /// For strings: true when the literal holds at least one `${…}` interpolation.
    var isInterpolated: Bool
    /// Byte offsets in the UTF-8 source.
    var start: Int
    var end: Int
    /// Offsets in Unicode scalars (what `FluxToken.range` reports).
    var scalarStart: Int
    var scalarEnd: Int
    /// 1-based line, and 1-based column in Unicode scalars, of the first character.
    var line: Int
    var column: Int
    /// Line breaks between the end of the previous token and this one.
    var newlinesBefore: Int

    /// True when the token can end an operand: a name, a literal, or a closing bracket.
    func endsOperand(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch kind {
        case .identifier, .string, .regex, .duration, .integer, .float, .dateTime: return true
        case .punctuation: return FluxByteScanner.isClosingBracket(bytes[start])
        case .keyword, .operator, .comment: return false
        }
    }
}

/// Splits Flux source held as UTF-8 bytes into `FluxRawToken`s (flux `docs/SPEC.md`, "Lexical
/// elements"). Tokens are byte ranges into the source: no token text is built here, so a
/// caller that only compares or classifies tokens never allocates a String for them. The rules
/// are those described on `FluxLexer`; the input must already be normalised.
struct FluxByteScanner {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0
    var scalar = 0
    var line = 1
    var column = 1
    /// `${…}` interpolations the scanner is inside (each nests a string in a string).
    var interpolations = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { b = bytes }

    /// Tokenizes all of `bytes` (comments included).
    /// - Throws: `FluxError` at the offending position (see `FluxLexer.tokenize`).
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) throws(FluxError) -> [FluxRawToken] {
        var scanner = FluxByteScanner(bytes)
        var tokens: [FluxRawToken] = []
        tokens.reserveCapacity(bytes.count / 4)
        var previousEndsOperand = false
        while let token = try scanner.next(previousEndsOperand: previousEndsOperand) {
            tokens.append(token)
            if token.kind != .comment { previousEndsOperand = token.endsOperand(in: bytes) }
        }
        return tokens
    }

    /// The UTF-8 text of `token`.
    static func text(_ token: FluxRawToken, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
    }

    /// The public form of `token`, with its text.
    static func token(_ token: FluxRawToken, in bytes: UnsafeBufferPointer<UInt8>) -> FluxToken {
        FluxToken(
            kind: token.kind, text: text(token, in: bytes), line: token.line, column: token.column,
            range: token.scalarStart..<token.scalarEnd, newlinesBefore: token.newlinesBefore,
            isInterpolated: token.isInterpolated)
    }

    // MARK: moving

    @inline(__always) func peek(_ offset: Int = 0) -> UInt8? {
        let j = i + offset
        return j < b.count ? b[j] : nil
    }

    /// Moves past one byte, keeping line, column and scalar offset (a continuation byte of a
    /// multi-byte character counts for nothing).
    @inline(__always) mutating func advance() {
        let c = b[i]
        if c == 10 {
            line += 1; column = 1; scalar += 1
        } else if c & 0xC0 != 0x80 {
            column += 1; scalar += 1
        }
        i += 1
    }

    @inline(__always) mutating func advance(_ n: Int) { for _ in 0..<n { advance() } }

    /// Moves past the whole character at `i`.
    mutating func advanceCharacter() {
        advance()
        while i < b.count, b[i] & 0xC0 == 0x80 { advance() }
    }

    /// The Unicode scalar starting at byte `j` (the source is valid UTF-8) and its length.
    func scalar(at j: Int) -> (Unicode.Scalar, Int) {
        let c0 = UInt32(b[j])
        if c0 < 0x80 { return (Unicode.Scalar(UInt8(c0)), 1) }
        var value: UInt32
        var length: Int
        if c0 < 0xE0 { value = c0 & 0x1F; length = 2 } else if c0 < 0xF0 { value = c0 & 0x0F; length = 3 } else { value = c0 & 0x07; length = 4 }
        for k in 1..<length where j + k < b.count { value = value << 6 | UInt32(b[j + k] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    // MARK: tokens

    /// Skips white space and returns the next token (nil at the end). `previousEndsOperand`
    /// decides whether a `/` divides or starts a regex.
    mutating func next(previousEndsOperand: Bool) throws(FluxError) -> FluxRawToken? {
        var newlines = 0
        while i < b.count {
            let c = b[i]
            guard c == 32 || (c >= 9 && c <= 13) else { break }
            if c == 10 { newlines += 1 }
            advance()
        }
        guard i < b.count else { return nil }
        let c = b[i]
        let start = i, startScalar = scalar, startLine = line, startColumn = column
        var kind: FluxTokenKind
        var interpolated = false
        if c == 0x2F && peek(1) == 0x2F {  // "//"
            while i < b.count, b[i] != 10 { advance() }
            kind = .comment
        } else if c == 0x2F && !previousEndsOperand {
            try scanRegex()
            kind = .regex
        } else if c == 0x22 {  // "
            interpolated = try scanString()
            kind = .string
        } else if Self.isDigit(c) {
            kind = try scanNumber()
        } else if c == 0x2E, let d = peek(1), Self.isDigit(d) {  // .5
            advance()
            while let d = peek(), Self.isDigit(d) { advance() }
            kind = .float
        } else if isLetter(at: i) {
            while i < b.count {
                let d = b[i]
                if d < 0x80 {
                    guard Self.isASCIILetter(d) || Self.isDigit(d) else { break }
                    advance()
                } else {
                    let (s, _) = scalar(at: i)
                    guard s.properties.isAlphabetic || s.properties.numericType != nil else { break }
                    advanceCharacter()
                }
            }
            kind = Self.isKeyword(b, start, i) ? .keyword : .identifier
        } else if let (length, isPunctuation) = operatorAt(i) {
            advance(length)
            kind = isPunctuation ? .punctuation : .operator
        } else {
            throw FluxError("invalid character \(FluxScanner.show(scalar(at: i).0))", line: line, column: column)
        }
        return FluxRawToken(
            kind: kind, isInterpolated: interpolated, start: start, end: i, scalarStart: startScalar,
            scalarEnd: scalar, line: startLine, column: startColumn, newlinesBefore: newlines)
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
            if c == 0x22 { advance(); return interpolated }
            if c == 0x5C {  // backslash
                let escLine = line, escColumn = column
                guard let e = peek(1) else {
                    throw FluxError("unterminated string literal", line: startLine, column: startColumn)
                }
                switch e {
                case UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"), 0x5C, 0x22, UInt8(ascii: "$"):
                    advance(2)
                case UInt8(ascii: "x"):
                    guard let h1 = peek(2), let h2 = peek(3), Self.isHex(h1), Self.isHex(h2) else {
                        throw FluxError("invalid byte escape in string literal: \\x must be followed by two hex digits", line: escLine, column: escColumn)
                    }
                    advance(4)
                default:
                    throw FluxError("invalid escape sequence \\\(scalar(at: i + 1).0) in string literal", line: escLine, column: escColumn)
                }
                continue
            }
            if c == UInt8(ascii: "$") && peek(1) == UInt8(ascii: "{") {
                interpolated = true
                let openLine = line, openColumn = column
                advance(2)
                try skipInterpolation(openLine: openLine, openColumn: openColumn)
                continue
            }
            advance()
        }
    }

    /// Scans the tokens of a `${…}` up to and including its closing `}`.
    mutating func skipInterpolation(openLine: Int, openColumn: Int) throws(FluxError) {
        // Each level recurses (a string inside `${…}` is scanned by `next`): bounded like the parser's nesting.
        interpolations += 1
        defer { interpolations -= 1 }
        if interpolations > FluxParser.maxNesting {
            throw FluxError(
                "string interpolations nested more than \(FluxParser.maxNesting) levels deep", line: openLine, column: openColumn, isReaderLimit: true)
        }
        var depth = 0
        var previousEndsOperand = false
        while true {
            guard let token = try next(previousEndsOperand: previousEndsOperand) else {
                throw FluxError("unterminated string interpolation", line: openLine, column: openColumn)
            }
            if token.kind == .comment { continue }
            if token.kind == .punctuation {
                if b[token.start] == UInt8(ascii: "{") { depth += 1 }
                if b[token.start] == UInt8(ascii: "}") {
                    if depth == 0 { return }
                    depth -= 1
                }
            }
            previousEndsOperand = token.endsOperand(in: b)
        }
    }

    mutating func scanRegex() throws(FluxError) {
        let startLine = line, startColumn = column
        advance()
        while true {
            guard let c = peek(), c != 10 else {
                throw FluxError("unterminated regular expression literal", line: startLine, column: startColumn)
            }
            if c == 0x2F { advance(); return }
            if c == 0x5C, let e = peek(1), e != 10 { advance(); advanceCharacter(); continue }
            advance()
        }
    }

    /// Scans a date-time, duration, float or integer starting at a digit.
    mutating func scanNumber() throws(FluxError) -> FluxTokenKind {
        if isDateAhead() { try scanDateTime(); return .dateTime }
        while let d = peek(), Self.isDigit(d) { advance() }
        if let unit = durationUnit(at: i) {
            advance(unit)
            while let d = peek(), Self.isDigit(d) {
                var j = i
                while j < b.count, Self.isDigit(b[j]) { j += 1 }
                guard let next = durationUnit(at: j) else { break }
                advance(j - i + next)
            }
            return .duration
        }
        if peek() == 0x2E {
            advance()
            while let d = peek(), Self.isDigit(d) { advance() }
            return .float
        }
        return .integer
    }

    func isDateAhead() -> Bool {
        guard i + 10 <= b.count else { return false }
        for k in 0..<10 {
            let c = b[i + k]
            if k == 4 || k == 7 { if c != 0x2D { return false } } else if !Self.isDigit(c) { return false }
        }
        return true
    }

    mutating func scanDateTime() throws(FluxError) {
        advance(10)
        guard peek() == UInt8(ascii: "T") else { return }
        let tLine = line, tColumn = column
        func fail() -> FluxError {
            FluxError("invalid date-time literal: expected hh:mm:ss[.fraction] and Z or ±hh:mm after T", line: tLine, column: tColumn)
        }
        advance()
        for k in 0..<8 {
            guard let c = peek(), (k == 2 || k == 5) ? c == 0x3A : Self.isDigit(c) else { throw fail() }
            advance()
        }
        if peek() == 0x2E {
            advance()
            while let d = peek(), Self.isDigit(d) { advance() }
        }
        if peek() == UInt8(ascii: "Z") { advance(); return }
        guard let sign = peek(), sign == 0x2B || sign == 0x2D else { throw fail() }
        advance()
        for k in 0..<5 {
            guard let c = peek(), k == 2 ? c == 0x3A : Self.isDigit(c) else { throw fail() }
            advance()
        }
    }

    // MARK: character classes

    /// Length in bytes and class of the operator or punctuation at `j`, or nil.
    func operatorAt(_ j: Int) -> (length: Int, isPunctuation: Bool)? {
        let c = b[j]
        let next: UInt8 = j + 1 < b.count ? b[j + 1] : 32
        switch (c, next) {
        case (0x7C, 0x3E), (0x3D, 0x3E), (0x3D, 0x7E), (0x21, 0x7E), (0x3D, 0x3D), (0x21, 0x3D), (0x3C, 0x3D), (0x3E, 0x3D), (0x3C, 0x2D):
            // |> => =~ !~ == != <= >= <-
            return (2, false)
        default: break
        }
        switch c {
        case 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x2C, 0x3A, 0x2E:  // ( ) [ ] { } , : .
            return (1, true)
        case 0x2B, 0x2D, 0x2A, 0x2F, 0x25, 0x5E, 0x3C, 0x3E, 0x3D, 0x3F, 0x40:  // + - * / % ^ < > = ? @
            return (1, false)
        default:
            return nil
        }
    }

    /// Length in bytes of the duration unit at `j`, longest first (`mo` before `m`).
    func durationUnit(at j: Int) -> Int? {
        guard j < b.count else { return nil }
        let next: UInt8? = j + 1 < b.count ? b[j + 1] : nil
        switch b[j] {
        case UInt8(ascii: "m"):
            if next == UInt8(ascii: "o") || next == UInt8(ascii: "s") { return 2 }
            return 1
        case UInt8(ascii: "u"), UInt8(ascii: "n"):
            return next == UInt8(ascii: "s") ? 2 : nil
        case 0xC2:  // µ (U+00B5) is C2 B5
            return next == 0xB5 && j + 2 < b.count && b[j + 2] == UInt8(ascii: "s") ? 3 : nil
        case UInt8(ascii: "y"), UInt8(ascii: "w"), UInt8(ascii: "d"), UInt8(ascii: "h"), UInt8(ascii: "s"):
            return 1
        default:
            return nil
        }
    }

    func isLetter(at j: Int) -> Bool {
        let c = b[j]
        if c < 0x80 { return Self.isASCIILetter(c) }
        return scalar(at: j).0.properties.isAlphabetic
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }
    @inline(__always) static func isHex(_ c: UInt8) -> Bool { c &- 48 < 10 || c &- 97 < 6 || c &- 65 < 6 }
    @inline(__always) static func isASCIILetter(_ c: UInt8) -> Bool { c == 95 || c &- 97 < 26 || c &- 65 < 26 }
    @inline(__always) static func isOpeningBracket(_ c: UInt8) -> Bool { c == 0x28 || c == 0x5B || c == 0x7B }
    @inline(__always) static func isClosingBracket(_ c: UInt8) -> Bool { c == 0x29 || c == 0x5D || c == 0x7D }

    /// The reserved words of Flux (`FluxLexer.keywords`) as bytes.
    static let keywordBytes: [[UInt8]] = FluxLexer.keywords.map { Array($0.utf8) }

    /// True when bytes `start..<end` spell a keyword.
    static func isKeyword(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let length = end - start
        guard length >= 2 && length <= 8 else { return false }
        switch b[start] {
        case UInt8(ascii: "a"), UInt8(ascii: "o"), UInt8(ascii: "n"), UInt8(ascii: "i"), UInt8(ascii: "p"),
            UInt8(ascii: "b"), UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "e"):
            break
        default:
            return false
        }
        for word in keywordBytes where word.count == length {
            var k = 0
            while k < length, word[k] == b[start + k] { k += 1 }
            if k == length { return true }
        }
        return false
    }

    /// True when bytes `start..<end` spell `word` (ASCII).
    @inline(__always) static func spells(_ b: UnsafeBufferPointer<UInt8>, _ token: FluxRawToken, _ word: StaticString) -> Bool {
        let length = token.end - token.start
        guard length == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<length where b[token.start + k] != w[k] { return false }
        return true
    }
}

extension String {
    /// `withUTF8` for a body that throws `FluxError` (the standard one rethrows untyped).
    mutating func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(FluxError) -> R) throws(FluxError) -> R {
        let result: Result<R, FluxError> = withUTF8 { bytes in
            do throws(FluxError) { return .success(try body(bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
