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
    /// escaping (line breaks and control characters as `\n`, `\u{1B}`…), `|` as `&#124;` (a
    /// raw pipe would split the cell), and what starts Markdown inside HTML as a character
    /// reference: links and images (`[`, `]`), emphasis (`*`, `_`, `~`), code (`` ` ``),
    /// escapes (`\`), mentions (`@`), issue references (`#` before a digit), and autolinks
    /// (`:` before `//`, `.` after `www`); so server text (a run's error) is shown, never
    /// rendered.
    static func code(_ text: String) -> String {
        let chars = Array(html(text))
        var out = ""
        for (index, ch) in chars.enumerated() {
            let next = index + 1 < chars.count ? chars[index + 1] : nil
            let escape: Bool
            switch ch {
            case "|", "[", "]", "*", "_", "~", "`", "\\", "@": escape = true
            case "#": escape = next?.isNumber == true
            case ":": escape = next == "/" && index + 2 < chars.count && chars[index + 2] == "/"
            case ".": escape = index >= 3 && String(chars[(index - 3)..<index]).lowercased() == "www"
            default: escape = false
            }
            if escape { out += "&#\(ch.unicodeScalars.first!.value);" } else { out.append(ch) }
        }
        return "<code>\(out)</code>"
    }

    /// The server's words in a run-health cell (a run's error from its log, a reason): at
    /// most `limit` characters, then `… (N more characters)`, so one long log line cannot push
    /// the report past a size limit (GitHub's step summary takes 1 MiB).
    static func serverText(_ text: String, limit: Int = 500) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "… (\(number(text.count - limit)) more characters)"
    }

    /// `cell` of `serverText`.
    static func serverCell(_ value: String?) -> String {
        cell(value.map { serverText($0) })
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
