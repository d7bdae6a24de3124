/// Escaping helpers for GitHub-flavoured Markdown output.
enum MarkdownText {
    /// Escapes `&`, `<`, `>` and `"` for use inside HTML (`<summary>`, `<code>`).
    static func html(_ text: String) -> String {
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

    /// Inline code that is safe anywhere, table cells included: `<code>` with HTML escaping,
    /// `|` as `&#124;` (a raw pipe would split the cell) and line breaks as `<br>`.
    static func code(_ text: String) -> String {
        let escaped = html(text)
            .replacingOccurrences(of: "|", with: "&#124;")
            .replacingOccurrences(of: "\r\n", with: "<br>")
            .replacingOccurrences(of: "\n", with: "<br>")
        return "<code>\(escaped)</code>"
    }

    /// A table cell for an optional value: the value as `code`, or `_(none)_`.
    static func cell(_ value: String?) -> String {
        value.map(code) ?? "_(none)_"
    }

    /// A fenced code block whose fence is longer than any backtick run inside `body`.
    static func fenced(_ body: String, language: String) -> String {
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
