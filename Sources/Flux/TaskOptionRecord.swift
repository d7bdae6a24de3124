/// The properties of an `option task = {…}` statement as written, before the checks that
/// need the whole record (name present, exactly one of every/cron). Positions are kept so
/// errors can point at the offending value.
struct TaskOptionRecord: Sendable {
    struct Located<Value: Sendable>: Sendable { var value: Value; var token: FluxToken }

    /// The `{` of the record.
    var open: FluxToken
    var name: Located<String>?
    var every: Located<FluxDuration>?
    var cron: Located<String>?
    var offset: Located<FluxDuration>?
    var concurrency: Located<Int>?
    var retry: Located<Int>?
    /// Keys other than the six task options, in source order: InfluxDB ignores them when it
    /// reads the options (influxdb-api.md §4.3), but the script keeps them and reads them at run
    /// time (`task.bucket`), so they are sent and compared like the body.
    var extras: [TaskOptionExtra] = []
    /// The names the values of `extras` use (`bucket: b` uses `b`), with their property's key.
    var extraNames: [(key: String, name: FluxToken)] = []
    /// Every property key in source order, with its key token.
    var keys: [Located<String>] = []

    /// Parses the tokens of a whole `option task = …` statement (comments excluded).
    init(statement: [FluxToken]) throws(FluxError) {
        // Slices of the statement's tokens throughout: no token is copied.
        let value = statement.dropFirst(3)
        guard let open = value.first, open.is("{"), let close = value.last, close.is("}"), Self.closingIndex(value) == value.endIndex - 1 else {
            let at = value.first ?? statement[2]
            throw FluxError("option task must be a record literal such as {name: \"example\", every: 1h}", line: at.line, column: at.column)
        }
        self.open = open
        let inner = value[(value.startIndex + 1)..<(value.endIndex - 1)]
        if inner.count >= 2, inner[inner.startIndex + 1].kind == .identifier, inner[inner.startIndex + 1].text == "with" {
            let first = inner[inner.startIndex]
            throw FluxError(
                "option task must be a plain record literal, not {\(first.text) with …}; option values must be literals", line: first.line, column: first.column)
        }
        var seen: Set<String> = []
        for property in Self.splitTopLevel(inner) where !property.isEmpty {
            let keyToken = property[property.startIndex]
            let key: String
            if keyToken.kind == .identifier {
                key = keyToken.text
            } else if keyToken.kind == .string, let text = FluxStringLiteral.value(of: keyToken.text) {
                key = text
            } else {
                throw FluxError("expected a property name in option task, found \(keyToken.text)", line: keyToken.line, column: keyToken.column)
            }
            let colon = property.startIndex + 1
            guard property.count >= 2, property[colon].is(":") else {
                throw FluxError("option task property `\(key)` has no value; option values must be literals", line: keyToken.line, column: keyToken.column)
            }
            let valueTokens = property.dropFirst(2)
            guard !valueTokens.isEmpty else {
                throw FluxError("option task property `\(key)` has no value; option values must be literals", line: property[colon].line, column: property[colon].column)
            }
            if !seen.insert(key).inserted, Self.knownKeys.contains(key) {
                throw FluxError("option task sets `\(key)` more than once", line: keyToken.line, column: keyToken.column)
            }
            if let next = Self.nextKey(in: valueTokens) {
                throw FluxError("option task property `\(key)` is not followed by a comma: write `,` before `\(next.text)`", line: next.line, column: next.column)
            }
            keys.append(Located(value: key, token: keyToken))
            try assign(key: key, valueTokens)
            if !Self.knownKeys.contains(key) {
                extras.append(TaskOptionExtra(key: key, keyText: keyToken.text, value: TaskOptionExtra.text(of: valueTokens)))
                extraNames += TaskOptionExtra.names(in: valueTokens).map { (key, $0) }
            }
        }
    }

    /// The key of a property written after `value` without a comma between them (`name: "a"
    /// every: 1h` reads as one value): a name or string followed by `:` outside brackets, past
    /// the value's first token. Nil when there is none.
    static func nextKey(in value: ArraySlice<FluxToken>) -> FluxToken? {
        var depth = 0
        for index in value.indices {
            let token = value[index]
            if token.isOpeningBracket { depth += 1 } else if token.isClosingBracket { depth -= 1 }
            guard depth == 0, index > value.startIndex, index + 1 < value.endIndex, token.kind == .identifier || token.kind == .string,
                value[index + 1].is(":")
            else { continue }
            return token
        }
        return nil
    }

    static let knownKeys: Set<String> = ["name", "every", "cron", "offset", "concurrency", "retry"]

    mutating func assign(key: String, _ value: ArraySlice<FluxToken>) throws(FluxError) {
        let tokens = Array(value)
        let first = tokens[0]
        func notLiteral(_ expected: String) -> FluxError {
            // The value as written, cut short: a long expression would fill the screen.
            var found = tokens.map(\.text).joined(separator: " ")
            if found.count > 60 { found = String(found.prefix(57)) + "…" }
            return FluxError(
                "option task `\(key)` must be \(expected), found \(found); option values must be literals", line: first.line,
                column: first.column)
        }
        switch key {
        case "name", "cron":
            guard tokens.count == 1, first.kind == .string else { throw notLiteral("a string literal") }
            guard !first.isInterpolated, let text = FluxStringLiteral.value(of: first.text) else { throw notLiteral("a string literal without ${…} interpolation") }
            if key == "name" { name = Located(value: text, token: first) } else { cron = Located(value: text, token: first) }
        case "every":
            if tokens.count == 2, first.is("-"), tokens[1].kind == .duration {
                throw FluxError("option task `every` must be positive, found -\(tokens[1].text)", line: first.line, column: first.column)
            }
            guard tokens.count == 1, first.kind == .duration else { throw notLiteral("a duration literal such as 1h") }
            let d = try Self.duration(first)
            guard d.isPositive else { throw FluxError("option task `every` must be positive, found \(first.text)", line: first.line, column: first.column) }
            every = Located(value: d, token: first)
        case "offset":
            if tokens.count == 2, first.is("-"), tokens[1].kind == .duration {
                offset = Located(value: -(try Self.duration(tokens[1])), token: first)
            } else if tokens.count == 1, first.kind == .duration {
                offset = Located(value: try Self.duration(first), token: first)
            } else {
                throw notLiteral("a duration literal such as 5m or -5m")
            }
        case "concurrency", "retry":
            guard tokens.count == 1, first.kind == .integer else { throw notLiteral("an integer literal") }
            guard let n = Int(first.text) else { throw FluxError("option task `\(key)` value \(first.text) is too large", line: first.line, column: first.column) }
            if key == "concurrency" { concurrency = Located(value: n, token: first) } else { retry = Located(value: n, token: first) }
        default:
            break
        }
    }

    static func duration(_ token: FluxToken) throws(FluxError) -> FluxDuration {
        do {
            return try FluxDuration(parsing: token.text)
        } catch {
            throw FluxError(error.message, line: token.line, column: token.column + error.column - 1)
        }
    }

    /// Index of the bracket closing `tokens[0]`.
    static func closingIndex(_ tokens: ArraySlice<FluxToken>) -> Int? {
        var depth = 0
        for index in tokens.indices where tokens[index].kind == .punctuation {
            if tokens[index].isOpeningBracket { depth += 1 }
            if tokens[index].isClosingBracket { depth -= 1; if depth == 0 { return index } }
        }
        return nil
    }

    /// Splits tokens at commas that are not inside brackets.
    static func splitTopLevel(_ tokens: ArraySlice<FluxToken>) -> [ArraySlice<FluxToken>] {
        var parts: [ArraySlice<FluxToken>] = []
        var depth = 0
        var start = tokens.startIndex
        for index in tokens.indices where tokens[index].kind == .punctuation {
            if tokens[index].isOpeningBracket { depth += 1 }
            if tokens[index].isClosingBracket { depth -= 1 }
            if depth == 0 && tokens[index].is(",") {
                parts.append(tokens[start..<index])
                start = index + 1
            }
        }
        parts.append(tokens[start..<tokens.endIndex])
        return parts
    }

    /// The full options, enforcing `name` and exactly one of `every`/`cron`.
    func taskOptions() throws(FluxError) -> TaskOptions {
        if let every, let cron {
            let later = every.token.range.lowerBound > cron.token.range.lowerBound ? every.token : cron.token
            throw FluxError("option task sets both `every` and `cron`; set exactly one", line: later.line, column: later.column)
        }
        guard let name else {
            throw FluxError("option task has no `name`", line: open.line, column: open.column)
        }
        let schedule: TaskSchedule
        if let every {
            schedule = .every(every.value)
        } else if let cron {
            schedule = .cron(cron.value)
        } else {
            throw FluxError("option task needs `every` or `cron`", line: open.line, column: open.column)
        }
        return TaskOptions(
            name: name.value, schedule: schedule, offset: offset?.value,
            concurrency: concurrency?.value, retry: retry?.value)
    }
}

/// A property of an `option task` record other than the six task options (`bucket: "raw"`),
/// which InfluxDB stores with the script and the script reads at run time (`task.bucket`).
/// Its value is kept as its tokens written on one line (`text(of:)`), comments left out: two
/// values are the same when their tokens are.
public struct TaskOptionExtra: Hashable, Sendable {
    /// The key (a string key's value, `"a b"` → `a b`).
    public var key: String
    /// The key as written: an identifier or a string literal.
    public var keyText: String
    /// The value's tokens on one line: `"raw"`, `[1, 2]`, `{a: 1}`, `-5m`, `duration(v: 1h)`.
    public var value: String

    /// Creates a property.
    public init(key: String, keyText: String, value: String) {
        self.key = key
        self.keyText = keyText
        self.value = value
    }

    /// The names `value` uses: identifiers that are not a member's name (`.b`) nor a record
    /// key (`b:`). `task.every` uses `task`.
    static func names(in tokens: ArraySlice<FluxToken>) -> [FluxToken] {
        tokens.indices.filter { index in
            let token = tokens[index]
            guard token.kind == .identifier else { return false }
            if index > tokens.startIndex, tokens[index - 1].is(".") { return false }
            if index + 1 < tokens.endIndex, tokens[index + 1].is(":") { return false }
            return true
        }.map { tokens[$0] }
    }

    /// `keyText: value`, as `compose` writes it.
    public var propertyText: String { "\(keyText): \(value)" }

    /// The tokens, without a comma before a closing bracket, joined by one space, except none
    /// before `,` `:` `.` and closing brackets,
    /// none after opening brackets and `.`, none after a sign that starts an operand, and none
    /// before the `(` of a call or the `[` of an index.
    static func text(of tokens: ArraySlice<FluxToken>) -> String {
        var out = ""
        for index in tokens.indices {
            let token = tokens[index]
            // A comma before a closing bracket is the formatter's (InfluxDB re-prints a record
            // spread over lines with one, §7.4): it does not count, as in the body.
            if token.is(","), index + 1 < tokens.endIndex, tokens[index + 1].isClosingBracket { continue }
            if index > tokens.startIndex {
                let previous = tokens[index - 1]
                let signStartsOperand = (previous.is("-") || previous.is("+")) && (index - 1 == tokens.startIndex || !tokens[index - 2].endsOperand)
                let tight =
                    token.isClosingBracket || token.is(",") || token.is(":") || token.is(".") || previous.isOpeningBracket || previous.is(".")
                    || signStartsOperand || ((token.is("(") || token.is("[")) && previous.endsOperand)
                if !tight { out += " " }
            }
            out += token.text
        }
        return out
    }
}
