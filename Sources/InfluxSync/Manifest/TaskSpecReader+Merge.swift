import Flux
import InfluxAPI

extension TaskSpecReader {
    /// The task's name: `spec.name`, else the query record's `name`, else `metadata.name`; a
    /// conflict between `spec` and the record is an error; nil when the name breaks the rules.
    func resolveName(_ specName: ScalarField?, queryOptions: QueryOptions?, key: Located<String>?) -> Located<String>? {
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
        return name
    }

    /// Reports `spec.concurrency` / `spec.retry` values the query's record sets differently.
    func checkCountConflicts(_ written: SpecOptions, queryOptions: QueryOptions?, ok scheduleOK: inout Bool) {
        if let (value, field) = written.concurrency, let other = queryOptions?.concurrency, other != value {
            conflict(field, "concurrency: \(other)", queryOptions!.origin(of: "concurrency"))
            scheduleOK = false
        }
        if let (value, field) = written.retry, let other = queryOptions?.retry, other != value {
            conflict(field, "retry: \(other)", queryOptions!.origin(of: "retry"))
            scheduleOK = false
        }
    }

    /// `spec.every "2h" conflicts with `every: 1h` in <origin> at L:C`, naming where the other
    /// value is written: the query's `option task`, a `spec.task` entry or an `--env-ref`.
    func conflict(_ field: ScalarField, _ other: String, _ origin: (text: String, location: SourceLocation)) {
        let place = origin.text.hasPrefix("the query") ? "the query's `option task` record" : origin.text
        reader.error(
            field.location, field: field.field,
            "\(field.field) \(field.value.quoted) conflicts with `\(other)` in \(origin.text) at \(origin.location.line):\(origin.location.column)",
            hint: "set the value in one place only: remove it from \(place) or from \(field.field)")
    }

    /// Name rules: not empty, no line break; surrounding whitespace is kept (InfluxDB keeps task
    /// names as written) but warned about.
    func checkTaskName(_ name: Located<String>) -> Bool {
        if name.value.trimmingWhitespace().isEmpty {
            reader.error(name.location, field: name.field, "task name is empty", hint: "give the task a name in spec.name")
            return false
        }
        if name.value.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            reader.error(
                name.location, field: name.field, "task name contains a line break",
                hint: "write the name on one line; Flux string literals in `option task` cannot hold a line break here")
            return false
        }
        if name.value.trimmingWhitespace() != name.value {
            reader.warning(
                name.location, field: name.field,
                "task name \(name.value.quoted) has leading or trailing whitespace; InfluxDB keeps it as written",
                hint: "keep it only if the live task's name has the same whitespace")
        }
        return true
    }
}
