/// The option fields of a PATCH that edit the stored script (influxdb-api.md §7.1, §7.3 A3).
public struct TaskOptionEdits: Hashable, Sendable {
    /// What to do with `offset`.
    public enum OffsetEdit: Hashable, Sendable {
        /// Set it to this duration (JSON text such as `"10s"`, `"-5m"`).
        case set(String)
        /// Remove the key (PATCH `"offset": ""` or `"0s"`).
        case remove
    }
    /// New `name` (non-empty).
    public var name: String?
    /// New `every` as duration text (`"10s"`); renames a `cron` key in place.
    public var every: String?
    /// New `cron`; renames an `every` key in place.
    public var cron: String?
    /// Offset change.
    public var offset: OffsetEdit?

    /// Creates an edit set.
    public init(name: String? = nil, every: String? = nil, cron: String? = nil, offset: OffsetEdit? = nil) {
        self.name = name
        self.every = every
        self.cron = cron
        self.offset = offset
    }

    /// True when no edit is requested (the server then stores the base script verbatim, §7.3 A4).
    public var isEmpty: Bool { name == nil && every == nil && cron == nil && offset == nil }
}

/// Why the server cannot edit a script (influxdb-api.md §7.3 A2, A5).
public enum TaskScriptEditError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The base script does not parse (§7.3 A2: 500 `failed to update task: loc …: …`).
    case syntax(FluxError)
    /// No `option task` record to edit (§7.3 A5: 500 `failed to update task: unable to edit option`).
    case noOptionTask

    /// The server's message, without the `failed to update task: ` prefix.
    public var description: String {
        switch self {
        case .syntax(let e): return "loc \(e.line):\(e.column)-\(e.line):\(e.column + 1): \(e.message)"
        case .noOptionTask: return "unable to edit option"
        }
    }
}

/// The server's option-field PATCH: edit the `option task` record in place, then re-print the
/// whole script with `FluxFormatter` (influxdb-api.md §7.3 A5–A6, §7.4).
public enum TaskScriptEditor {
    /// Applies `edits` to `script`.
    ///
    /// In-place rules (§7.3 A5): properties keep their order; `name`/`every`/`cron`/`offset`
    /// values are replaced; `every` renames a `cron` key at the same position and `cron` an
    /// `every` key; a removed `offset` disappears; requested keys the record lacks are appended
    /// (name, every, cron, offset order). The server's slice-mutation quirk is reproduced: when
    /// `offset` is removed and two or more properties follow it, the property right after it is
    /// skipped, so an edit of that property is appended as a duplicate key. New strings are
    /// written with `"` and `\` escaped; durations as magnitude+unit pairs (text that is not a
    /// Flux duration, such as `10x`, which passes the server's JSON decoding, is written as is,
    /// so the re-validation reports the Flux syntax error as InfluxDB does). Raw PATCH values may
    /// be passed: `""` name/cron and a zero `every` count as not given, a zero or `""` offset as
    /// `.remove`. The script is parsed first in every case (A2); with no edits it is then returned
    /// unchanged (A4).
    /// - Throws: `TaskScriptEditError`.
    public static func apply(_ rawEdits: TaskOptionEdits, to script: String) throws(TaskScriptEditError) -> String {
        var file: FluxFile
        do { file = try FluxParser.parse(script) } catch { throw .syntax(error) }
        let edits = normalized(rawEdits)
        if edits.isEmpty { return script }
        guard
            let index = file.body.firstIndex(where: {
                if case .option("task", let value) = $0.kind, case .record(nil, _, _) = value.kind { return true }
                return false
            }), case .option(_, let value) = file.body[index].kind,
            case .record(_, let properties, let closing) = value.kind
        else { throw .noOptionTask }

        let edited = editProperties(properties, edits, anchor: value)
        let record = FluxExpression(
            kind: .record(with: nil, properties: edited, closingComments: closing),
            firstToken: value.firstToken, lastToken: value.lastToken)
        file.body[index].kind = .option(target: "task", value: record)
        return FluxFormatter.format(file)
    }

    /// PATCH values as the server reads them (§7.3 A3): an empty name or cron and a zero or
    /// empty every are "not provided"; a zero or empty offset means "remove".
    static func normalized(_ edits: TaskOptionEdits) -> TaskOptionEdits {
        func isZero(_ text: String) -> Bool { text.isEmpty || ((try? FluxDuration(parsing: text))?.isZero ?? false) }
        var out = edits
        if out.name?.isEmpty == true { out.name = nil }
        if out.cron?.isEmpty == true { out.cron = nil }
        if let every = out.every, isZero(every) { out.every = nil }
        if case .set(let offset)? = out.offset, isZero(offset) { out.offset = .remove }
        return out
    }

    /// The in-place pass over the record, emulating iteration over a slice that shrinks.
    static func editProperties(_ properties: [FluxProperty], _ edits: TaskOptionEdits, anchor: FluxExpression) -> [FluxProperty] {
        var store = properties
        var backing = Array(store.indices)
        var length = backing.count
        var done: Set<String> = []
        let count = backing.count
        var i = 0
        while i < count {
            let slot = backing[i]
            let key = FluxStringLiteral.value(of: store[slot].key) ?? store[slot].key
            switch key {
            case "name":
                if let name = edits.name { store[slot].value = stringNode(name, anchor); done.insert("name") }
            case "every", "cron":
                if let every = edits.every {
                    store[slot] = FluxProperty(key: "every", value: durationNode(every, anchor), comments: store[slot].comments)
                    done.insert("every")
                } else if let cron = edits.cron {
                    store[slot] = FluxProperty(key: "cron", value: stringNode(cron, anchor), comments: store[slot].comments)
                    done.insert("cron")
                }
            case "offset":
                switch edits.offset {
                case .set(let text)?:
                    store[slot].value = durationNode(text, anchor)
                    done.insert("offset")
                case .remove?:
                    if i < length {
                        for j in i..<(length - 1) { backing[j] = backing[j + 1] }
                        length -= 1
                    }
                    done.insert("offset")
                case nil: break
                }
            default: break
            }
            i += 1
        }
        var result = backing[0..<length].map { store[$0] }
        if let name = edits.name, !done.contains("name") { result.append(FluxProperty(key: "name", value: stringNode(name, anchor), comments: [])) }
        if let every = edits.every, !done.contains("every") { result.append(FluxProperty(key: "every", value: durationNode(every, anchor), comments: [])) }
        if let cron = edits.cron, !done.contains("cron") { result.append(FluxProperty(key: "cron", value: stringNode(cron, anchor), comments: [])) }
        if case .set(let text)? = edits.offset, !done.contains("offset") { result.append(FluxProperty(key: "offset", value: durationNode(text, anchor), comments: [])) }
        return result
    }

    /// A string literal the way the server writes new values: only `"` and `\` escaped.
    static func stringNode(_ value: String, _ anchor: FluxExpression) -> FluxExpression {
        var text = "\""
        for c in value.unicodeScalars {
            if c == "\"" || c == "\\" { text += "\\" }
            text.unicodeScalars.append(c)
        }
        text += "\""
        let token = FluxToken(kind: .string, text: text, line: 0, column: 0, range: 0..<0)
        return FluxExpression(kind: .literal(token), firstToken: anchor.firstToken, lastToken: anchor.firstToken)
    }

    /// A duration literal; a leading `-` becomes unary minus.
    static func durationNode(_ text: String, _ anchor: FluxExpression) -> FluxExpression {
        let negative = text.hasPrefix("-")
        let magnitude = negative ? String(text.dropFirst()) : text
        let token = FluxToken(kind: .duration, text: magnitude, line: 0, column: 0, range: 0..<0)
        let literal = FluxExpression(kind: .literal(token), firstToken: anchor.firstToken, lastToken: anchor.firstToken)
        return negative ? FluxExpression(kind: .unary(op: "-", argument: literal), firstToken: anchor.firstToken, lastToken: anchor.firstToken) : literal
    }
}
