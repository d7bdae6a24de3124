import Flux
import InfluxAPI
import Yams

extension TaskSpecReader {
    /// The query as read: its text (after `spec.params` are written in) and its parse (nil
    /// when it is missing or not valid Flux).
    struct QueryRead {
        var text = ""
        var parsed: FluxScript?
        /// True when the query is read, and the script we send composed, by its script check
        /// on another core (`ScriptCheckJob`) instead of here: a query without the word
        /// `option` has no `option task` record, so nothing read here depends on its parse.
        var deferred = false
    }

    /// Checks a Cloud script task's `spec.scriptID`: an ID, and no `query` beside it.
    func checkScriptID(_ scriptIDField: ScalarField?, queryEntry: MappingEntry?) {
        guard let scriptIDField else { return }
        if !InfluxID.isValid(scriptIDField.value) {
            reader.error(
                scriptIDField.location, field: "spec.scriptID", "scriptID \(scriptIDField.value.quoted) is not an ID (16 lowercase hex digits)",
                hint: "copy the invokable script's ID from InfluxDB Cloud (Scripts, or GET /api/v2/scripts)")
        }
        if let queryEntry {
            reader.error(
                reader.location(queryEntry.keyNode), field: "spec.query", "Task has both `scriptID` and `query`",
                hint: "a script task runs its stored script: remove `query`, or remove `scriptID` and `scriptParameters` to run the Flux query")
        }
    }

    /// Reads `spec.query`: writes v2alpha2 `spec.params` into its `option params` record and
    /// parses it (its checks run on the script we send, `checkScripts`); a task with neither
    /// query nor `scriptID` is an error.
    func readQuery(_ queryField: ScalarField?, entry: MappingEntry?, params: MappingEntry?, key: Located<String>?, hasScriptID: Bool, specLocation: SourceLocation) -> QueryRead {
        var query = QueryRead()
        if let queryField, !queryField.value.trimmingWhitespace().isEmpty {
            // v2alpha2 `spec.params` and `--env-ref …spec.params.<key>` are written into the
            // query's `option params` record first, as `influx apply` does.
            query.text = TemplateParamsReader(reader: reader).apply(params, key: key, query: queryField) ?? queryField.value
            if query.text == queryField.value, !query.text.containsBytes("option") {
                query.deferred = true
                return query
            }
            do throws(FluxError) {
                query.parsed = try Self.parseQuery(query.text)
                if let comment = query.parsed?.recordComment {
                    // (Positions are in the written query unless `spec.params` rewrote it.)
                    let location =
                        query.text == queryField.value ? reader.location(inside: queryField, line: comment.line, column: comment.column) : queryField.location
                    reader.warning(
                        location, field: "spec.query", "this comment inside the `option task` record is not sent: influxsync writes the record from its values",
                        hint: "move the comment above the `option task` line, where it is kept")
                }
            } catch {
                reader.diagnostics(
                    append: Self.invalidQuery(error, query: query.text, at: reader.location(inside: queryField, line: error.line, column: error.column)))
            }
        } else if !hasScriptID && (queryField != nil || entry == nil || ManifestNodeReader.isNull(entry!.value)) {
            // (A query that could not be read, e.g. an envRef without value, was reported already.)
            reader.error(
                entry.map { reader.location($0.keyNode) } ?? specLocation, field: "spec.query",
                "Task has no query", hint: "add the Flux script: `query: |-` followed by the indented script")
        }
        return query
    }

    /// Reads a query: its record may leave out what `spec` says (name, schedule), which fills it.
    /// (The reader and a deferred query's script check, `ScriptCheckJob`, read it alike.)
    static func parseQuery(_ text: String) throws(FluxError) -> FluxScript {
        try FluxScript(parsing: text, requireCompleteOptions: false)
    }

    /// The error for a query that does not read, at `location` (the error's position in the
    /// file), with a hint for a habit from another language (`FluxErrorHint`).
    static func invalidQuery(_ error: FluxError, query: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, at: location, field: "spec.query", "invalid Flux in query: \(error.message)",
            hint: FluxErrorHint.hint(for: error, in: query) ?? "fix the query at this position")
    }

    /// The error for a script we send that cannot be composed (`FluxScript.compose`).
    static func composeFailure(_ error: FluxError, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, at: location, field: "spec.query", "cannot compose the task script: \(error.message)", hint: "fix the query or the task options")
    }

    /// Where the query's `option task` statement starts (first line that begins with it).
    func recordLocation(in query: ScalarField) -> SourceLocation {
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

    /// The options the query writes: its `option task` record, with v2alpha2 `spec.task` entries
    /// applied over it; nil when neither writes any.
    func readQueryOptions(
        _ parsed: FluxScript?, field queryField: ScalarField?, taskEntry: MappingEntry?, key: Located<String>?,
        ok scheduleOK: inout Bool, specLocation: SourceLocation
    ) -> QueryOptions? {
        var queryOptions = parsed?.optionValues.map { record in
            QueryOptions(
                name: record.name, schedule: record.schedule, offset: record.offset, concurrency: record.concurrency,
                retry: record.retry, location: recordLocation(in: queryField!))
        }
        if let taskEntry {
            applyTaskParameters(taskEntry, key: key, to: &queryOptions, scheduleOK: &scheduleOK, fallback: specLocation)
        }
        return queryOptions
    }
}
