/// Escaping helpers for GitHub-flavoured Markdown output.
enum MarkdownText {
    /// Escapes `&`, `<`, `>` and `"` for use inside HTML (`<summary>`, `<code>`), after
    /// `DisplayText.escaped`: the result is one line without control characters, so it cannot
    /// end a table row or a paragraph.
    static func html(_ text: String) -> String {
        let text = DisplayText.escaped(text)
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Inline code that is safe anywhere, table cells included: `<code>` with `html`'s
    /// escaping (line breaks and control characters as `\n`, `\u{1B}`…) and `|` as `&#124;`
    /// (a raw pipe would split the cell).
    static func code(_ text: String) -> String {
        "<code>\(html(text).replacingOccurrences(of: "|", with: "&#124;"))</code>"
    }

    /// A table cell for an optional value: the value as `code`, or `_(none)_`.
    static func cell(_ value: String?) -> String {
        value.map(code) ?? "_(none)_"
    }

    /// A fenced code block whose fence is longer than any backtick run inside `body`; the body
    /// goes through `DisplayText.escapedBlock` (lines kept, control characters escaped).
    static func fenced(_ body: String, language: String) -> String {
        let body = DisplayText.escapedBlock(body)
        var longest = 0, run = 0
        for ch in body {
            if ch == "`" { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let text = body.hasSuffix("\n") ? body : body + "\n"
        return "\(fence)\(language)\n\(text)\(fence)\n"
    }

    /// `1234567` → `1,234,567`.
    static func number(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}
