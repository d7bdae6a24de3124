import Flux
import InfluxAPI

extension TaskSpecReader {
    /// The task's options, the query we keep and the script we send, once name and schedule
    /// are resolved and usable: options within InfluxDB's limits (else nil), schedule warnings,
    /// the query without its `option task` record, the composed script (`""` for a script task).
    func resolveOptions(name: Located<String>?, schedule: TaskSchedule?, offset: FluxDuration?, ok scheduleOK: Bool, written: SpecOptions,
                        queryOptions: QueryOptions?, query: QueryRead, queryField: ScalarField?, isScriptTask: Bool,
                        specLocation: SourceLocation) -> (options: TaskOptions?, query: String, script: String?) {
        var options: TaskOptions?
        var queryText = query.text
        var script: String?
        guard let name, let schedule, scheduleOK else { return (options, queryText, script) }
        let resolved = TaskOptions(name: name.value, schedule: schedule, offset: offset,
                                   concurrency: written.concurrency?.0 ?? queryOptions?.concurrency,
                                   retry: written.retry?.0 ?? queryOptions?.retry)
        let valid = checkLimits(resolved, written: written, queryOptions: queryOptions, specLocation: specLocation)
        options = valid ? resolved : nil
        if valid { warnAboutSchedule(resolved, written: written, queryOptions: queryOptions, parsed: query.parsed, queryField: queryField, specLocation: specLocation) }
        if isScriptTask { script = "" }
        if let parsed = query.parsed, valid {
            if parsed.options != nil { queryText = Self.queryWithoutOptions(parsed) }
            script = composeScript(resolved, query: parsed, field: queryField, specLocation: specLocation) ?? script
        }
        return (options, queryText, script)
    }

    /// Checks the resolved options against InfluxDB's limits where they were not checked yet
    /// (the query record's values, `spec.concurrency`, `spec.retry`); true when none is broken.
    func checkLimits(_ resolved: TaskOptions, written: SpecOptions, queryOptions: QueryOptions?, specLocation: SourceLocation) -> Bool {
        // Values from the query's record have not been checked against InfluxDB's limits yet;
        // nor have spec.concurrency and spec.retry.
        let fromQuery: Set<String> = Set((written.concurrency == nil ? ["concurrency"] : []) + (written.retry == nil ? ["retry"] : [])
            + (written.schedule == nil ? ["every", "cron"] : []) + (written.offset == nil ? ["offset"] : []))
        let fromSpec: [String: ScalarField] = [
            "concurrency": written.concurrency?.1, "retry": written.retry?.1,
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
        return violations.isEmpty
    }

    /// Warns about a schedule InfluxDB accepts but that likely surprises (`ScheduleWarnings`),
    /// at the field that sets it, and about a cron schedule the query's `option location` shifts.
    func warnAboutSchedule(_ resolved: TaskOptions, written: SpecOptions, queryOptions: QueryOptions?, parsed: FluxScript?, queryField: ScalarField?, specLocation: SourceLocation) {
        for warning in ScheduleWarnings.warnings(for: resolved) {
            let field: ScalarField? = warning.option == "offset" ? written.offset?.1 : written.schedule?.1
            reader.warning(field?.location ?? queryOptions?.location ?? specLocation, field: field?.field ?? "spec.query",
                           warning.message, hint: warning.hint)
        }
        if let parsed, let queryField, let found = ScheduleWarnings.cronLocation(options: resolved, script: parsed) {
            reader.warning(reader.location(inside: queryField, line: found.line, column: found.column), field: "spec.query",
                           found.warning.message, hint: found.warning.hint)
        }
    }

    /// Composes the script we send: the resolved options as the `option task` record, then the
    /// query without its own record; nil (with an error reported) when it cannot be composed.
    func composeScript(_ resolved: TaskOptions, query parsed: FluxScript, field queryField: ScalarField?, specLocation: SourceLocation) -> String? {
        do throws(FluxError) {
            // From the query as parsed above: the query is scanned once per load.
            let script = try FluxScript.compose(options: resolved, replacingOptionsOf: parsed)
            if let queryField { checkComposed(script, query: parsed, field: queryField) }
            return script
        } catch {
            reader.error(queryField?.location ?? specLocation, field: "spec.query",
                         "cannot compose the task script: \(error.message)", hint: "fix the query or the task options")
            return nil
        }
    }

    /// Reports what InfluxDB would refuse in the script we send (§4.3, §22.4): the composed
    /// script is parsed once, by the sandbox's code (`TaskScriptCheck`), at the query's
    /// `file:line:col` (the body's place in the YAML; the query's start for a position in the
    /// lines `compose` wrote).
    func checkComposed(_ composed: String, query: FluxScript, field: ScalarField) {
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
}
