import Flux
import InfluxAPI

extension TaskSpecReader {
    /// The task's options, the query we keep and the script we send, once name and schedule
    /// are resolved and usable: options within InfluxDB's limits (else nil), schedule warnings,
    /// the query without its `option task` record, the composed script (`""` for a script task)
    /// and whether it was composed from the query (then `scriptCheck` checks it).
    func resolveOptions(
        name: Located<String>?, schedule: TaskSchedule?, offset: FluxDuration?, ok scheduleOK: Bool, written: SpecOptions,
        queryOptions: QueryOptions?, query: QueryRead, queryField: ScalarField?, isScriptTask: Bool,
        specLocation: SourceLocation
    ) -> (options: TaskOptions?, query: String, script: String?, composed: Bool) {
        var options: TaskOptions?
        var queryText = query.text
        var script: String?
        var composed = false
        guard let name, let schedule, scheduleOK else { return (options, queryText, script, composed) }
        let resolved = TaskOptions(
            name: name.value, schedule: schedule, offset: offset,
            concurrency: written.concurrency?.0 ?? queryOptions?.concurrency,
            retry: written.retry?.0 ?? queryOptions?.retry)
        let valid = checkLimits(resolved, written: written, queryOptions: queryOptions, specLocation: specLocation)
        options = valid ? resolved : nil
        if valid { warnAboutSchedule(resolved, written: written, queryOptions: queryOptions, parsed: query.parsed, queryField: queryField, specLocation: specLocation) }
        if isScriptTask { script = "" }
        if let parsed = query.parsed, valid {
            if parsed.optionValues != nil { queryText = Self.queryWithoutOptions(parsed) }
            if let text = composeScript(resolved, query: parsed, field: queryField, specLocation: specLocation) {
                script = text
                composed = true
            }
        } else if query.deferred, valid {
            // Composed by the script check (`ScriptCheckJob`), which fills the task's script.
            composed = true
        }
        return (options, queryText, script, composed)
    }

    /// Checks the resolved options against InfluxDB's limits where they were not checked yet
    /// (the query record's values, `spec.concurrency`, `spec.retry`); true when none is broken.
    func checkLimits(_ resolved: TaskOptions, written: SpecOptions, queryOptions: QueryOptions?, specLocation: SourceLocation) -> Bool {
        // Values from the query's record have not been checked against InfluxDB's limits yet;
        // nor have spec.concurrency and spec.retry.
        let fromQuery: Set<String> = Set(
            (written.concurrency == nil ? ["concurrency"] : []) + (written.retry == nil ? ["retry"] : [])
                + (written.schedule == nil ? ["every", "cron"] : []) + (written.offset == nil ? ["offset"] : []))
        let fromSpec: [String: ScalarField] = [
            "concurrency": written.concurrency?.1, "retry": written.retry?.1,
        ].compactMapValues { $0 }
        let violations = TaskOptionLimits.violations(of: resolved).filter { fromQuery.contains($0.property) || fromSpec[$0.property] != nil }
        for violation in violations {
            if let field = fromSpec[violation.property] {
                reader.error(
                    field.location, field: field.field, violation.message,
                    hint: "write a whole number from 1 to \(violation.property == "retry" ? 10 : 100)")
            } else {
                reader.error(
                    queryOptions?.location ?? specLocation, field: "spec.query",
                    "the query's `option task`: \(violation.message)", hint: "fix the value in the query's `option task` record")
            }
        }
        return violations.isEmpty
    }

    /// Warns about a schedule InfluxDB accepts but that likely surprises (`ScheduleWarnings`),
    /// at the field that sets it, and about a cron schedule the query's `option location` shifts.
    func warnAboutSchedule(_ resolved: TaskOptions, written: SpecOptions, queryOptions: QueryOptions?, parsed: FluxScript?, queryField: ScalarField?, specLocation: SourceLocation)
    {
        for warning in ScheduleWarnings.warnings(for: resolved) {
            let field: ScalarField? = warning.option == "offset" ? written.offset?.1 : written.schedule?.1
            reader.warning(
                field?.location ?? queryOptions?.location ?? specLocation, field: field?.field ?? "spec.query",
                warning.message, hint: warning.hint)
        }
        if let parsed, let queryField, let found = ScheduleWarnings.cronLocation(options: resolved, script: parsed) {
            reader.warning(
                reader.location(inside: queryField, line: found.line, column: found.column), field: "spec.query",
                found.warning.message, hint: found.warning.hint)
        }
    }

    /// Composes the script we send: the resolved options as the `option task` record, then the
    /// query without its own record; nil (with an error reported) when it cannot be composed.
    func composeScript(_ resolved: TaskOptions, query parsed: FluxScript, field queryField: ScalarField?, specLocation: SourceLocation) -> String? {
        if let used = parsed.extraUsingDefinition, let queryField {
            // Where the name is used, unless `spec.params` rewrote the query (then at the query).
            let location =
                parsed.source == FluxLexer.normalize(queryField.value)
                ? reader.location(inside: queryField, line: used.line, column: used.column) : queryField.location
            reader.error(
                location, field: "spec.query",
                "option task property `\(used.key)` uses `\(used.name)`, which the query defines: the record is sent above the query, where `\(used.name)` is not defined yet",
                hint: "write the value itself in the record (e.g. `\(used.key): \"…\"`), or use `\(used.name)` in the query instead of `task.\(used.key)`")
            return nil
        }
        do throws(FluxError) {
            // From the query as parsed above: the query is scanned once per load.
            return try FluxScript.compose(options: resolved, replacingOptionsOf: parsed)
        } catch {
            reader.diagnostics(append: Self.composeFailure(error, at: queryField?.location ?? specLocation))
            return nil
        }
    }
}

extension TaskSpecReader {
    /// The offline checks of the task's script, set aside to run while the documents are read
    /// (`ScriptCheckQueue`); nil when the query is missing or did not parse (as before any
    /// check: its error is reported already). A deferred query (`QueryRead.deferred`) is read
    /// by the job, which also composes the script we send from `composeWith`.
    func scriptCheck(query: QueryRead, field: ScalarField?, key: Located<String>?, composed: String?, composeWith: TaskOptions?) -> ScriptCheckJob? {
        guard let field else { return nil }
        if query.deferred {
            return ScriptCheckJob(
                task: key?.value ?? "", written: field.value, query: nil, queryIsWritten: true, composed: nil, composeWith: composeWith,
                locator: reader.locator(for: field), allowances: reader.fluxAllowances)
        }
        guard let parsed = query.parsed else { return nil }
        return ScriptCheckJob(
            task: key?.value ?? "", written: field.value, query: parsed, queryIsWritten: query.text == field.value,
            composed: composed, locator: reader.locator(for: field), allowances: reader.fluxAllowances)
    }
}
