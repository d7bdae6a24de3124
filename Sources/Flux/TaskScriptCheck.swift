/// Why InfluxDB would refuse a composed task script (the `option task` record followed by the
/// body, as `FluxScript.compose` writes it), found offline with the code the sandbox runs on
/// create and PATCH (`FluxParser`, then `InfluxTaskOptionsValidator`; influxdb-api.md §4.3, §22.4).
public struct TaskScriptRefusal: Error, Hashable, Sendable {
    /// What the body does to the record when Flux reads it as a continuation of the record's
    /// expression (a line break does not end an expression), e.g. `a call`; nil otherwise.
    public var continuation: String?
    /// What is wrong, without position (`expected an expression, found =>`, or for a
    /// continuation: "the query starts with `(`, which InfluxDB reads as continuing …").
    public var message: String
    /// 1-based line in the composed script.
    public var line: Int
    /// 1-based column (Unicode scalars) in that line.
    public var column: Int
    /// The server's answer: `invalid options: loc 3:5-3:6: expected an expression, found =>`.
    public var serverMessage: String
    /// True when the script is past what influxsync reads (`FluxError.isReaderLimit`): the
    /// refusal is influxsync's, not a prediction of the server's answer.
    public var isReaderLimit = false
}

/// The offline twin of the server's create check (influxdb-api.md §4.3, §22.4).
public enum TaskScriptCheck {
    /// Checks `script` as InfluxDB's task create does (one parse), and says when the refusal
    /// comes from the body continuing the `option task` record.
    /// - Returns: nil when the server would accept the script's syntax and options.
    public static func check(_ script: String) -> TaskScriptRefusal? {
        let syntax: Result<FluxFile, FluxError>
        do throws(FluxError) { syntax = .success(try FluxParser.parse(script)) } catch { syntax = .failure(error) }
        return check(script, syntax: syntax)
    }

    /// `check(_:)` on the script's syntax tree read already (`FluxScriptReading.syntax`, or
    /// `FluxParser.parse(script)`), so a caller that reads the script anyway does not parse it
    /// twice. `script` is read again only to explain a refusal.
    public static func check(_ script: String, syntax: Result<FluxFile, FluxError>) -> TaskScriptRefusal? {
        do {
            let file = try syntax.get()
            do {
                _ = try InfluxTaskOptionsValidator.validate(file)
                return nil
            } catch {
                if let refusal = continuation(script, serverMessage: error.message) { return refusal }
                let at = file.body.first { if case .option(let target, _) = $0.kind { return target == "task" } else { return false } }
                let token = at.map { file.tokens[$0.firstToken] }
                return TaskScriptRefusal(
                    continuation: nil, message: String(error.message.dropFirst(error.message.hasPrefix("invalid options: ") ? 17 : 0)),
                    line: token?.line ?? 1, column: token?.column ?? 1, serverMessage: error.message)
            }
        } catch {
            let server = InfluxTaskOptionsValidator.syntaxError(error).message
            if let refusal = continuation(script, serverMessage: server) { return refusal }
            var refusal = TaskScriptRefusal(continuation: nil, message: error.message, line: error.line, column: error.column, serverMessage: server)
            refusal.isReaderLimit = error.isReaderLimit
            return refusal
        }
    }

    /// The refusal when the first code token after the top-level `option task = {…}` record
    /// extends the record's expression: `(` (a call), `[` (an index), `.` (a member), or a
    /// binary operator (`/` divides there: it never starts a regular expression after `}`).
    static func continuation(_ script: String, serverMessage: String) -> TaskScriptRefusal? {
        guard let tokens = try? FluxLexer.tokens(script) else { return nil }
        let code = tokens.filter { $0.kind != .comment }
        var k = 0
        var depth = 0
        while k + 3 < code.count {
            let t = code[k]
            if t.isOpeningBracket { depth += 1 }
            if t.isClosingBracket { depth -= 1 }
            if depth == 0, t.isKeyword("option"), code[k + 1].kind == .identifier, code[k + 1].text == "task",
                code[k + 2].is("="), code[k + 3].is("{")
            {
                break
            }
            k += 1
        }
        guard k + 3 < code.count else { return nil }
        // The record's closing brace.
        var j = k + 3
        depth = 0
        repeat {
            if code[j].isOpeningBracket { depth += 1 }
            if code[j].isClosingBracket { depth -= 1 }
            j += 1
        } while depth > 0 && j < code.count
        guard depth == 0, j < code.count, let reading = reading(of: code[j]) else { return nil }
        let next = code[j]
        let what =
            next.text == "/"
            ? "the query starts with `/`, which InfluxDB reads after the `option task` record as \(reading), not as a regular expression"
            : "the query starts with `\(next.text)`, which InfluxDB reads as continuing the `option task` record above it: \(reading)"
        return TaskScriptRefusal(continuation: reading, message: what, line: next.line, column: next.column, serverMessage: serverMessage)
    }

    /// How Flux's parser reads `token` right after an operand; nil when it ends the expression.
    static func reading(of token: FluxToken) -> String? {
        switch (token.kind, token.text) {
        case (.punctuation, "("): return "a call of the record"
        case (.punctuation, "["): return "an index into the record"
        case (.punctuation, "."): return "a member of the record"
        case (.operator, "/"): return "a division"
        case (.operator, "+"): return "an addition"
        case (.operator, "-"): return "a subtraction"
        case (.operator, "*"): return "a multiplication"
        case (.operator, "%"): return "a remainder"
        case (.operator, "^"): return "a power"
        case (.operator, "|>"): return "a pipe"
        case (.operator, "=="), (.operator, "!="), (.operator, "<"), (.operator, "<="), (.operator, ">"), (.operator, ">="),
            (.operator, "=~"), (.operator, "!~"):
            return "a comparison"
        case (.keyword, "and"), (.keyword, "or"): return "a logical `\(token.text)`"
        default: return nil
        }
    }
}
