import Flux

/// Live Flux scripts parsed ahead of the plan, by their text, so that the planner looks them
/// up instead of parsing them while the run waits: `LiveStateFetcher` parses each page's
/// scripts while the next page is on its way. (The declared scripts are read once at load,
/// `DesiredTask.parsedScript`.)
///
/// The same text always parses to the same `FluxScript`, so a lookup gives what parsing would
/// have given; a text that is not here (or did not parse) is parsed by the planner as before.
/// Texts are told apart by their UTF-8 bytes, as the parser reads them (not by Swift's
/// `String` equality, under which `é` and `e` + U+0301 are the same text).
public struct ParsedScripts: Sendable {
    private var byText: [TextKey: FluxScript] = [:]

    /// A script text keyed by its bytes; the hash is computed once, so that growing the
    /// table or merging two of them does not read 10,000 scripts again.
    private struct TextKey: Hashable, Sendable {
        let text: String
        let hash: Int

        init(_ text: String) {
            var hasher = Hasher()
            var copy = text
            copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            self.text = copy
            self.hash = hasher.finalize()
        }

        static func == (lhs: TextKey, rhs: TextKey) -> Bool {
            lhs.hash == rhs.hash && lhs.text.utf8.elementsEqual(rhs.text.utf8)
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }

    /// No script parsed yet.
    public init() {}

    /// The script parsed from exactly `text`, or nil when it was not parsed here.
    public subscript(text text: String) -> FluxScript? { byText[TextKey(text)] }

    /// How many distinct texts are held.
    public var count: Int { byText.count }

    /// Parses `text` and keeps the script; an empty text (a Cloud script task) or one that
    /// does not parse is not kept.
    public mutating func parse(_ text: String) {
        let key = TextKey(text)
        guard !text.isEmpty, byText[key] == nil, let script = try? FluxScript(parsing: text) else { return }
        byText[key] = script
    }

    /// Adds the scripts of `other`.
    public mutating func merge(_ other: ParsedScripts) {
        byText.merge(other.byText) { kept, _ in kept }
    }

    /// Makes room for `count` more scripts.
    public mutating func reserveCapacity(_ count: Int) {
        byText.reserveCapacity(byText.count + count)
    }
}
