import Flux

// The one seam between the sandbox and the Flux target (influxdb-api.md §4.3, §7.3–§7.4).
// Everything the server needs from Flux goes through `TaskOptionsAdapter`, so that when the Flux
// target publishes its server-side validator and script editor, only this file changes.
//
// Current state: built on `FluxScript(parsing:)` and `CronExpression.validate`. Known gaps
// until the Flux server-side API lands (tests that cover them fail honestly meanwhile):
// - error texts are the Flux target's mapped to InfluxDB's wording by prefix (`influxWording`);
//   lexical errors keep the Flux target's message after `loc l:c-l:c: `;
// - option-field PATCHes (script editing + reformatting) are not available: they answer 500.

/// A failure of task-script handling; the routes wrap it into InfluxDB's messages.
enum TaskScriptFailure: Error, Equatable {
    /// Option extraction failed; the detail goes after `invalid options: `.
    case invalidOptions(String)
    /// The script does not parse; `loc l:c-l:c: message`.
    case syntax(String)
    /// The script has no `option task` record to edit.
    case unableToEdit
    /// Any other message (duration parsing).
    case message(String)

    /// The text of the failure without InfluxDB's prefixes.
    var text: String {
        switch self {
        case .invalidOptions(let m): return "invalid options: \(m)"
        case .syntax(let m): return m
        case .unableToEdit: return "unable to edit option"
        case .message(let m): return m
        }
    }
}

/// The `option task` values of a script, as InfluxDB derives the task fields from them (§4.3).
struct ExtractedTaskOptions: Equatable, Sendable {
    var name: String
    /// The `every` duration as written (magnitude+unit pairs in source order).
    var every: String?
    var cron: String?
    /// The `offset` duration as written, with a leading `-` when negated.
    var offset: String?
    var concurrency: Int?
    var retry: Int?
}

/// The option edits of a PATCH (§7.3 A3).
struct TaskScriptEdits: Equatable, Sendable {
    /// An offset edit: set to a duration text, or remove the key.
    enum Offset: Equatable, Sendable {
        case set(String)
        case remove
    }

    var name: String?
    var every: String?
    var cron: String?
    var offset: Offset?

    /// True when nothing is to be edited (the script is then used verbatim).
    var isEmpty: Bool { name == nil && every == nil && cron == nil && offset == nil }
}

/// Task-script operations the sandbox needs from the Flux target.
enum TaskOptionsAdapter {
    /// Extracts and validates the `option task` record (§4.3 steps 1–6).
    /// - Throws: `.invalidOptions(detail)`; semantic failures carry a second
    ///   `invalid options: ` prefix and are joined with `", "` (§4.3 step 6).
    static func extract(from flux: String) throws(TaskScriptFailure) -> ExtractedTaskOptions {
        let script: FluxScript
        do { script = try FluxScript(parsing: flux) } catch {
            throw .invalidOptions(influxWording(error))
        }
        guard let options = script.options else { throw .invalidOptions("no task options defined") }
        let literals = optionLiterals(script.tokens)
        var extracted = ExtractedTaskOptions(name: options.name, concurrency: options.concurrency, retry: options.retry)
        var problems: [String] = []
        if options.name.isEmpty { problems.append("name required") }
        switch options.schedule {
        case .every(let every):
            extracted.every = literals["every"].flatMap { try? FluxDuration.serverEveryText(literal: $0) } ?? every.description
            let fixed = every.serverNanoseconds
            if every.isZero {
                problems.append("must specify exactly one of either cron or every")
            } else if fixed < 1_000_000_000 {
                problems.append("every option must be at least 1 second")
            } else if fixed % 1_000_000_000 != 0 {
                problems.append("every option must be expressible as whole seconds")
            }
        case .cron(let cron):
            extracted.cron = cron
            do { try CronExpression.validate(cron) } catch { problems.append("cron invalid: \(error.message)") }
        }
        if let offset = options.offset {
            if !offset.isZero {
                extracted.offset = literals["offset"].flatMap { try? FluxDuration.serverEveryText(literal: $0) } ?? offset.description
            }
            if offset.serverNanoseconds % 1_000_000_000 != 0 {
                problems.append("offset option must be expressible as whole seconds")
            }
        }
        if let c = options.concurrency {
            if c < 1 { problems.append("concurrency must be at least 1") }
            if c > 100 { problems.append("concurrency exceeded max of 100") }
        }
        if let r = options.retry {
            if r < 1 { problems.append("retry must be at least 1") }
            if r > 10 { problems.append("retry exceeded max of 10") }
        }
        if !problems.isEmpty { throw .invalidOptions("invalid options: " + problems.joined(separator: ", ")) }
        return extracted
    }

    /// The duration literals of `every` and `offset` in the `option task` record, as written
    /// (`-` kept for a negated offset).
    private static func optionLiterals(_ tokens: [FluxToken]) -> [String: String] {
        let code = tokens.filter { $0.kind != .comment }
        guard let start = code.indices.first(where: { i in
            i + 3 < code.count && code[i].isKeyword("option") && code[i + 1].text == "task" && code[i + 2].is("=") && code[i + 3].is("{")
        }) else { return [:] }
        var out: [String: String] = [:]
        var depth = 0
        var i = start + 3
        while i < code.count {
            let t = code[i]
            if t.isOpeningBracket { depth += 1 } else if t.isClosingBracket { depth -= 1; if depth == 0 { break } }
            if depth == 1, (t.text == "every" || t.text == "offset"), i + 2 < code.count, code[i + 1].is(":") {
                if code[i + 2].kind == .duration { out[t.text] = code[i + 2].text }
                else if code[i + 2].is("-"), i + 3 < code.count, code[i + 3].kind == .duration { out[t.text] = "-" + code[i + 3].text }
            }
            i += 1
        }
        return out
    }

    /// InfluxDB's words for the Flux target's record errors (§4.3 steps 1–5); lexical errors
    /// become `loc l:c-l:c: message`.
    private static func influxWording(_ error: FluxError) -> String {
        let m = error.message
        if m.hasPrefix("option task sets both `every` and `cron`") { return "cannot use both cron and every in task options" }
        if m.hasPrefix("option task has no `name`") { return "missing required option: name" }
        if m.hasPrefix("option task needs `every` or `cron`") { return "missing required option: cron or every" }
        if m.hasPrefix("more than one option task") { return "multiple task options defined" }
        if m.hasPrefix("option task must be a record literal") || m.hasPrefix("option task must be a plain record literal") {
            return "task option expected to be object literal, but found \"ObjectExpression\""
        }
        if m.hasPrefix("option task `every` must be positive, found -") { return "failed to parse field 'every' in task options" }
        if m.hasPrefix("option task `every` must be positive") { return "invalid options: must specify exactly one of either cron or every" }
        if m.hasPrefix("option task `"), let key = m.dropFirst("option task `".count).split(separator: "`").first {
            return "failed to parse field '\(key)' in task options"
        }
        if m.hasPrefix("option task property `"), let key = m.dropFirst("option task property `".count).split(separator: "`").first {
            return "failed to parse field '\(key)' in task options"
        }
        return "loc \(error.line):\(error.column)-\(error.line):\(error.column): \(m)"
    }

    /// Applies PATCH option edits to a base script (§7.3 A2–A6): parses it, and when `edits`
    /// is empty returns it verbatim; otherwise edits the record in place and re-prints the
    /// whole script with the Flux formatter (§7.4).
    /// - Throws: `.syntax` when the base script does not parse, `.unableToEdit` without an
    ///   `option task` record.
    static func apply(_ edits: TaskScriptEdits, to base: String) throws(TaskScriptFailure) -> String {
        do { _ = try FluxScript(parsing: base) } catch {
            // FluxScript also rejects bad option records; only lexical errors are syntax errors here.
            let wording = influxWording(error)
            if wording.hasPrefix("loc ") { throw .syntax(wording) }
        }
        if edits.isEmpty { return base }
        throw .message("editing option fields is not available yet in this sandbox build (needs the Flux script editor)")
    }

}
