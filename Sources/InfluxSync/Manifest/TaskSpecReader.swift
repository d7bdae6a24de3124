import Flux
import InfluxAPI
import Yams

/// Reads the `spec` of a `kind: Task` document into a `TaskDocument`.
///
/// Options come from `spec` (`name`, `every` | `cron`, `offset`) and, when the query holds an
/// `option task` record, from that record: the record fills in what `spec` leaves unset, and a
/// value set in both places must agree (by value: `1h` = `60m`) or it is an error naming both.
/// With `v2alpha2`, `spec.task` entries (`key`/`type`/`default`, keys `name`, `every`, `offset`,
/// overridable by `--env-ref tasks[<metadata.name>].spec.task.<key>=…`) override the query's
/// record, as InfluxDB's template engine does; `spec.params` entries (and `--env-ref
/// tasks[<metadata.name>].spec.params.<key>=…`) are written into the query's `option params`
/// record (`TemplateParamsReader`).
/// The name defaults to `metadata.name`.
struct TaskSpecReader {
    let reader: ManifestNodeReader
    private var rules: TaskScheduleRules { TaskScheduleRules(reader: reader) }

    /// Options written in the query (its `option task` record, after `spec.task` overrides).
    private struct QueryOptions {
        var name: String?
        var schedule: TaskSchedule?
        var offset: FluxDuration?
        var concurrency: Int?
        var retry: Int?
        /// Where the record (or the overriding `spec.task` entry) is written.
        var location: SourceLocation
        /// Options set by a `spec.task` entry (`name`, `schedule`, `offset`): the entry's path
        /// (or the `--env-ref` that set it) and where it is written, so a conflict names it
        /// instead of the query's record.
        var overrides: [String: (origin: String, location: SourceLocation)] = [:]

        /// Where `property` comes from, as a conflict message names it.
        func origin(of property: String) -> (text: String, location: SourceLocation) {
            if let override = overrides[property] { return (override.origin, override.location) }
            return ("the query's `option task`", location)
        }
    }

    /// The task, or nil when there is no usable `metadata.name` (errors are still reported).
    func read(spec: Node?, specKeyLocation: SourceLocation?, key: Located<String>?, apiVersion: String, documentLocation: SourceLocation) -> TaskDocument? {
        guard let spec, !ManifestNodeReader.isNull(spec) else {
            reader.error(specKeyLocation ?? documentLocation, field: "spec", "Task document has no spec",
                         hint: "add `spec:` with `every` (or `cron`) and `query`")
            return nil
        }
        let isV2 = apiVersion == ManifestVocabulary.apiVersion2
        let allowed = ManifestVocabulary.taskSpecFields + (isV2 ? ManifestVocabulary.taskSpecFieldsV2 : [])
        guard let fields = reader.entries(of: spec, path: "spec", what: "Task spec", allowed: allowed, hintForUnknown: { name in
            ManifestVocabulary.taskSpecFieldsV2.contains(name) ? "`spec.\(name)` needs `apiVersion: \(ManifestVocabulary.apiVersion2)`" : nil
        }) else { return nil }
        let specLocation = reader.location(spec)
        func scalar(_ name: String) -> ScalarField? {
            reader.scalar(fields[name]?.value, path: "spec.\(name)", what: "spec.\(name)")
        }

        // Schedule fields written in spec.
        let everyField = scalar("every"), cronField = scalar("cron"), offsetField = scalar("offset")
        var scheduleOK = true
        var specSchedule: (TaskSchedule, ScalarField)?
        if let everyField, let cronField {
            reader.error(cronField.location, field: "spec.cron", "Task has both `every` and `cron`",
                         hint: "keep one: `every` runs at a fixed interval, `cron` on a calendar schedule")
            scheduleOK = false
            _ = rules.every(everyField)
            _ = rules.cron(cronField)
        } else if let everyField {
            if let every = rules.every(everyField) { specSchedule = (.every(every), everyField) } else { scheduleOK = false }
        } else if let cronField {
            if let cron = rules.cron(cronField) { specSchedule = (.cron(cron), cronField) } else { scheduleOK = false }
        }
        var specOffset: (FluxDuration, ScalarField)?
        if let offsetField {
            if let offset = rules.offset(offsetField) { specOffset = (offset, offsetField) } else { scheduleOK = false }
        }

        // A Cloud script task: spec.scriptID (+ spec.scriptParameters) instead of a query.
        let scriptIDField = scalar("scriptID")
        let scriptParameters = readScriptParameters(fields["scriptParameters"], hasScriptID: scriptIDField != nil)
        if let scriptIDField {
            if !Self.isID(scriptIDField.value) {
                reader.error(scriptIDField.location, field: "spec.scriptID", "scriptID \(scriptIDField.value.quoted) is not an ID (16 lowercase hex digits)",
                             hint: "copy the invokable script's ID from InfluxDB Cloud (Scripts, or GET /api/v2/scripts)")
            }
            if let queryEntry = fields["query"] {
                reader.error(reader.location(queryEntry.keyNode), field: "spec.query", "Task has both `scriptID` and `query`",
                             hint: "a script task runs its stored script: remove `query`, or remove `scriptID` and `scriptParameters` to run the Flux query")
            }
        }

        // The query and its own option task record.
        var queryText = ""
        var parsed: FluxScript?
        var references: [ScriptReference] = []
        let queryField = scalar("query")
        if let queryField, !queryField.value.trimmingWhitespace().isEmpty {
            // v2alpha2 `spec.params` and `--env-ref …spec.params.<key>` are written into the
            // query's `option params` record first, as `influx apply` does.
            queryText = TemplateParamsReader(reader: reader).apply(isV2 ? fields["params"] : nil, key: key, query: queryField) ?? queryField.value
            do throws(FluxError) {
                parsed = try FluxScript(parsing: queryText)
            } catch {
                reader.error(reader.location(inside: queryField, line: error.line, column: error.column), field: "spec.query",
                             "invalid Flux in query: \(error.message)", hint: "fix the query at this position")
            }
            if parsed != nil {
                references = reader.checkScript(queryField.value, task: key?.value ?? "", field: "spec.query") { reader.location(inside: queryField, line: $0, column: $1) }
            }
        } else if scriptIDField == nil && (queryField != nil || fields["query"] == nil || ManifestNodeReader.isNull(fields["query"]!.value)) {
            // (A query that could not be read, e.g. an envRef without value, was reported already.)
            reader.error(fields["query"].map { reader.location($0.keyNode) } ?? specLocation, field: "spec.query",
                         "Task has no query", hint: "add the Flux script: `query: |-` followed by the indented script")
        }
        var queryOptions = parsed?.options.map { record in
            QueryOptions(name: record.name, schedule: record.schedule, offset: record.offset, concurrency: record.concurrency,
                         retry: record.retry, location: recordLocation(in: queryField!))
        }
        if isV2 {
            if let entry = fields["task"] {
                applyTaskParameters(entry, key: key, to: &queryOptions, scheduleOK: &scheduleOK, fallback: specLocation)
            }
        }

        // Merge: spec and query must agree where both speak.
        let specName = scalar("name")
        var name: Located<String>?
        if let specName {
            name = Located(value: specName.value, location: specName.location, field: "spec.name")
            if let other = queryOptions?.name, other != specName.value {
                conflict(specName, "name \(other.quoted)", queryOptions!.origin(of: "name"))
            }
        } else if let other = queryOptions?.name {
            name = Located(value: other, location: queryOptions!.origin(of: "name").location, field: "spec.query")
        } else if let key {
            name = key
        }
        if let checked = name, !checkTaskName(checked) { name = nil }

        var schedule = specSchedule?.0
        if let specSchedule, let other = queryOptions?.schedule, other != specSchedule.0 {
            conflict(specSchedule.1, Self.describe(other), queryOptions!.origin(of: "schedule"))
            scheduleOK = false
        }
        if schedule == nil { schedule = queryOptions?.schedule }
        // A misspelled `every`/`cron` was already reported as an unknown field; do not pile on.
        let misspelledSchedule = (spec.mapping ?? [:]).contains { pair in
            guard let name = pair.key.scalar?.string, !allowed.contains(name) else { return false }
            return ["every", "cron"].contains(EditDistance.suggestion(for: name, among: allowed) ?? "")
        }
        if schedule == nil && everyField == nil && cronField == nil && !misspelledSchedule {
            reader.error(specLocation, field: "spec.every", "Task has neither `every` nor `cron`",
                         hint: "add `every: 1h` (a fixed interval) or `cron: \"0 * * * *\"` (a calendar schedule)")
        }
        var offset = specOffset?.0
        if let specOffset, let other = queryOptions?.offset, other != specOffset.0 {
            conflict(specOffset.1, "offset: \(other)", queryOptions!.origin(of: "offset"))
            scheduleOK = false
        }
        if offset == nil { offset = queryOptions?.offset }

        let status = readStatus(scalar("status"))
        let description = scalar("description")?.value
        let specConcurrency = readCount(scalar("concurrency"))
        let specRetry = readCount(scalar("retry"))
        if let (value, field) = specConcurrency, let other = queryOptions?.concurrency, other != value {
            conflict(field, "concurrency: \(other)", queryOptions!.origin(of: "concurrency"))
            scheduleOK = false
        }
        if let (value, field) = specRetry, let other = queryOptions?.retry, other != value {
            conflict(field, "retry: \(other)", queryOptions!.origin(of: "retry"))
            scheduleOK = false
        }
        let pinnedID = readID(scalar("id"))
        let previousNames = reader.previousNames(fields["previousNames"])
        let associations = readAssociations(fields["associations"])

        var options: TaskOptions?
        var query = queryText
        var script: String?
        if let name, let schedule, scheduleOK {
            let resolved = TaskOptions(name: name.value, schedule: schedule, offset: offset,
                                       concurrency: specConcurrency?.0 ?? queryOptions?.concurrency,
                                       retry: specRetry?.0 ?? queryOptions?.retry)
            // Values from the query's record have not been checked against InfluxDB's limits yet;
            // nor have spec.concurrency and spec.retry.
            let fromQuery: Set<String> = Set((specConcurrency == nil ? ["concurrency"] : []) + (specRetry == nil ? ["retry"] : [])
                + (specSchedule == nil ? ["every", "cron"] : []) + (specOffset == nil ? ["offset"] : []))
            let fromSpec: [String: ScalarField] = [
                "concurrency": specConcurrency?.1, "retry": specRetry?.1,
            ].compactMapValues { $0 }
            let violations = TaskOptionLimits.violations(of: resolved).filter { fromQuery.contains($0.property) || fromSpec[$0.property] != nil }
            for violation in violations {
                if let field = fromSpec[violation.property] {
                    reader.error(field.location, field: field.field, violation.message, hint: "write a whole number from 1 to 100")
                } else {
                    reader.error(queryOptions?.location ?? specLocation, field: "spec.query",
                                 "the query's `option task`: \(violation.message)", hint: "fix the value in the query's `option task` record")
                }
            }
            options = violations.isEmpty ? resolved : nil
            for warning in ScheduleWarnings.warnings(for: resolved) where violations.isEmpty {
                let field: ScalarField? = warning.option == "offset" ? specOffset?.1 : specSchedule?.1
                reader.warning(field?.location ?? queryOptions?.location ?? specLocation, field: field?.field ?? "spec.query",
                               warning.message, hint: warning.hint)
            }
            if violations.isEmpty, let parsed, let queryField, let found = ScheduleWarnings.cronLocation(options: resolved, script: parsed) {
                reader.warning(reader.location(inside: queryField, line: found.line, column: found.column), field: "spec.query",
                               found.warning.message, hint: found.warning.hint)
            }
            if scriptIDField != nil { script = "" }
            if let parsed, violations.isEmpty {
                if parsed.options != nil { query = Self.queryWithoutOptions(parsed) }
                do throws(FluxError) {
                    // From the query as parsed above: the query is scanned once per load.
                    script = try FluxScript.compose(options: resolved, replacingOptionsOf: parsed)
                    if let composed = script, let queryField { checkComposed(composed, query: parsed, field: queryField) }
                } catch {
                    reader.error(queryField?.location ?? specLocation, field: "spec.query",
                                 "cannot compose the task script: \(error.message)", hint: "fix the query or the task options")
                }
            }
        }
        guard let key else { return nil }
        var document = TaskDocument(
            key: key, options: options, nameLocation: name?.location ?? key.location, query: query, script: script,
            description: description?.isEmpty == true ? nil : description, status: status ?? .active,
            associations: associations, pinnedID: pinnedID, previousNames: previousNames, location: documentLocation)
        document.scriptID = scriptIDField?.value
        document.scriptParameters = scriptIDField == nil ? nil : scriptParameters
        document.references = references
        return document
    }

    /// Reports what InfluxDB would refuse in the script we send (§4.3, §22.4): the composed
    /// script is parsed once, by the sandbox's code (`TaskScriptCheck`), at the query's
    /// `file:line:col` (the body's place in the YAML; the query's start for a position in the
    /// lines `compose` wrote).
    private func checkComposed(_ composed: String, query: FluxScript, field: ScalarField) {
        guard let refusal = TaskScriptCheck.check(composed) else { return }
        let location = FluxScript.queryPosition(line: refusal.line, column: refusal.column, inComposed: composed, query: query)
            .map { reader.location(inside: field, line: $0.line, column: $0.column) } ?? field.location
        if refusal.continuation != nil {
            reader.error(location, field: "spec.query", refusal.message,
                         hint: "a line break does not end a Flux expression: bind the expression to a name (`x = (…)`), or start the query with an import or another statement")
        } else {
            reader.error(location, field: "spec.query", "invalid Flux in query: \(refusal.message)",
                         hint: "InfluxDB refuses the script we would send (`\(refusal.serverMessage)`); fix the query at this position")
        }
    }

    /// True for 16 lowercase hex digits.
    static func isID(_ text: String) -> Bool {
        text.utf8.count == 16 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// `spec.scriptParameters`: a mapping of names to strings, numbers, booleans or null.
    private func readScriptParameters(_ entry: MappingEntry?, hasScriptID: Bool) -> [String: ScriptParameterValue]? {
        guard let entry, !ManifestNodeReader.isNull(entry.value) else { return nil }
        if !hasScriptID {
            reader.error(reader.location(entry.keyNode), field: "spec.scriptParameters", "`scriptParameters` without `scriptID`",
                         hint: "add `scriptID:` with the invokable script's ID, or remove `scriptParameters`")
            return nil
        }
        guard let mapping = entry.value.mapping else {
            reader.error(reader.location(entry.value), field: "spec.scriptParameters", "`scriptParameters` must be a mapping of names to values",
                         hint: "write one `name: value` per line under `scriptParameters:`")
            return nil
        }
        var out: [String: ScriptParameterValue] = [:]
        for (keyNode, valueNode) in mapping {
            guard let name = keyNode.string else { continue }
            guard case .scalar(let scalar) = valueNode else {
                reader.error(reader.location(valueNode), field: "spec.scriptParameters.\(name)", "script parameter \(name.quoted) must be a string, number, boolean or null",
                             hint: "write a single value, e.g. `\(name): \"text\"`")
                continue
            }
            // Documents are parsed with the `.basic` resolver (plain scalars are strings), so a
            // plain value is resolved here with YAML's usual rules: true/false, numbers, text.
            let resolved = Node.scalar(Node.Scalar(scalar.string, Tag(.implicit, .default, .default), .plain))
            if ManifestNodeReader.isNull(valueNode) { out[name] = .null
            } else if scalar.style == .plain, let b = resolved.bool { out[name] = .bool(b)
            } else if scalar.style == .plain, let i = resolved.int { out[name] = .number(Double(i))
            } else if scalar.style == .plain, let d = resolved.float { out[name] = .number(d)
            } else { out[name] = .string(scalar.string) }
        }
        return out
    }

    /// The query without its `option task` record: a comment header above the imports, the
    /// imports, a blank line, the body (`FluxScript.textWithoutOptions`).
    static func queryWithoutOptions(_ script: FluxScript) -> String { script.textWithoutOptions }

    static func describe(_ schedule: TaskSchedule) -> String {
        switch schedule {
        case .every(let every): return "every: \(every)"
        case .cron(let cron): return "cron: \"\(cron)\""
        }
    }

    /// `spec.every "2h" conflicts with `every: 1h` in <origin> at L:C`, naming where the other
    /// value is written: the query's `option task`, a `spec.task` entry or an `--env-ref`.
    private func conflict(_ field: ScalarField, _ other: String, _ origin: (text: String, location: SourceLocation)) {
        let place = origin.text.hasPrefix("the query") ? "the query's `option task` record" : origin.text
        reader.error(field.location, field: field.field,
                     "\(field.field) \(field.value.quoted) conflicts with `\(other)` in \(origin.text) at \(origin.location.line):\(origin.location.column)",
                     hint: "set the value in one place only: remove it from \(place) or from \(field.field)")
    }

    /// Where the query's `option task` statement starts (first line that begins with it).
    private func recordLocation(in query: ScalarField) -> SourceLocation {
        let lines = query.value.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.count >= 2, words[0] == "option", words[1].hasPrefix("task") {
                let column = line.prefix { $0 == " " || $0 == "\t" }.unicodeScalars.count + 1
                return reader.location(inside: query, line: index + 1, column: column)
            }
        }
        return query.location
    }

    /// Name rules: not empty, no line break; surrounding whitespace is kept (InfluxDB keeps task
    /// names as written) but warned about.
    private func checkTaskName(_ name: Located<String>) -> Bool {
        if name.value.trimmingWhitespace().isEmpty {
            reader.error(name.location, field: name.field, "task name is empty", hint: "give the task a name in spec.name")
            return false
        }
        if name.value.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            reader.error(name.location, field: name.field, "task name contains a line break",
                         hint: "write the name on one line; Flux string literals in `option task` cannot hold a line break here")
            return false
        }
        if name.value.trimmingWhitespace() != name.value {
            reader.warning(name.location, field: name.field,
                           "task name \(name.value.quoted) has leading or trailing whitespace; InfluxDB keeps it as written",
                           hint: "keep it only if the live task's name has the same whitespace")
        }
        return true
    }

    private func readStatus(_ field: ScalarField?) -> TaskStatus? {
        guard let field else { return nil }
        if let status = TaskStatus(rawValue: field.value.trimmingWhitespace().lowercased()) { return status }
        reader.error(field.location, field: "spec.status", "invalid status \(field.value.quoted)", hint: "use `active` or `inactive`")
        return nil
    }

    /// `spec.concurrency` / `spec.retry`: a whole number (its limits are checked with the other options).
    private func readCount(_ field: ScalarField?) -> (Int, ScalarField)? {
        guard let field else { return nil }
        guard let value = Int(field.value.trimmingWhitespace()) else {
            reader.error(field.location, field: field.field, "\(field.field) must be a whole number, found \(field.value.quoted)",
                         hint: "write a number, e.g. `\(field.field.dropFirst(5)): 2`")
            return nil
        }
        return (value, field)
    }

    private func readID(_ field: ScalarField?) -> Located<String>? {
        guard let field else { return nil }
        let scalars = Array(field.value.unicodeScalars)
        guard scalars.count == 16, scalars.allSatisfy({ $0.properties.isASCIIHexDigit }), scalars.contains(where: { $0 != "0" }) else {
            reader.error(field.location, field: "spec.id", "invalid task ID \(field.value.quoted)",
                         hint: "a task ID is 16 hexadecimal characters, as `influx task list` shows it")
            return nil
        }
        return Located(value: field.value.lowercased(), location: field.location, field: "spec.id")
    }

    private func readAssociations(_ entry: MappingEntry?) -> [Located<String>] {
        guard let entry, !ManifestNodeReader.isNull(entry.value) else { return [] }
        guard let sequence = entry.value.sequence else {
            reader.error(reader.location(entry.value), field: "spec.associations", "associations must be a list",
                         hint: "write `- kind: Label` and `name: <label metadata.name>` entries")
            return []
        }
        var result: [Located<String>] = []
        for (index, node) in sequence.enumerated() {
            let path = "spec.associations[\(index)]"
            guard let fields = reader.entries(of: node, path: path, what: "association", allowed: ManifestVocabulary.associationFields) else { continue }
            guard let kind = reader.scalar(fields["kind"]?.value, path: path + ".kind", what: "kind") else {
                reader.error(reader.location(node), field: path + ".kind", "association has no `kind`", hint: "add `kind: Label`")
                continue
            }
            guard kind.value.trimmingWhitespace().lowercased() == "label" else {
                reader.error(kind.location, field: path + ".kind", "a task can only be associated with labels, not \(kind.value.quoted)",
                             hint: "use `kind: Label`, or remove this association")
                continue
            }
            guard let name = reader.scalar(fields["name"]?.value, path: path + ".name", what: "name"), !name.value.trimmingWhitespace().isEmpty else {
                reader.error(reader.location(node), field: path + ".name", "association has no `name`",
                             hint: "name the label by its metadata.name")
                continue
            }
            result.append(Located(value: name.value.trimmingWhitespace(), location: name.location, field: path + ".name"))
        }
        return result
    }

    /// Applies `spec.task` entries (v2alpha2) over the query's record.
    private func applyTaskParameters(_ entry: MappingEntry, key: Located<String>?, to options: inout QueryOptions?, scheduleOK: inout Bool, fallback: SourceLocation) {
        guard let sequence = entry.value.sequence else {
            reader.error(reader.location(entry.value), field: "spec.task", "spec.task must be a list of `key`/`type`/`default` entries",
                         hint: "write `- key: every` and `default: 1h` entries")
            return
        }
        for (index, node) in sequence.enumerated() {
            let path = "spec.task[\(index)]"
            guard let fields = reader.entries(of: node, path: path, what: "spec.task entry", allowed: ManifestVocabulary.templateParameterFields) else { continue }
            guard let parameter = reader.scalar(fields["key"]?.value, path: path + ".key", what: "key") else {
                reader.error(reader.location(node), field: path + ".key", "spec.task entry has no `key`", hint: "add `key: every` (or name, offset)")
                continue
            }
            guard ManifestVocabulary.taskParameterKeys.contains(parameter.value) else {
                reader.error(parameter.location, field: path + ".key", "unsupported spec.task key \(parameter.value.quoted)",
                             hint: "supported keys are `name`, `every` and `offset`; write other options in the query's `option task`")
                continue
            }
            let expectedType = parameter.value == "name" ? "string" : "duration"
            if let type = reader.scalar(fields["type"]?.value, path: path + ".type", what: "type"), type.value != expectedType {
                reader.error(type.location, field: path + ".type", "spec.task \(parameter.value.quoted) must have type \(expectedType.quoted)",
                             hint: "write `type: \(expectedType)`")
                continue
            }
            var value = reader.scalar(fields["default"]?.value, path: path + ".default", what: "default")
            var origin = "the `\(path)` entry"
            if let key, let override = reader.envRefs["tasks[\(key.value)].spec.task.\(parameter.value)"] {
                value = ScalarField(value: override, location: parameter.location, field: path + ".default", node: nil)
                origin = "`--env-ref tasks[\(key.value)].spec.task.\(parameter.value)` (for the `\(path)` entry)"
            }
            guard let value else {
                reader.error(reader.location(node), field: path + ".default", "spec.task \(parameter.value.quoted) has no default",
                             hint: "add `default:` or pass `--env-ref tasks[\(key?.value ?? "<name>")].spec.task.\(parameter.value)=<value>`")
                continue
            }
            var current = options ?? QueryOptions(location: value.location)
            current.overrides[parameter.value == "every" ? "schedule" : parameter.value] = (origin, value.location)
            switch parameter.value {
            case "name": current.name = value.value
            case "every":
                if let every = rules.every(value) { current.schedule = .every(every) } else { scheduleOK = false }
            default:
                if let offset = rules.offset(value) { current.offset = offset } else { scheduleOK = false }
            }
            options = current
        }
    }
}
