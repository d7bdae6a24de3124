/// The one scanner of InfluxDB's cron dialect (influxdb-api.md §4.5): it splits an expression
/// into fields, a field into its comma-separated items, and an item into its range and step.
/// What the parts mean is left to the readers, which differ on purpose: `CronExpression.validate`
/// (our own strict check), `CronExpression.serverError` (the server's wording and quirks) and
/// the sandbox's `CronSchedule` (which instants fire).
public enum CronScanner {
    /// One field as written, and the offset of its first character (0-based, in Unicode
    /// scalars) in the expression.
    public struct Field: Sendable {
        /// The field's text.
        public var text: String
        /// 0-based position of its first scalar in the expression.
        public var offset: Int
    }

    /// One item of a field: `base` (`*`, `a` or `a-b`) with an optional `/step`, and the
    /// offset of its first character in the field (0-based, in Unicode scalars).
    public struct Item: Sendable {
        /// The whole item, e.g. `10-20/5`.
        public var text: Substring
        /// 0-based position of the item in its field.
        public var offset: Int
        /// What comes before `/`: `*`, `a` or `a-b`.
        public var base: Substring
        /// What comes after `/`, or nil when there is no `/`.
        public var step: Substring?
        /// `base` split at `-`: one element for `*` or `a`, two for `a-b`, more when the item
        /// is malformed (`1-2-3`); empty elements are kept (`-5` gives `["", "5"]`).
        public var ends: [Substring] { base.split(separator: "-", omittingEmptySubsequences: false) }
        /// True when the item has more than one `/`.
        public var hasExtraSlash: Bool
    }

    /// Blank characters between fields: space, tab, line feed, carriage return, vertical tab,
    /// form feed.
    public static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}"
    }

    /// The fields of `expression`, separated by runs of blanks (`isSpace`).
    public static func fields(_ expression: String) -> [Field] {
        let scalars = Array(expression.unicodeScalars)
        var fields: [Field] = []
        var i = 0
        while i < scalars.count {
            while i < scalars.count, isSpace(scalars[i]) { i += 1 }
            guard i < scalars.count else { break }
            let start = i
            while i < scalars.count, !isSpace(scalars[i]) { i += 1 }
            fields.append(Field(text: String(String.UnicodeScalarView(scalars[start..<i])), offset: start))
        }
        return fields
    }

    /// The comma-separated items of a field (empty items kept: `1,,2` has three).
    public static func items(_ field: String) -> [Item] {
        var offset = 0
        return field.split(separator: ",", omittingEmptySubsequences: false).map { text in
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            let item = Item(
                text: text, offset: offset, base: parts[0], step: parts.count > 1 ? parts[1] : nil,
                hasExtraSlash: parts.count > 2)
            offset += text.unicodeScalars.count + 1
            return item
        }
    }
}
