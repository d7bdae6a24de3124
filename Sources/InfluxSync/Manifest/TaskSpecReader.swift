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
    var rules: TaskScheduleRules { TaskScheduleRules(reader: reader) }

    /// Options written in the query (its `option task` record, after `spec.task` overrides).
    struct QueryOptions {
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
    func read(spec: YAMLNode?, specKeyLocation: SourceLocation?, key: Located<String>?, apiVersion: String, documentLocation: SourceLocation) -> TaskDocument? {
        guard let spec, !ManifestNodeReader.isNull(spec) else {
            reader.error(
                specKeyLocation ?? documentLocation, field: "spec", "Task document has no spec",
                hint: "add `spec:` with `every` (or `cron`) and `query`")
            return nil
        }
        let isV2 = apiVersion == ManifestVocabulary.apiVersion2
        let allowed = ManifestVocabulary.taskSpecFields + (isV2 ? ManifestVocabulary.taskSpecFieldsV2 : [])
        guard
            let fields = reader.entries(
                of: spec, path: "spec", what: "Task spec", allowed: allowed,
                hintForUnknown: { name in
                    ManifestVocabulary.taskSpecFieldsV2.contains(name) ? "`spec.\(name)` needs `apiVersion: \(ManifestVocabulary.apiVersion2)`" : nil
                })
        else { return nil }
        let specLocation = reader.location(spec)
        func scalar(_ name: String) -> ScalarField? {
            reader.scalar(fields[name]?.value, path: "spec.\(name)", what: "spec.\(name)")
        }

        var scheduleOK = true
        var written = readSpecSchedule(every: scalar("every"), cron: scalar("cron"), offset: scalar("offset"), ok: &scheduleOK)

        // A Cloud script task: spec.scriptID (+ spec.scriptParameters) instead of a query.
        let scriptIDField = scalar("scriptID")
        let scriptParameters = readScriptParameters(fields["scriptParameters"], hasScriptID: scriptIDField != nil)
        checkScriptID(scriptIDField, queryEntry: fields["query"])

        // The query and its own option task record (after v2alpha2 `spec.task` overrides).
        let queryField = scalar("query")
        let query = readQuery(
            queryField, entry: fields["query"], params: isV2 ? fields["params"] : nil, key: key,
            hasScriptID: scriptIDField != nil, specLocation: specLocation)
        let queryOptions = readQueryOptions(
            query.parsed, field: queryField, taskEntry: isV2 ? fields["task"] : nil, key: key,
            ok: &scheduleOK, specLocation: specLocation)

        // Merge: spec and query must agree where both speak.
        let name = resolveName(scalar("name"), queryOptions: queryOptions, key: key)
        let schedule = resolveSchedule(
            written, queryOptions: queryOptions, queryUnread: query.parsed == nil && !query.text.isEmpty && !query.deferred, spec: spec, allowed: allowed,
            specLocation: specLocation, ok: &scheduleOK)
        let offset = resolveOffset(written, queryOptions: queryOptions, ok: &scheduleOK)
        let status = readStatus(scalar("status"))
        let description = scalar("description")?.value
        written.concurrency = readCount(scalar("concurrency"))
        written.retry = readCount(scalar("retry"))
        checkCountConflicts(written, queryOptions: queryOptions, ok: &scheduleOK)
        let pinnedID = readID(scalar("id"))
        let previousNames = reader.previousNames(fields["previousNames"])
        let associations = readAssociations(fields["associations"])

        let resolved = resolveOptions(
            name: name, schedule: schedule, offset: offset, ok: scheduleOK, written: written, queryOptions: queryOptions,
            query: query, queryField: queryField, isScriptTask: scriptIDField != nil, specLocation: specLocation)
        let check = scriptCheck(
            query: query, field: queryField, key: key, composed: resolved.composed ? resolved.script : nil,
            composeWith: query.deferred && resolved.composed ? resolved.options : nil)
        guard let key else {
            // No task, but its script is still checked (`ScriptCheckJob`), as every other field is.
            if let check { reader.diagnostics(appendingAll: check.run().diagnostics) }
            return nil
        }
        var document = TaskDocument(
            key: key, options: resolved.options, nameLocation: name?.location ?? key.location, query: resolved.query, script: resolved.script,
            description: description?.isEmpty == true ? nil : description, status: status ?? .active,
            associations: associations, pinnedID: pinnedID, previousNames: previousNames, location: documentLocation)
        document.scriptID = scriptIDField?.value
        document.scriptParameters = scriptIDField == nil ? nil : scriptParameters
        document.scriptCheck = check.flatMap { job in reader.scriptChecks?.submit(job) }
        return document
    }

    /// `spec.scriptParameters`: a mapping of names to strings, numbers, booleans or null.
    private func readScriptParameters(_ entry: MappingEntry?, hasScriptID: Bool) -> [String: ScriptParameterValue]? {
        guard let entry, !ManifestNodeReader.isNull(entry.value) else { return nil }
        if !hasScriptID {
            reader.error(
                reader.location(entry.keyNode), field: "spec.scriptParameters", "`scriptParameters` without `scriptID`",
                hint: "add `scriptID:` with the invokable script's ID, or remove `scriptParameters`")
            return nil
        }
        guard let mapping = entry.value.mapping else {
            reader.error(
                reader.location(entry.value), field: "spec.scriptParameters", "`scriptParameters` must be a mapping of names to values",
                hint: "write one `name: value` per line under `scriptParameters:`")
            return nil
        }
        var out: [String: ScriptParameterValue] = [:]
        for (keyNode, valueNode) in mapping {
            guard let name = keyNode.string else { continue }
            guard case .scalar(let scalar) = valueNode else {
                reader.error(
                    reader.location(valueNode), field: "spec.scriptParameters.\(name)", "script parameter \(name.quoted) must be a string, number, boolean or null",
                    hint: "write a single value, e.g. `\(name): \"text\"`")
                continue
            }
            if ManifestNodeReader.isNull(valueNode) {
                out[name] = .null
            } else if scalar.style == .plain, let value = Self.plainParameterValue(scalar.string) {
                if case .number(let d) = value, !d.isFinite {
                    reader.error(
                        reader.location(valueNode), field: "spec.scriptParameters.\(name)",
                        "script parameter \(name.quoted) is \(scalar.string.quoted), not a finite number: JSON has no NaN or infinity",
                        hint: "quote it to send the text: `\(name): \"\(scalar.string)\"`")
                    continue
                }
                out[name] = value
            } else {
                out[name] = .string(scalar.string)
            }
        }
        return out
    }

    /// What a plain (unquoted) script parameter means besides text: `true`/`false` or a number
    /// (possibly not finite: `.nan`, `1e400`), by YAML's usual rules — documents are parsed
    /// with the `.basic` resolver, where every plain scalar is a string. Nil for text. The
    /// exporter quotes every string this reads as something else.
    static func plainParameterValue(_ text: String) -> ScriptParameterValue? {
        let resolved = Yams.Node.scalar(Yams.Node.Scalar(text, Tag(.implicit, .default, .default), .plain))
        if let b = resolved.bool { return .bool(b) }
        if let i = resolved.int { return .number(Double(i)) }
        if let d = resolved.float { return .number(d) }
        return nil
    }

    /// The query without its `option task` record: a comment header above the imports, the
    /// imports, a blank line, the body (`FluxScript.textWithoutOptions`).
    static func queryWithoutOptions(_ script: FluxScript) -> String { script.textWithoutOptions }

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
            reader.error(
                field.location, field: field.field, "\(field.field) must be a whole number, found \(field.value.quoted)",
                hint: "write a number, e.g. `\(field.field.dropFirst(5)): 2`")
            return nil
        }
        return (value, field)
    }

    private func readID(_ field: ScalarField?) -> Located<String>? {
        guard let field else { return nil }
        let scalars = Array(field.value.unicodeScalars)
        guard scalars.count == 16, scalars.allSatisfy({ $0.properties.isASCIIHexDigit }), scalars.contains(where: { $0 != "0" }) else {
            reader.error(
                field.location, field: "spec.id", "invalid task ID \(field.value.quoted)",
                hint: "a task ID is 16 hexadecimal characters, as `influx task list` shows it")
            return nil
        }
        return Located(value: field.value.lowercased(), location: field.location, field: "spec.id")
    }

    private func readAssociations(_ entry: MappingEntry?) -> [Located<String>] {
        guard let entry, !ManifestNodeReader.isNull(entry.value) else { return [] }
        guard let sequence = entry.value.sequence else {
            reader.error(
                reader.location(entry.value), field: "spec.associations", "associations must be a list",
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
                reader.error(
                    kind.location, field: path + ".kind", "a task can only be associated with labels, not \(kind.value.quoted)",
                    hint: "use `kind: Label`, or remove this association")
                continue
            }
            guard let name = reader.scalar(fields["name"]?.value, path: path + ".name", what: "name"), !name.value.trimmingWhitespace().isEmpty else {
                reader.error(
                    reader.location(node), field: path + ".name", "association has no `name`",
                    hint: "name the label by its metadata.name")
                continue
            }
            result.append(Located(value: name.value.trimmingWhitespace(), location: name.location, field: path + ".name"))
        }
        return result
    }

    /// Applies `spec.task` entries (v2alpha2) over the query's record.
    func applyTaskParameters(_ entry: MappingEntry, key: Located<String>?, to options: inout QueryOptions?, scheduleOK: inout Bool, fallback: SourceLocation) {
        guard let sequence = entry.value.sequence else {
            reader.error(
                reader.location(entry.value), field: "spec.task", "spec.task must be a list of `key`/`type`/`default` entries",
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
                reader.error(
                    parameter.location, field: path + ".key", "unsupported spec.task key \(parameter.value.quoted)",
                    hint: "supported keys are `name`, `every` and `offset`; write other options in the query's `option task`")
                continue
            }
            let expectedType = parameter.value == "name" ? "string" : "duration"
            if let type = reader.scalar(fields["type"]?.value, path: path + ".type", what: "type"), type.value != expectedType {
                reader.error(
                    type.location, field: path + ".type", "spec.task \(parameter.value.quoted) must have type \(expectedType.quoted)",
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
                reader.error(
                    reader.location(node), field: path + ".default", "spec.task \(parameter.value.quoted) has no default",
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
