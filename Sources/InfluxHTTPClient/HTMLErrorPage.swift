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

    /// `text` on one line: runs of white space (line breaks included) become one space, and
    /// the ends are trimmed. Control characters and the like are escaped where the text is
    /// printed (`DisplayText` in InfluxSync), as for every text that comes from a server.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
    }
}
