import Flux

/// Flux scripts parsed ahead of the plan, by their text, so that the planner looks them up
/// instead of parsing them while the run waits: `LiveStateFetcher` parses each page's scripts
/// while the next page is on its way, and `plan`/`apply` parse the declared scripts while the
/// live state is read.
///
/// The same text always parses to the same `FluxScript`, so a lookup gives what parsing would
/// have given; a text that is not here (or did not parse) is parsed by the planner as before.
public struct ParsedScripts: Sendable {
    private var byText: [String: FluxScript] = [:]

    /// No script parsed yet.
    public init() {}

    /// Parses each of `texts` (see `parse(_:)`), stopping early when the current task is
    /// cancelled (what was parsed by then is returned).
    public static func parsing(_ texts: [String]) async -> ParsedScripts {
        var scripts = ParsedScripts()
        for (index, text) in texts.enumerated() {
            if index % 64 == 0, Task.isCancelled { break }
            scripts.parse(text)
        }
        return scripts
    }

    /// The script parsed from exactly `text`, or nil when it was not parsed here.
    public subscript(text text: String) -> FluxScript? { byText[text] }

    /// How many distinct texts are held.
    public var count: Int { byText.count }

    /// Parses `text` and keeps the script; an empty text (a Cloud script task) or one that
    /// does not parse is not kept.
    public mutating func parse(_ text: String) {
        guard !text.isEmpty, byText[text] == nil, let script = try? FluxScript(parsing: text) else { return }
        byText[text] = script
    }

    /// Adds the scripts of `other`.
    public mutating func merge(_ other: ParsedScripts) {
        byText.merge(other.byText) { kept, _ in kept }
    }
}
