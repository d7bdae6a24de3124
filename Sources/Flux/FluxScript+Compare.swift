/// Comparing scripts the way the differ needs (design.md "What counts as a difference").
extension FluxScript {
    /// True when the two scripts' imports and bodies are the same token stream: whitespace,
    /// line breaks and a trailing comma before a closing bracket do not count; comments,
    /// strings, names and operators do. Options are not compared here. Whatever else InfluxDB's
    /// formatter rewrites (redundant parentheses, literal spellings; see `comparableTokens()`)
    /// does not count either, so a script the server re-printed (§7.4) compares equal.
    public func hasEquivalentBody(to other: FluxScript) -> Bool {
        // Fast path: the keys made while parsing already agree (the usual no-change case).
        if comparableKey == other.comparableKey { return true }
        // A difference the formatter cannot remove needs no formatting to be found (the usual
        // case for a real change: formatting both scripts was most of a changed plan's time).
        let myText = comparedText, theirText = other.comparedText
        if let mine = Self.formatInvariantKey(of: myText), let theirs = Self.formatInvariantKey(of: theirText), mine != theirs {
            return false
        }
        guard let mine = Self.formattedComparableKey(of: myText), let theirs = Self.formattedComparableKey(of: theirText) else {
            return imports == other.imports && body == other.body
        }
        return mine == theirs
    }

    /// The imports and body as one text: what every comparison of bodies reads.
    var comparedText: String { (imports + [body]).joined(separator: "\n") }

    /// `comparableTokens()` as a byte key of `comparedText`: put in the server formatter's
    /// canonical form when it parses, then keyed like `comparableKey`. Nil only if the text
    /// cannot be tokenized.
    static func formattedComparableKey(of text: String) -> [UInt8]? {
        if let formatted = try? FluxFormatter.format(text), let key = Self.comparableKey(of: formatted) { return key }
        return Self.comparableKey(of: text)
    }

    /// The key of `text` scanned on its own; nil when it cannot be tokenized.
    static func comparableKey(of text: String) -> [UInt8]? {
        var text = FluxLexer.normalize(text)
        return text.withUTF8 { bytes in
            guard let tokens = try? FluxByteScanner.scan(bytes) else { return nil }
            return comparableKey(tokens, in: bytes)
        }
    }

    /// The byte key of a token sequence, equal for two sequences exactly when `comparable(_:)`
    /// of their tokens is equal: for each token its kind, its spelling with the same rewrites
    /// (trailing comma before a closing bracket dropped, trailing blanks of a comment dropped,
    /// `µs` spelled `us`) and a 0xFF separator, a byte that never occurs in UTF-8.
    static func comparableKey(_ tokens: [FluxRawToken], in b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count + tokens.count * 2)
        for index in tokens.indices {
            let token = tokens[index]
            if token.kind == .punctuation && b[token.start] == 0x2C {
                var n = index + 1
                while n < tokens.count, tokens[n].kind == .comment { n += 1 }
                if n < tokens.count, tokens[n].kind == .punctuation, FluxByteScanner.isClosingBracket(b[tokens[n].start]) { continue }
            }
            out.append(kindCode(token.kind))
            switch token.kind {
            case .comment:
                var end = token.end
                while end > token.start, b[end - 1] == 32 || b[end - 1] == 9 { end -= 1 }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[token.start..<end]))
            case .duration:
                var k = token.start
                while k < token.end {
                    if b[k] == 0xC2, k + 2 < token.end, b[k + 1] == 0xB5, b[k + 2] == UInt8(ascii: "s") {
                        out.append(UInt8(ascii: "u"))
                        k += 2
                    } else {
                        out.append(b[k])
                        k += 1
                    }
                }
            default:
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[token.start..<token.end]))
            }
            out.append(0xFF)
        }
        return out
    }

    /// A key of `text` that formatting does not change: `formatInvariantKey(of: FluxFormatter.format(t))
    /// == formatInvariantKey(of: t)` for every `t` that formats. It leaves out what the formatter
    /// adds, drops or moves — parentheses, commas, comments, the inside of interpolated strings —
    /// and spells durations, integers and date-times the way the formatter prints them. So two
    /// scripts whose formatted keys agree have equal invariant keys, and unequal invariant keys
    /// prove a difference without formatting either script. Nil when `text` cannot be tokenized.
    static func formatInvariantKey(of text: String) -> [UInt8]? {
        var text = FluxLexer.normalize(text)
        return text.withUTF8 { b -> [UInt8]? in
            guard let tokens = try? FluxByteScanner.scan(b) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            for token in tokens {
                switch token.kind {
                case .comment:
                    continue
                case .punctuation:
                    let c = b[token.start]
                    if c == 0x28 || c == 0x29 || c == 0x2C { continue }  // ( ) ,
                    out.append(kindCode(token.kind))
                    out.append(c)
                case .string where token.isInterpolated:
                    out.append(kindCode(token.kind))
                case .duration, .integer, .dateTime:
                    out.append(kindCode(token.kind))
                    let spelling = FormatterContext.literalSpelling(token.kind, FluxByteScanner.text(token, in: b))
                    out.append(contentsOf: spelling.utf8)
                default:
                    out.append(kindCode(token.kind))
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[token.start..<token.end]))
                }
                out.append(0xFF)
            }
            return out
        }
    }

    private static func kindCode(_ kind: FluxTokenKind) -> UInt8 {
        switch kind {
        case .identifier: 1
        case .keyword: 2
        case .string: 3
        case .regex: 4
        case .duration: 5
        case .integer: 6
        case .float: 7
        case .dateTime: 8
        case .operator: 9
        case .punctuation: 10
        case .comment: 11
        }
    }

    /// The imports and body as compared by `hasEquivalentBody(to:)`: (kind, spelling) pairs,
    /// trailing commas before `)`/`]`/`}` dropped, comments without trailing blanks, `µs`
    /// spelled `us`. When the text parses, it is first put in the server formatter's canonical
    /// form (`FluxFormatter`), so the other things that formatter changes — parentheses that
    /// precedence does not need, `007` → `7`, `2024-01-01` → `2024-01-01T00:00:00Z` — do not
    /// count either. Nil only if the text cannot be tokenized.
    public func comparableTokens() -> [String]? {
        let text = comparedText
        if let formatted = try? FluxFormatter.format(text), let tokens = try? FluxLexer.tokenize(formatted) {
            return Self.comparable(tokens)
        }
        guard let tokens = try? FluxLexer.tokenize(text) else { return nil }
        return Self.comparable(tokens)
    }

    static func comparable(_ tokens: [FluxToken]) -> [String] {
        var out: [String] = []
        for (index, token) in tokens.enumerated() {
            if token.is(",") {
                let next = tokens[(index + 1)...].first { $0.kind != .comment }
                if next?.isClosingBracket ?? false { continue }
            }
            var text = token.text
            switch token.kind {
            case .comment:
                while let last = text.unicodeScalars.last, last == " " || last == "\t" { text.unicodeScalars.removeLast() }
            case .duration:
                text = text.replacingOccurrences(of: "µs", with: "us")
            default: break
            }
            out.append(token.kind.rawValue + " " + text)
        }
        return out
    }
}

extension String {
    /// Plain substring replacement without Foundation.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        let t = Array(target.unicodeScalars)
        var i = unicodeScalars.startIndex
        while i != unicodeScalars.endIndex {
            var j = i
            var k = 0
            while k < t.count, j != unicodeScalars.endIndex, unicodeScalars[j] == t[k] {
                j = unicodeScalars.index(after: j); k += 1
            }
            if k == t.count { return i..<j }
            i = unicodeScalars.index(after: i)
        }
        return nil
    }
}
