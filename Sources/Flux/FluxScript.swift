/// A task script split into its parts: imports, the single top-level `option task` record,
/// and the body (every other statement, in source order, including other `option` statements).
///
/// Parsing never executes Flux. Input is normalised first: a UTF-8 BOM is dropped and CRLF
/// becomes LF. Only real tokens count: `option task = {` inside a string, a regex or a
/// comment is ignored.
public struct FluxScript: Sendable {
    /// The normalised source text.
    public let source: String
    /// The `import` statements, as source text (`import "influxdata/influxdb/tasks"`), in order.
    /// A leading `package` clause, if any, is the first element.
    public let imports: [String]
    /// The `option task` record, or nil when the script has none.
    public let options: TaskOptions?
    /// The body: the source without the imports and the `option task` statement, trimmed of
    /// leading and trailing blank lines.
    public let body: String
    /// Every token of `source`, comments included (positions in `source`).
    public let tokens: [FluxToken]
    /// Keys of the `option task` record that are not task options (e.g. `delay`); InfluxDB
    /// ignores them (§4.3), and so do options comparison and `compose`.
    public let ignoredOptionKeys: [String]
    /// The record as parsed, with token positions (nil without `option task`).
    let record: TaskOptionRecord?

    /// Splits a script.
    /// - Throws: `FluxError` (with line:column in `source`) for a lexical error, more than one
    ///   top-level `option task`, an `option task` value that is not a record literal, a property
    ///   value that is not a literal ("option values must be literals"), both or neither of
    ///   `every`/`cron`, or a missing `name`.
    public init(parsing source: String) throws(FluxError) {
        let parts = try FluxScriptParts(source)
        self.init(parts: parts, options: try parts.record?.taskOptions())
    }

    init(parts: FluxScriptParts, options: TaskOptions?) {
        self.source = parts.source
        self.imports = parts.imports
        self.body = parts.body
        self.tokens = parts.tokens
        self.record = parts.record
        self.ignoredOptionKeys = parts.record?.ignoredKeys ?? []
        self.options = options
    }
}

/// The lenient split shared by `FluxScript(parsing:)` and `compose`: the record's properties
/// are parsed, but `name` and the schedule are not required yet.
struct FluxScriptParts {
    var source: String
    var tokens: [FluxToken]
    var statements: [FluxTopLevelStatement]
    var imports: [String]
    var record: TaskOptionRecord?
    var optionStatement: FluxTopLevelStatement?
    var body: String

    init(_ raw: String) throws(FluxError) {
        source = FluxLexer.normalize(raw)
        let scalars = Array(source.unicodeScalars)
        var scanner = FluxScanner(scalars)
        tokens = try scanner.scanAll()
        statements = try FluxStatementSplitter.split(tokens)
        var removed: [Range<Int>] = []
        imports = []
        var seenOther = false
        for statement in statements {
            switch statement.kind {
            case .packageClause, .importDeclaration:
                if seenOther {
                    let t = statement.tokens[0]
                    throw FluxError("\(t.text) must come before every other statement", line: t.line, column: t.column)
                }
                imports.append(statement.tokens.map(\.text).joined(separator: " "))
                removed.append(statement.range)
            case .optionTask:
                seenOther = true
                if let first = optionStatement {
                    let t = statement.tokens[0]
                    let f = first.tokens[0]
                    throw FluxError("more than one option task (the first is at \(f.line):\(f.column))", line: t.line, column: t.column)
                }
                optionStatement = statement
                record = try TaskOptionRecord(statement: statement.tokens)
                removed.append(statement.range)
            case .other:
                seenOther = true
            }
        }
        body = Self.remove(removed, from: scalars)
    }

    /// The text without `ranges`; a line left blank by a removal disappears, a removal in the
    /// middle of a line leaves one space; the result is trimmed of surrounding white space.
    static func remove(_ ranges: [Range<Int>], from s: [Unicode.Scalar]) -> String {
        var out = String.UnicodeScalarView()
        var cursor = 0
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            var lower = range.lowerBound
            var upper = range.upperBound
            var lineStart = lower
            while lineStart > cursor, s[lineStart - 1] == " " || s[lineStart - 1] == "\t" { lineStart -= 1 }
            let blankBefore = lineStart == cursor || s[lineStart - 1] == "\n"
            var lineEnd = upper
            while lineEnd < s.count, s[lineEnd] == " " || s[lineEnd] == "\t" { lineEnd += 1 }
            let blankAfter = lineEnd == s.count || s[lineEnd] == "\n"
            if blankBefore && blankAfter {
                lower = lineStart
                upper = lineEnd < s.count ? lineEnd + 1 : lineEnd
            } else if blankBefore {
                lower = lineStart
                upper = lineEnd
            } else if blankAfter {
                upper = lineEnd
            }
            out.append(contentsOf: s[cursor..<lower])
            if !blankBefore && !blankAfter { out.append(" ") }
            cursor = upper
        }
        out.append(contentsOf: s[cursor...])
        return String(out).trimmingFluxWhitespace()
    }
}

extension String {
    /// Drops leading and trailing spaces, tabs and line breaks.
    func trimmingFluxWhitespace() -> String {
        let s = Array(unicodeScalars)
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = s.firstIndex(where: { !isSpace($0) }), let last = s.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(String.UnicodeScalarView(s[first...last]))
    }
}
