/// Composing the script we send for a task (design.md "How changes are sent").
extension FluxScript {
    /// The script we send for a task: imports first, then one `option task` record, then the
    /// body. `query` may itself start with imports; it must not hold an `option task` record
    /// unless its values agree with `options` (then that record is replaced).
    ///
    /// Layout: comments written above the imports (kept there), the imports one per line, a blank line, `option task = {…}` on one line
    /// (`optionStatement(for:)`), a blank line, the body, a final line break. A property the
    /// query's record sets and `options` leaves nil (`offset`, `concurrency`, `retry`) is kept,
    /// and so are the record's other properties (`FluxScript.extraOptions`), after the options.
    /// - Throws: `FluxError` for a name containing a newline, a lexical error in `query`, a
    ///   conflicting `option task` record in `query` (the message names the property; the
    ///   position is in `query`), or a record property that uses a name the query defines.
    public static func compose(options: TaskOptions, query: String) throws(FluxError) -> String {
        // Before the query is read: a bad name is reported even when the query has errors too.
        try checkName(options)
        let parts = try FluxScriptParts(query)
        try checkRecordOrder(parts.extraUsingDefinition)
        var merged = options
        if let record = parts.record {
            merged = try merge(record, into: options)
        }
        return compose(
            options: merged, extras: parts.record?.extras ?? [], imports: parts.imports, body: parts.body, leadingComment: parts.textBeforeImports)
    }

    /// The script we send for a task whose query was parsed already (`FluxScript(parsing:)`)
    /// and whose own `option task` record, if any, the caller has merged into `options`: the
    /// same text as `compose(options:query:)` gives for the query with that record removed
    /// (imports, a blank line, the body), without scanning the query again.
    /// - Throws: `FluxError` for a name containing a newline, or a record property that uses a
    ///   name the query defines (`bucket: b` after `b = "raw"`).
    public static func compose(options: TaskOptions, replacingOptionsOf query: FluxScript) throws(FluxError) -> String {
        // With a record, the text composed is "imports, blank line, body": nothing precedes its imports.
        try checkName(options)
        try checkRecordOrder(query.extraUsingDefinition)
        return compose(
            options: options, extras: query.extraOptions, imports: query.imports, body: query.body,
            leadingComment: query.hasRecord ? nil : query.textBeforeImports)
    }

    /// - Throws: `FluxError` (at the name, in the query) when a property of the query's record
    ///   uses a name the query defines: the record is written above the body, where that name
    ///   is not defined yet, so every run would fail.
    private static func checkRecordOrder(_ used: (key: String, name: String, line: Int, column: Int)?) throws(FluxError) {
        guard let used else { return }
        throw FluxError(
            "option task property `\(used.key)` uses `\(used.name)`, which the query defines: the record is sent above the query, where `\(used.name)` is not defined yet; write the value itself in the record",
            line: used.line, column: used.column)
    }

    /// - Throws: `FluxError` for a task name holding a line break.
    private static func checkName(_ options: TaskOptions) throws(FluxError) {
        if options.name.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
            throw FluxError("task name \(FluxStringLiteral.quote(options.name)) contains a line break; InfluxDB task names must be one line", line: 1, column: 1)
        }
    }

    /// `script` as a manifest's query that keeps only the record's properties other than the
    /// task options (`option task = {bucket: "raw"}`; the manifest's `spec` says the options),
    /// laid out as `compose` lays out the script we send. The script as it is when it has none.
    public static func queryKeepingExtraOptions(of script: FluxScript) -> String {
        guard !script.extraOptions.isEmpty else { return script.textWithoutOptions }
        let record = "option task = {" + script.extraOptions.map(\.propertyText).joined(separator: ", ") + "}"
        let text = compose(record: record, imports: script.imports, body: script.body, leadingComment: script.hasRecord ? nil : script.textBeforeImports)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    private static func compose(options merged: TaskOptions, extras: [TaskOptionExtra], imports: [String], body: String, leadingComment: String?) -> String {
        compose(record: optionStatement(for: merged, extras: extras), imports: imports, body: body, leadingComment: leadingComment)
    }

    private static func compose(record: String, imports: [String], body: String, leadingComment: String?) -> String {
        var out = ""
        out.reserveCapacity(body.utf8.count + imports.reduce(0) { $0 + $1.utf8.count + 1 } + 128)
        var body = body
        if let comment = leadingComment, body.hasPrefix(comment) {
            // A comment written above the imports stays there (it usually describes the script).
            out += comment + "\n"
            body = String(body.dropFirst(comment.count)).trimmingFluxWhitespace()
        }
        if !imports.isEmpty { out += imports.joined(separator: "\n") + "\n\n" }
        out += record + "\n"
        if !body.isEmpty { out += "\n" + body + "\n" }
        return out
    }

    /// `option task = {name: "…", every: 1h, offset: 5m, concurrency: 2, retry: 3}` with only
    /// the properties that are set, in that order. The name is a Flux string literal
    /// (`FluxStringLiteral.quote`); `every` is the canonical spelling (`FluxDuration.description`);
    /// `offset` uses only h/m/s units (`serverOffsetText`) so the server's Go duration parser
    /// accepts it (§4.2 step 6), `0s` when zero, and the canonical spelling when it has months.
    /// `extras`, the query's own properties other than the task options (`bucket: "raw"`),
    /// follow in their order (`TaskOptionExtra.propertyText`): the script reads them at run time.
    public static func optionStatement(for options: TaskOptions, extras: [TaskOptionExtra] = []) -> String {
        var properties = ["name: \(FluxStringLiteral.quote(options.name))"]
        switch options.schedule {
        case .every(let every): properties.append("every: \(every)")
        case .cron(let cron): properties.append("cron: \(FluxStringLiteral.quote(cron))")
        }
        if let offset = options.offset { properties.append("offset: \(offsetLiteral(offset))") }
        if let concurrency = options.concurrency { properties.append("concurrency: \(concurrency)") }
        if let retry = options.retry { properties.append("retry: \(retry)") }
        properties += extras.map(\.propertyText)
        return "option task = {" + properties.joined(separator: ", ") + "}"
    }

    /// An offset as we write it in scripts: `0s`, `-5m`, `1h30m`, `24h` (never `d`/`w`, which
    /// the server cannot parse for offsets), or the canonical spelling when it has months.
    static func offsetLiteral(_ offset: FluxDuration) -> String {
        if offset.isZero { return "0s" }
        if offset.months != 0 { return offset.description }
        return offset.serverOffsetText ?? "0s"
    }

    static func merge(_ record: TaskOptionRecord, into options: TaskOptions) throws(FluxError) -> TaskOptions {
        func conflict(_ key: String, _ query: String, _ spec: String, _ token: FluxToken) -> FluxError {
            FluxError("`\(key)` conflicts: the query's option task says \(query) but the task spec says \(spec)", line: token.line, column: token.column)
        }
        var merged = options
        if let name = record.name, name.value != options.name {
            throw conflict("name", FluxStringLiteral.quote(name.value), FluxStringLiteral.quote(options.name), name.token)
        }
        switch options.schedule {
        case .every(let every):
            if let cron = record.cron {
                throw FluxError(
                    "`cron` in the query's option task conflicts with `every: \(every)` in the task spec (set exactly one)", line: cron.token.line, column: cron.token.column)
            }
            if let e = record.every, e.value != every { throw conflict("every", e.token.text, every.description, e.token) }
        case .cron(let cron):
            if let e = record.every {
                throw FluxError(
                    "`every` in the query's option task conflicts with `cron: \(FluxStringLiteral.quote(cron))` in the task spec (set exactly one)", line: e.token.line,
                    column: e.token.column)
            }
            if let c = record.cron, c.value != cron { throw conflict("cron", FluxStringLiteral.quote(c.value), FluxStringLiteral.quote(cron), c.token) }
        }
        if let offset = record.offset {
            if let mine = options.offset, mine != offset.value {
                throw conflict("offset", offset.value.description, mine.description, offset.token)
            }
            merged.offset = offset.value
        }
        if let concurrency = record.concurrency {
            if let mine = options.concurrency, mine != concurrency.value {
                throw conflict("concurrency", "\(concurrency.value)", "\(mine)", concurrency.token)
            }
            merged.concurrency = concurrency.value
        }
        if let retry = record.retry {
            if let mine = options.retry, mine != retry.value {
                throw conflict("retry", "\(retry.value)", "\(mine)", retry.token)
            }
            merged.retry = retry.value
        }
        return merged
    }
}

extension FluxScript {
    /// Where the position `line:column` of `composed` (the script `compose` made from `query`)
    /// was written in `query`: positions in the body map to the body's place in the query's
    /// source. Nil for a position in the composed imports or `option task` line, or when the
    /// body is not one piece of the query (an `option task` record removed from its middle).
    public static func queryPosition(line: Int, column: Int, inComposed composed: String, query: FluxScript) -> (line: Int, column: Int)? {
        ComposedScriptPlacement(composed: composed, query: query)?.queryPosition(line: line, column: column)
    }
}

/// Where the body of a composed script (`FluxScript.compose`) lies in the query it was made
/// from, found once so that many positions can be mapped back (`queryPosition`).
public struct ComposedScriptPlacement: Sendable {
    /// 1-based line of the composed script where the body starts.
    let bodyLine: Int
    /// 1-based line and column (Unicode scalars) of the query where the body starts.
    let queryLine: Int
    let queryColumn: Int
    /// Lines the body spans.
    let bodyLines: Int

    /// The placement of `composed`'s body in `query`'s source; nil when the composed script
    /// has no `option task` line or no body, or when the body is not one piece of the query
    /// (an `option task` record removed from its middle).
    public init?(composed: String, query: FluxScript) {
        var composed = composed
        var source = query.source
        // The record's other properties may hold line breaks (a string literal written over
        // lines): the `option task` statement then spans more than one line.
        let recordBreaks = query.extraOptions.reduce(0) { $0 + $1.value.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
        guard let found = composed.withUTF8({ c in source.withUTF8 { q in Self.locate(composed: c, query: q, recordBreaks: recordBreaks) } }) else {
            return nil
        }
        (bodyLine, queryLine, queryColumn, bodyLines) = found
    }

    /// The query position of `line:column` of the composed script; nil outside the body.
    public func queryPosition(line: Int, column: Int) -> (line: Int, column: Int)? {
        // (The line after the body's last is the composed script's end: a position there, e.g.
        // "found end of script", maps too.)
        guard line >= bodyLine, line <= bodyLine + bodyLines else { return nil }
        return line == bodyLine ? (queryLine, queryColumn + column - 1) : (queryLine + line - bodyLine, column)
    }

    private static func locate(composed c: UnsafeBufferPointer<UInt8>, query q: UnsafeBufferPointer<UInt8>, recordBreaks: Int) -> (Int, Int, Int, Int)? {
        // The first line that starts with `option task = {`; the body starts two lines below.
        let marker = Array("option task = {".utf8)
        var lineStart = 0
        var lineNumber = 1
        var optionLine: Int?
        while lineStart < c.count {
            if c.count - lineStart >= marker.count, UnsafeBufferPointer(rebasing: c[lineStart..<(lineStart + marker.count)]).elementsEqual(marker) {
                optionLine = lineNumber
                break
            }
            guard let end = c[lineStart...].firstIndex(of: 10) else { return nil }
            lineStart = end + 1
            lineNumber += 1
        }
        guard let optionLine else { return nil }
        // Skip the option statement's lines and the blank line after it.
        var start = lineStart
        for _ in 0..<(2 + recordBreaks) {
            guard let end = c[start...].firstIndex(of: 10) else { return nil }
            start = end + 1
        }
        var end = c.count
        if end > start, c[end - 1] == 10 { end -= 1 }
        let body = UnsafeBufferPointer(rebasing: c[start..<end])
        guard !body.isEmpty, body.count <= q.count else { return nil }
        // The last place the body occurs: it follows the imports and any record.
        var offset = q.count - body.count
        while offset >= 0 {
            if q[offset] == body[0], UnsafeBufferPointer(rebasing: q[offset..<(offset + body.count)]).elementsEqual(body) { break }
            offset -= 1
        }
        guard offset >= 0 else { return nil }
        var queryLine = 1, queryColumn = 1
        for byte in q[..<offset] {
            if byte == 10 { queryLine += 1; queryColumn = 1 } else if byte & 0xC0 != 0x80 { queryColumn += 1 }
        }
        let bodyLines = body.reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
        return (optionLine + 2 + recordBreaks, queryLine, queryColumn, bodyLines)
    }
}
