import Foundation

/// An HTML page answered instead of InfluxDB's JSON error envelope: a proxy's or load
/// balancer's error page (nginx's `<html><head><title>504 Gateway Time-out</title>…`). It is
/// never printed as is; `InfluxHTTPClient.apiError` names its title on one line.
struct HTMLErrorPage {
    private let text: String

    /// The page, when `body` is HTML: a `text/html` content type, or a body that starts with
    /// `<!DOCTYPE html` or `<html` (any case, after white space). Nil otherwise.
    init?(body: Data, contentType: String?) {
        let text = String(decoding: body, as: UTF8.self)
        let head = text.drop { $0.isWhitespace }.prefix(15).lowercased()
        let declared = contentType?.lowercased().contains("text/html") == true
        guard declared || head.hasPrefix("<!doctype html") || head.hasPrefix("<html") else { return nil }
        self.text = text
    }

    /// The page's `<title>`, on one line, without a leading copy of the status code
    /// (`504 Gateway Time-out` → `Gateway Time-out`); nil when it has none or it is empty.
    func title(withoutStatus status: Int) -> String? {
        guard let open = text.range(of: "<title>", options: .caseInsensitive),
              let close = text.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<text.endIndex)
        else { return nil }
        var title = Self.oneLine(String(text[open.upperBound..<close.lowerBound]))
        if title.hasPrefix("\(status) ") { title = String(title.dropFirst("\(status) ".count)) }
        if title.count > 120 { title = String(title.prefix(120)) + "…" }
        return title.isEmpty ? nil : title
    }

    /// `text` on one line: runs of white space (line breaks included) become one space, other
    /// control characters and Unicode bidi controls become `\u{…}` escapes, and the ends are
    /// trimmed. Text a server sends is printed through this, so it cannot add lines to a log
    /// or a terminal escape sequence.
    static func oneLine(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace && !isBidiControl(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || isBidiControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069: characters that reorder the text
    /// around them on screen.
    private static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
