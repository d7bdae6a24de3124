import Foundation

/// Command output with the parts that differ on every run replaced by placeholders, so that a
/// test asserts the whole text exactly instead of a piece of it.
enum VaryingText {
    /// `text` with each RFC 3339 time (`2026-12-07T05:54:45Z`, `2026-12-07T05:54:45.77728Z`)
    /// as `<time>`: the sandbox stamps runs, log lines and reports with its own clock.
    static func times(_ text: String) -> String {
        text.replacingOccurrences(of: #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"#, with: "<time>", options: .regularExpression)
    }

    /// `text` with each 16-digit hex ID right after `prefix` as `<id>`: the IDs the server gives
    /// new runs (or an in-process sandbox its org), which a test cannot know beforehand.
    static func ids(after prefix: String, in text: String) -> String {
        text.replacingOccurrences(
            of: NSRegularExpression.escapedPattern(for: prefix) + "[0-9a-f]{16}",
            with: NSRegularExpression.escapedTemplate(for: prefix) + "<id>", options: .regularExpression)
    }
}
