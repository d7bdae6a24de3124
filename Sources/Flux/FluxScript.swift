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
    /// Every token of `source`, comments included (positions in `source`). Made on each use
    /// (a script keeps only its byte-level comparison key, not its tokens).
    public var tokens: [FluxToken] { (try? FluxLexer.tokenize(source)) ?? [] }
    /// Keys of the `option task` record that are not task options (e.g. `delay`), in order:
    /// the keys of `extraOptions`.
    public var ignoredOptionKeys: [String] { extraOptions.map(\.key) }
    /// The `option task` record's properties other than the six task options, in source order.
    /// InfluxDB does not read them as options (§4.3) but keeps them in the script, which reads
    /// them at run time (`task.bucket`): `compose` writes them after the options, and the
    /// planner compares them (`TaskOptionExtra`).
    public let extraOptions: [TaskOptionExtra]
    /// Where the first `//` comment inside the `option task` record is (1-based line and
    /// column), nil when it has none: `compose` writes the record from its values, so such a
    /// comment is not in the script we send.
    public let recordComment: (line: Int, column: Int)?
    /// A property of the `option task` record other than the task options whose value uses a
    /// name a statement of the script defines (`b = "raw"` … `bucket: b`): its key, the name,
    /// and where the name is used (1-based line and column). `compose` refuses such a script:
    /// it writes the record above the body, where the name is not defined yet.
    public let extraUsingDefinition: (key: String, name: String, line: Int, column: Int)?
    /// The `option task` record's properties as written (nil without `option task`). The
    /// record's tokens are not kept: a parsed script lives as long as a plan, once per
    /// declared and per live task.
    public let optionValues: TaskOptionValues?
    /// True when the script has an `option task` record.
    var hasRecord: Bool { optionValues != nil }
    /// The imports and body as `hasEquivalentBody(to:)` compares them before any formatting
    /// (`FluxScript.comparableKey`): one entry per token, made from the bytes of the single scan.
    let comparableKey: [UInt8]
    /// The text before the first import or package statement, trimmed; nil when empty or
    /// when there are no imports (`compose` keeps it above the imports).
    let textBeforeImports: String?

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
        self.optionValues = parts.record.map(TaskOptionValues.init)
        self.comparableKey = parts.comparableKey
        self.textBeforeImports = parts.textBeforeImports
        self.extraOptions = parts.record?.extras ?? []
        self.recordComment = parts.recordComment
        self.extraUsingDefinition = parts.extraUsingDefinition
        self.options = options
    }
}

/// The lenient split shared by `FluxScript(parsing:)` and `compose`: the record's properties
/// are parsed, but `name` and the schedule are not required yet. The source is scanned once,
/// as bytes; only the import and `option task` statements are turned into text tokens.
struct FluxScriptParts {
    var source: String
    var statements: [FluxTopLevelStatement]
    var imports: [String]
    var record: TaskOptionRecord?
    var optionStatement: FluxTopLevelStatement?
    var body: String
    /// `FluxScript.comparableKey` of the imports and body.
    var comparableKey: [UInt8]
    /// The text before the first import or package statement, trimmed (nil when empty or
    /// when there are no imports).
    var textBeforeImports: String?
    /// The first comment inside the `option task` statement (line, column), if any.
    var recordComment: (line: Int, column: Int)?
    /// A name a property of the record other than the task options uses that a statement of
    /// the script defines (`b = "raw"` … `bucket: b`): the key, the name and where it is used.
    var extraUsingDefinition: (key: String, name: String, line: Int, column: Int)?

    init(_ raw: String) throws(FluxError) {
        FluxReadCounter.count()
        let normalized = FluxLexer.normalize(raw)
        var text = normalized
        self = try text.withUTF8Bytes { bytes throws(FluxError) in try Self(source: normalized, bytes: bytes) }
    }

    private init(source: String, bytes b: UnsafeBufferPointer<UInt8>) throws(FluxError) {
        try self.init(source: source, bytes: b, tokens: try FluxByteScanner.scan(b))
    }

    /// The split of a source already scanned: `all` is `FluxByteScanner.scan(b)`.
    init(source: String, bytes b: UnsafeBufferPointer<UInt8>, tokens all: [FluxRawToken]) throws(FluxError) {
        self.source = source
        var code: [FluxRawToken] = []
        code.reserveCapacity(all.count)
        for token in all where token.kind != .comment { code.append(token) }
        statements = try FluxStatementSplitter.split(code, in: b)
        var removed: [Range<Int>] = []
        var importTokens: [FluxRawToken] = []
        imports = []
        var seenOther = false
        for statement in statements {
            switch statement.kind {
            case .packageClause, .importDeclaration:
                if seenOther {
                    let t = code[statement.codeTokens.lowerBound]
                    throw FluxError("\(FluxByteScanner.text(t, in: b)) must come before every other statement", line: t.line, column: t.column)
                }
                // Tokens joined by one space; an attribute is written `@name(a, b)`.
                var text = ""
                for k in statement.codeTokens {
                    let piece = FluxByteScanner.text(code[k], in: b)
                    if k > statement.codeTokens.lowerBound && !FluxStatementSplitter.isAt(code[k - 1], in: b)
                        && FluxByteScanner.text(code[k - 1], in: b) != "(" && piece != ")" && piece != "," && piece != "("
                    {
                        text += " "
                    }
                    text += piece
                }
                imports.append(text)
                importTokens.append(contentsOf: code[statement.codeTokens])
                removed.append(statement.range)
            case .optionTask:
                seenOther = true
                if let first = optionStatement {
                    let t = code[statement.codeTokens.lowerBound]
                    let f = code[first.codeTokens.lowerBound]
                    throw FluxError("more than one option task (the first is at \(f.line):\(f.column))", line: t.line, column: t.column)
                }
                optionStatement = statement
                record = try TaskOptionRecord(statement: code[statement.codeTokens].map { FluxByteScanner.token($0, in: b) })
                removed.append(statement.range)
            case .other:
                seenOther = true
            }
        }
        body = Self.remove(removed, from: b)
        textBeforeImports = nil
        if let first = statements.first(where: { $0.kind == .importDeclaration || $0.kind == .packageClause }) {
            let before = Self.trimmed(UnsafeBufferPointer(rebasing: b[0..<first.range.lowerBound]))
            if !before.isEmpty { textBeforeImports = before }
        }
        // The compared sequence: the imports' tokens, then every token (comments included) left in the body.
        var compared = importTokens
        compared.reserveCapacity(all.count)
        var next = 0
        for token in all {
            while next < removed.count, removed[next].upperBound <= token.start { next += 1 }
            if next < removed.count, removed[next].contains(token.start) { continue }
            compared.append(token)
        }
        comparableKey = FluxScript.comparableKey(compared, in: b)
        if let range = optionStatement?.range, let comment = all.first(where: { $0.kind == .comment && range.contains($0.start) }) {
            recordComment = (comment.line, comment.column)
        }
        if let record, !record.extraNames.isEmpty {
            let defined = Self.definedNames(statements, code: code, in: b)
            if let used = record.extraNames.first(where: { defined.contains($0.name.text) }) {
                extraUsingDefinition = (used.key, used.name.text, used.name.line, used.name.column)
            }
        }
    }

    /// The names top-level statements define: `name = …`, `option name = …` (not `option
    /// pkg.name`), other than the `option task` record.
    static func definedNames(_ statements: [FluxTopLevelStatement], code: [FluxRawToken], in b: UnsafeBufferPointer<UInt8>) -> Set<String> {
        var names: Set<String> = []
        for statement in statements where statement.kind == .other {
            var k = statement.codeTokens.lowerBound
            if FluxByteScanner.text(code[k], in: b) == "option", code[k].kind == .keyword { k += 1 }
            guard k + 1 < statement.codeTokens.upperBound, code[k].kind == .identifier, FluxByteScanner.text(code[k + 1], in: b) == "=" else { continue }
            names.insert(FluxByteScanner.text(code[k], in: b))
        }
        return names
    }

    /// The text without `ranges` (byte offsets); a line left blank by a removal disappears, a
    /// removal in the middle of a line leaves one space; the result is trimmed of surrounding
    /// white space.
    static func remove(_ ranges: [Range<Int>], from s: UnsafeBufferPointer<UInt8>) -> String {
        func isBlank(_ c: UInt8) -> Bool { c == 32 || c == 9 }
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var cursor = 0
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            var lower = range.lowerBound
            var upper = range.upperBound
            var lineStart = lower
            while lineStart > cursor, isBlank(s[lineStart - 1]) { lineStart -= 1 }
            let blankBefore = lineStart == cursor || s[lineStart - 1] == 10
            var lineEnd = upper
            while lineEnd < s.count, isBlank(s[lineEnd]) { lineEnd += 1 }
            let blankAfter = lineEnd == s.count || s[lineEnd] == 10
            if blankBefore && blankAfter {
                lower = lineStart
                upper = lineEnd < s.count ? lineEnd + 1 : lineEnd
            } else if blankBefore {
                lower = lineStart
                upper = lineEnd
            } else if blankAfter {
                upper = lineEnd
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: s[cursor..<lower]))
            if !blankBefore && !blankAfter { out.append(32) }
            cursor = upper
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: s[cursor...]))
        return out.withUnsafeBufferPointer { trimmed($0) }
    }

    /// The bytes without leading and trailing spaces, tabs and line breaks, as a String.
    static func trimmed(_ s: UnsafeBufferPointer<UInt8>) -> String {
        func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
        var first = 0
        var last = s.count
        while first < last, isSpace(s[first]) { first += 1 }
        while last > first, isSpace(s[last - 1]) { last -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: s[first..<last]), as: UTF8.self)
    }
}

extension String {
    /// Drops leading and trailing spaces, tabs and line breaks.
    func trimmingFluxWhitespace() -> String {
        var text = self
        return text.withUTF8 { FluxScriptParts.trimmed($0) }
    }
}
