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
        // Most scripts have neither a BOM nor a carriage return: nothing to copy.
        var bytes = source
        let plain = bytes.withUTF8 { utf8 in
            !utf8.starts(with: [0xEF, 0xBB, 0xBF]) && !utf8.contains(0x0D)
        }
        if plain { return source }
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
        FluxReadCounter.count()
        return try tokens(source)
    }

    /// `tokenize` for the readers built on it (not counted as a read of its own).
    static func tokens(_ source: String) throws(FluxError) -> [FluxToken] {
        var text = normalize(source)
        return try text.withUTF8Bytes { bytes throws(FluxError) in
            try FluxByteScanner.scan(bytes).map { FluxByteScanner.token($0, in: bytes) }
        }
    }
}

/// Character classes shared by the Flux readers (the lexer itself is `FluxByteScanner`).
enum FluxScanner {
    // MARK: character classes

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
