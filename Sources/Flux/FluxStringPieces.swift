/// The parts of an interpolated string literal: text as written and `${…}` expression sources.
enum FluxStringPieces {
    enum Piece: Equatable { case text(String), expression(String) }

    /// Splits a string literal token's text (`"a ${x} b"`) into `"a `, `x`, ` b"` (the quotes
    /// stay in the first and last text parts; `${` and `}` are dropped). Nil if the text is not
    /// a well-formed literal.
    static func split(_ text: String) -> [Piece]? {
        let s = Array(text.unicodeScalars)
        guard s.count >= 2, s.first == "\"" else { return nil }
        var pieces: [Piece] = []
        var current = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "\\" && i + 1 < s.count {
                current.append(c)
                current.append(s[i + 1])
                i += 2
                continue
            }
            if c == "$" && i + 1 < s.count && s[i + 1] == "{" {
                pieces.append(.text(String(current)))
                current = String.UnicodeScalarView()
                // The closing brace is found with the lexer, so strings and regexes inside count.
                let inner = Array(s[(i + 2)...])
                var scanner = FluxScanner(inner)
                var depth = 0
                var previous: FluxToken?
                var end: Int?
                while let token = try? scanner.next(after: previous) {
                    if token.kind == .comment { continue }
                    if token.is("{") { depth += 1 }
                    if token.is("}") {
                        if depth == 0 { end = token.range.lowerBound; break }
                        depth -= 1
                    }
                    previous = token
                }
                guard let end else { return nil }
                pieces.append(.expression(String(String.UnicodeScalarView(inner[0..<end]))))
                i += 2 + end + 1
                continue
            }
            current.append(c)
            i += 1
        }
        pieces.append(.text(String(current)))
        return pieces
    }
}
