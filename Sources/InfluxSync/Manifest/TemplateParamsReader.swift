import Flux
import Yams

/// `spec.params` of a `v2alpha2` Task, read the way `influx apply` reads it (InfluxDB's
/// template engine: the query's `option params` record and the `spec.params` entries become
/// parameters; each is written back into that record).
///
/// - Every property of the query's `option params = {…}` record is a parameter whose default
///   is its value. A `spec.params` entry (`key`, optional `type`, optional `default`) adds a
///   parameter or replaces a default (and type).
/// - `--env-ref tasks[<metadata.name>].spec.params.<key>=<value>` sets a parameter's value.
/// - Each parameter given by an entry or an `--env-ref` is written into the record: its value
///   replaced in place, or appended when the record lacks the key. The rest of the query is
///   left as written. The script reads them as `params.<key>`.
/// - Types: `string`, `int`, `float`, `bool`, `duration`, `time` (case-insensitive; also the
///   Flux literal names `StringLiteral` … `DateTimeLiteral`); without `type`, the type of the
///   record's literal. A `time` of `now()` is written as the call `now()`.
/// - A query without an `option params` record: `influx apply` writes the values nowhere, so
///   they reach no script; this is a warning naming `spec.params`.
struct TemplateParamsReader {
    let reader: ManifestNodeReader

    /// The types `influx apply` can write, by their lowercased spellings.
    static let types: [String: String] = [
        "string": "string", "stringliteral": "string", "int": "int", "integerliteral": "int",
        "float": "float", "floatliteral": "float", "bool": "bool", "booleanliteral": "bool",
        "duration": "duration", "durationliteral": "duration", "time": "time", "datetimeliteral": "time",
    ]

    /// One parameter to write into the record.
    struct Setting {
        var key: String
        var type: String?
        var value: ScalarField
        /// Where to report a bad value.
        var path: String
    }

    /// The query with the parameters written into its `option params` record; nil when
    /// nothing is to be written (no entries, no `--env-ref`), the query does not parse (that
    /// error is reported where the query is parsed), or a problem was reported.
    func apply(_ entry: MappingEntry?, key: Located<String>?, query: ScalarField) -> String? {
        let prefix = key.map { "tasks[\($0.value)].spec.params." }
        let envKeys = prefix.map { p in reader.envRefs.keys.filter { $0.hasPrefix(p) }.sorted() } ?? []
        guard entry != nil || !envKeys.isEmpty else { return nil }
        let source = FluxLexer.normalize(query.value)
        guard let file = try? FluxParser.parse(source) else { return nil }
        let record = Self.paramsRecord(in: file)
        let envSettings = envKeys.map { envKey in
            (envKey: envKey, name: String(envKey.dropFirst(prefix!.count)))
        }
        guard let parameters = readParameters(record: record, entry: entry, key: key, envSettings: envSettings, query: query) else { return nil }
        guard let record else {
            reader.warning(
                entry.map { reader.location($0.keyNode) } ?? query.location, field: "spec.params",
                "the query has no `option params` record, so the values of `spec.params` reach no script (influx apply writes them into that record)",
                hint: "add `option params = {\(parameters.order.first ?? "name"): …}` to the query and read the values as `params.<key>`")
            return nil
        }
        guard let literals = literals(of: parameters) else { return nil }
        return Self.splice(literals, order: parameters.order, into: record, of: file, source: source)
    }

    /// Reads the `spec.params` entries; false when one was reported as an error.
    func readEntries(
        _ entry: MappingEntry, key: Located<String>?, order: inout [String], types: inout [String: String],
        settings: inout [String: Setting]
    ) -> Bool {
        guard let sequence = entry.value.sequence else {
            reader.error(
                reader.location(entry.value), field: "spec.params", "spec.params must be a list of `key`/`type`/`default` entries",
                hint: "write `- key: bucket`, `type: string` and `default: telegraf` entries")
            return false
        }
        var ok = true
        for (index, node) in sequence.enumerated() {
            let path = "spec.params[\(index)]"
            guard let fields = reader.entries(of: node, path: path, what: "spec.params entry", allowed: ManifestVocabulary.templateParameterFields) else {
                ok = false
                continue
            }
            guard let name = reader.scalar(fields["key"]?.value, path: path + ".key", what: "key"), !name.value.trimmingWhitespace().isEmpty else {
                reader.error(
                    reader.location(node), field: path + ".key", "spec.params entry has no `key`",
                    hint: "add `key:` with the name the script reads as `params.<key>`")
                ok = false
                continue
            }
            guard Self.isIdentifier(name.value) else {
                reader.error(
                    name.location, field: path + ".key", "parameter key \(name.value.quoted) is not a Flux identifier",
                    hint: "use letters, digits and `_`, not starting with a digit, so the script can read `params.<key>`")
                ok = false
                continue
            }
            if !order.contains(name.value) { order.append(name.value) }
            var type: String?
            if let typeField = reader.scalar(fields["type"]?.value, path: path + ".type", what: "type") {
                guard let known = Self.types[typeField.value.trimmingWhitespace().lowercased()] else {
                    reader.error(
                        typeField.location, field: path + ".type", "unknown parameter type \(typeField.value.quoted)",
                        hint: "use string, int, float, bool, duration or time")
                    ok = false
                    continue
                }
                type = known
                types[name.value] = known
            }
            if let value = reader.scalar(fields["default"]?.value, path: path + ".default", what: "default") {
                settings[name.value] = Setting(key: name.value, type: type, value: value, path: path + ".default")
            } else if let key, reader.envRefs["tasks[\(key.value)].spec.params.\(name.value)"] == nil {
                reader.error(
                    reader.location(node), field: path + ".default", "parameter \(name.value.quoted) has no default",
                    hint: "add `default:` or pass `--env-ref tasks[\(key.value)].spec.params.\(name.value)=<value>`")
                ok = false
            }
        }
        return ok
    }

    /// The type of a literal in the record; nil for anything else (a variable, a call).
    static func literalType(_ value: FluxExpression) -> String? {
        switch value.kind {
        case .literal(let token):
            switch token.kind {
            case .string: return "string"
            case .integer: return "int"
            case .float: return "float"
            case .duration: return "duration"
            case .dateTime: return "time"
            default: return nil
            }
        case .identifier(let name) where name == "true" || name == "false": return "bool"
        case .unary("-", let argument): return literalType(argument)
        case .call(let callee, let arguments, _):
            if case .identifier("now") = callee.kind, arguments.isEmpty { return "time" }
            return nil
        default: return nil
        }
    }

    /// `value` written as a Flux literal of `type`; nil when it is not one.
    static func literal(_ value: String, type: String) -> String? {
        let text = value.trimmingWhitespace()
        func single(_ kind: FluxTokenKind, _ candidate: String) -> Bool {
            let unsigned = candidate.hasPrefix("-") ? String(candidate.dropFirst()) : candidate
            guard let tokens = try? FluxLexer.tokenize(unsigned) else { return false }
            return tokens.count == 1 && tokens[0].kind == kind && tokens[0].text == unsigned
        }
        switch type {
        case "string":
            // `"`, `\` and the `$` of a `${` (an interpolation otherwise) are escaped.
            var out = "\""
            let scalars = Array(value.unicodeScalars)
            for (i, c) in scalars.enumerated() {
                if c == "\"" || c == "\\" || (c == "$" && i + 1 < scalars.count && scalars[i + 1] == "{") { out += "\\" }
                out.unicodeScalars.append(c)
            }
            return out + "\""
        case "int": return single(.integer, text) ? text : nil
        case "float":
            if single(.float, text) { return text }
            return single(.integer, text) ? text + ".0" : nil
        case "bool":
            switch text.lowercased() {
            case "true": return "true"
            case "false": return "false"
            default: return nil
            }
        case "duration": return single(.duration, text) ? text : nil
        case "time":
            if text == "now()" { return "now()" }
            return single(.dateTime, text) && !text.hasPrefix("-") ? text : nil
        default: return nil
        }
    }

    /// How to write a value of `type`, as an error's hint.
    static func example(_ type: String) -> String {
        switch type {
        case "int": return "write a whole number, e.g. `10`"
        case "float": return "write a number, e.g. `0.5`"
        case "bool": return "write `true` or `false`"
        case "duration": return "write a Flux duration, e.g. `5m` or `1h30m`"
        case "time": return "write an RFC 3339 time, e.g. `2024-01-01T00:00:00Z`, or `now()`"
        default: return "write a value of that type"
        }
    }

    /// A Flux identifier: a letter or `_`, then letters, digits or `_`.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0) }
    }
}
