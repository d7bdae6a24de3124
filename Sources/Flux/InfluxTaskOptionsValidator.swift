/// The task fields InfluxDB derives from a script's `option task` record (influxdb-api.md §3, §4.3).
public struct InfluxTaskFields: Hashable, Sendable {
    /// `name` as written in the string literal (escapes decoded).
    public var name: String
    /// `every` re-printed as the server does (magnitude+unit pairs in source order, `µs` → `us`);
    /// nil for a cron task.
    public var every: String?
    /// `cron` as written; nil for an every task.
    public var cron: String?
    /// `offset` normalised as the server prints it (`1m30s`, `-5m`); nil when absent or zero.
    public var offset: String?
    /// `concurrency`, default 1.
    public var concurrency: Int
    /// `retry`, default 1.
    public var retry: Int

    /// Creates the fields.
    public init(name: String, every: String? = nil, cron: String? = nil, offset: String? = nil, concurrency: Int = 1, retry: Int = 1) {
        self.name = name
        self.every = every
        self.cron = cron
        self.offset = offset
        self.concurrency = concurrency
        self.retry = retry
    }
}

/// Why InfluxDB refuses a task script's options, with the server's exact message.
public struct InfluxTaskOptionsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where the check failed, which decides the HTTP status (§4.2).
    public enum Stage: Hashable, Sendable {
        /// §4.3 option extraction: 400, code `invalid` (on PATCH: prefixed `failed to update task: `).
        case options
        /// §4.2 step 6: the offset is not a Go duration (`1d`): 500, code `internal error`.
        case offsetParse
    }
    /// Which check failed.
    public var stage: Stage
    /// The message as the server words it, e.g. `invalid options: no task options defined` or
    /// `unexpected error parsing time: time: unknown unit "d" in duration "1d"`.
    public var message: String

    /// Creates an error.
    public init(stage: Stage, message: String) {
        self.stage = stage
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// InfluxDB's own `option task` checks (influxdb-api.md §4.3, then §4.2 step 6), for the
/// sandbox. These differ from our manifest rules: unknown keys such as `delay` are ignored,
/// the first of duplicate keys wins, and `offset: 1d` passes option validation (it fails the
/// later Go duration parse instead).
public enum InfluxTaskOptionsValidator {
    /// Checks `script` in the server's order and returns the derived task fields.
    /// - Throws: `InfluxTaskOptionsError` with the exact server message:
    ///   `invalid options: loc <l>:<c>-<l>:<c>: <parser message>` (syntax; wording approximate),
    ///   `invalid options: multiple task options defined`, `invalid options: no task options defined`,
    ///   `invalid options: task option expected to be object literal, but found "ObjectExpression"`,
    ///   `invalid options: missing required option: name`,
    ///   `invalid options: cannot use both cron and every in task options`,
    ///   `invalid options: missing required option: cron or every`,
    ///   `invalid options: failed to parse field '<key>' in task options`, or
    ///   `invalid options: invalid options: <a>, <b>` for the semantic checks (`name required`,
    ///   `must specify exactly one of either cron or every`, `cron invalid: …`,
    ///   `every option must be at least 1 second`, `every option must be expressible as whole seconds`,
    ///   `offset option must be expressible as whole seconds`, `concurrency must be at least 1`,
    ///   `concurrency exceeded max of 100`, `retry must be at least 1`, `retry exceeded max of 10`);
    ///   stage `.offsetParse`: `unexpected error parsing time: time: unknown unit "d" in duration "1d"`.
    public static func validate(_ script: String) throws(InfluxTaskOptionsError) -> InfluxTaskFields {
        let file: FluxFile
        do { file = try FluxParser.parse(script) } catch {
            throw syntaxError(error)
        }
        return try validate(file)
    }

    /// The refusal of a script that does not parse: `invalid options: loc <l>:<c>-<l>:<c+1>: <message>`.
    public static func syntaxError(_ error: FluxError) -> InfluxTaskOptionsError {
        InfluxTaskOptionsError(stage: .options, message: "invalid options: loc \(error.line):\(error.column)-\(error.line):\(error.column + 1): \(error.message)")
    }

    /// Checks a script parsed already (`FluxParser.parse`), from step 2 of §4.3 on.
    /// - Throws: `InfluxTaskOptionsError` as `validate(_:)` does, except for syntax errors.
    public static func validate(_ file: FluxFile) throws(InfluxTaskOptionsError) -> InfluxTaskFields {
        func invalid(_ detail: String) -> InfluxTaskOptionsError {
            InfluxTaskOptionsError(stage: .options, message: "invalid options: " + detail)
        }
        let options = file.body.compactMap { statement -> FluxExpression? in
            if case .option(let target, let value) = statement.kind, target == "task" { return value }
            return nil
        }
        if options.count > 1 { throw invalid("multiple task options defined") }
        guard let value = options.first else { throw invalid("no task options defined") }
        guard case .record(let with, let properties, _) = value.kind, with == nil else {
            throw invalid("task option expected to be object literal, but found \"ObjectExpression\"")
        }
        var first: [String: FluxExpression] = [:]
        for p in properties {
            let key = FluxStringLiteral.value(of: p.key) ?? p.key
            if first[key] == nil, let v = p.value { first[key] = v }
        }
        func failed(_ key: String) -> InfluxTaskOptionsError { invalid("failed to parse field '\(key)' in task options") }

        guard let nameExpr = first["name"] else { throw invalid("missing required option: name") }
        guard let name = plainString(nameExpr) else { throw failed("name") }
        if first["cron"] != nil && first["every"] != nil { throw invalid("cannot use both cron and every in task options") }
        if first["cron"] == nil && first["every"] == nil { throw invalid("missing required option: cron or every") }
        var cron: String?
        var everyLiteral: String?
        if let c = first["cron"] {
            guard let text = plainString(c) else { throw failed("cron") }
            cron = text
        }
        if let e = first["every"] {
            guard case .literal(let t) = e.kind, t.kind == .duration else { throw failed("every") }
            everyLiteral = t.text
        }
        var offsetLiteral: String?
        if let o = first["offset"] {
            if case .literal(let t) = o.kind, t.kind == .duration {
                offsetLiteral = t.text
            } else if case .unary("-", let argument) = o.kind, case .literal(let t) = argument.kind, t.kind == .duration {
                offsetLiteral = "-" + t.text
            } else {
                throw failed("offset")
            }
        }
        var concurrency = 1, retry = 1
        for (key, target) in [("concurrency", 0), ("retry", 1)] {
            guard let v = first[key] else { continue }
            guard case .literal(let t) = v.kind, t.kind == .integer, let n = Int(t.text) else { throw failed(key) }
            if target == 0 { concurrency = n } else { retry = n }
        }

        var problems: [String] = []
        if name.isEmpty { problems.append("name required") }
        let everyNanos = everyLiteral.flatMap { try? FluxDuration.serverNanoseconds(literal: $0) } ?? 0
        if (everyNanos == 0) == ((cron ?? "").isEmpty) {
            problems.append("must specify exactly one of either cron or every")
        } else if let cron, !cron.isEmpty {
            if let problem = CronExpression.serverError(cron) { problems.append("cron invalid: \(problem)") }
        } else if everyNanos < 1_000_000_000 {
            problems.append("every option must be at least 1 second")
        } else if everyNanos % 1_000_000_000 != 0 {
            problems.append("every option must be expressible as whole seconds")
        }
        let offsetNanos = offsetLiteral.flatMap { try? FluxDuration.serverNanoseconds(literal: $0) } ?? 0
        if offsetNanos % 1_000_000_000 != 0 { problems.append("offset option must be expressible as whole seconds") }
        if concurrency < 1 { problems.append("concurrency must be at least 1") }
        if concurrency > 100 { problems.append("concurrency exceeded max of 100") }
        if retry < 1 { problems.append("retry must be at least 1") }
        if retry > 10 { problems.append("retry exceeded max of 10") }
        if !problems.isEmpty { throw invalid("invalid options: " + problems.joined(separator: ", ")) }

        var offset: String?
        if let offsetLiteral, offsetNanos != 0 {
            let printed = (try? FluxDuration.serverEveryText(literal: offsetLiteral)) ?? offsetLiteral
            if let problem = ServerDurationText.goParseError(printed) {
                throw InfluxTaskOptionsError(stage: .offsetParse, message: "unexpected error parsing time: \(problem)")
            }
            offset = FluxDuration.hms(offsetNanos)
        }
        return InfluxTaskFields(
            name: name,
            every: everyLiteral.flatMap { try? FluxDuration.serverEveryText(literal: $0) },
            cron: cron, offset: offset, concurrency: concurrency, retry: retry)
    }

    /// The value of a plain string literal (no interpolation).
    static func plainString(_ e: FluxExpression) -> String? {
        guard case .literal(let t) = e.kind, t.kind == .string, !t.isInterpolated else { return nil }
        return FluxStringLiteral.value(of: t.text)
    }
}
