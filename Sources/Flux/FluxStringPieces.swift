/// The parts of an interpolated string literal: text as written and `${…}` expression sources.
enum FluxStringPieces {
    enum Piece: Equatable { case text(String), expression(String) }

    /// Splits a string literal token's text (`"a ${x} b"`) into `"a `, `x`, ` b"` (the quotes
    /// stay in the first and last text parts; `${` and `}` are dropped). Nil if the text is not
    /// a well-formed literal.
    static func split(_ text: String) -> [Piece]? {
        var text = text
        return text.withUTF8 { b -> [Piece]? in
            func slice(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[range]), as: UTF8.self) }
            guard b.count >= 2, b[0] == 0x22 else { return nil }
            var pieces: [Piece] = []
            var pieceStart = 0
            var i = 0
            while i < b.count {
                let c = b[i]
                if c == 0x5C && i + 1 < b.count {
                    // An escape pair stays as written (a continuation byte after it is never `\` or `$`).
                    i += 2
                    continue
                }
                if c == UInt8(ascii: "$") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "{") {
                    pieces.append(.text(slice(pieceStart..<i)))
                    // The closing brace is found with the lexer, so strings and regexes inside count.
                    let innerStart = i + 2
                    var scanner = FluxByteScanner(UnsafeBufferPointer(rebasing: b[innerStart...]))
                    var depth = 0
                    var previousEndsOperand = false
                    var end: Int?
                    while let token = try? scanner.next(previousEndsOperand: previousEndsOperand) {
                        if token.kind == .comment { continue }
                        if token.kind == .punctuation {
                            let symbol = b[innerStart + token.start]
                            if symbol == UInt8(ascii: "{") { depth += 1 }
                            if symbol == UInt8(ascii: "}") {
                                if depth == 0 { end = token.start; break }
                                depth -= 1
                            }
                        }
                        previousEndsOperand = token.endsOperand(in: scanner.b)
                    }
                    guard let end else { return nil }
                    pieces.append(.expression(slice(innerStart..<(innerStart + end))))
                    i = innerStart + end + 1
                    pieceStart = i
                    continue
                }
                i += 1
            }
            pieces.append(.text(slice(pieceStart..<b.count)))
            return pieces
        }
    }
}
