/// Comparing scripts the way the differ needs (design.md "What counts as a difference").
extension FluxScript {
    /// True when the two scripts' imports and bodies are the same token stream: whitespace,
    /// line breaks and a trailing comma before a closing bracket do not count; comments,
    /// strings, names and operators do. Options are not compared here. Whatever else InfluxDB's
    /// formatter rewrites (redundant parentheses, literal spellings; see `comparableTokens()`)
    /// does not count either, so a script the server re-printed (§7.4) compares equal.
    public func hasEquivalentBody(to other: FluxScript) -> Bool {
        // Fast path: the plain token streams already agree (the usual no-change case).
        if let mine = rawComparableTokens(), let theirs = other.rawComparableTokens(), mine == theirs { return true }
        guard let mine = comparableTokens(), let theirs = other.comparableTokens() else {
            return imports == other.imports && body == other.body
        }
        return mine == theirs
    }

    /// `comparableTokens()` without the formatter pass.
    func rawComparableTokens() -> [String]? {
        guard let tokens = try? FluxLexer.tokenize((imports + [body]).joined(separator: "\n")) else { return nil }
        return Self.comparable(tokens)
    }

    /// The imports and body as compared by `hasEquivalentBody(to:)`: (kind, spelling) pairs,
    /// trailing commas before `)`/`]`/`}` dropped, comments without trailing blanks, `µs`
    /// spelled `us`. When the text parses, it is first put in the server formatter's canonical
    /// form (`FluxFormatter`), so the other things that formatter changes — parentheses that
    /// precedence does not need, `007` → `7`, `2024-01-01` → `2024-01-01T00:00:00Z` — do not
    /// count either. Nil only if the text cannot be tokenized.
    public func comparableTokens() -> [String]? {
        let text = (imports + [body]).joined(separator: "\n")
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
