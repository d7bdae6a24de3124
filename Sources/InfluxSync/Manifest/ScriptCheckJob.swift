import Flux

/// The offline checks of one declared task's script, handed by the document reader to a
/// `ScriptCheckQueue`, which runs them on the other cores while the reading goes on: the one reading of the
/// script we send (its syntax tree, `FluxScriptReading.syntax(of:)`), the scope checks with the script's references
/// (`ManifestScriptCheck`), then InfluxDB's own parse of that script (`TaskScriptCheck`,
/// influxdb-api.md §4.3, §22.4). Each job is a pure function of its inputs; the diagnostics of
/// all jobs are returned in task order, so the result does not depend on the timing.
struct ScriptCheckJob: Sendable {
    /// The task's key (`metadata.name`; empty when missing), for findings.
    var task: String
    /// `spec.query` as written in the manifest.
    var written: String
    /// The query as parsed (after `spec.params` were written in); nil when the job reads it
    /// (a query without `option`, `TaskSpecReader.QueryRead.deferred`: then it is `written`).
    var query: FluxScript?
    /// True when `spec.params` changed nothing (the parsed query is the text written).
    var queryIsWritten: Bool
    /// The script we send, when it was composed.
    var composed: String?
    /// The task's options, when the job composes the script we send itself (`query` nil).
    var composeWith: TaskOptions? = nil
    /// Maps positions inside `spec.query` to the file.
    var locator: ScalarLocator
    /// `--allow-flux` and the target's `allowFlux` names.
    var allowances: Set<String>

    /// What a job found.
    struct Outcome: Sendable {
        var diagnostics: [Diagnostic] = []
        var references: [ScriptReference] = []
        /// The script we send, when this job composed it (`composeWith`).
        var script: String?
    }

    /// Runs the checks. The scope checks use the composed script's reading when it parses and
    /// every position they report maps back into the query as written; otherwise (no composed
    /// script, a syntax error, `spec.params` written in, a position outside the query's body)
    /// they parse the query as written. A deferred query is read and composed first
    /// (`readAndCompose`).
    func run() -> Outcome {
        var outcome = Outcome()
        guard let (query, composed) = readAndCompose(into: &outcome) else { return outcome }
        // The syntax tree only: the planner needs no split of the script we send (it reuses
        // the live script's when the texts are the same bytes, and parses the others).
        let syntax = composed.map(FluxScriptReading.syntax(of:))
        // Where the composed body lies in the query: found once, for the scope checks and a refusal.
        let placement = composed.flatMap { ComposedScriptPlacement(composed: $0, query: query) }
        var scope: ManifestScriptCheck.Outcome?
        if case .success(let file)? = syntax, queryIsWritten, let placement {
            let locator = locator
            scope = ManifestScriptCheck.check(parsed: file, allowancesFrom: written, task: task, field: "spec.query", allowing: allowances) {
                line, column -> (@Sendable () -> SourceLocation)? in
                guard let position = placement.queryPosition(line: line, column: column) else { return nil }
                return { locator.location(line: position.line, column: position.column) }
            }
        }
        if scope == nil {
            let locator = locator
            scope = ManifestScriptCheck.check(written, task: task, field: "spec.query", allowing: allowances) { locator.location(line: $0, column: $1) }
        }
        outcome.diagnostics += scope?.diagnostics ?? []
        outcome.references = scope?.references ?? []
        if let composed, let syntax, let refusal = TaskScriptCheck.check(composed, syntax: syntax) {
            outcome.diagnostics.append(refusalDiagnostic(refusal, placement: placement))
        }
        return outcome
    }

    /// The query as parsed and the script we send: as handed over, or read and composed here
    /// for a deferred query, reporting what the reader would have (a query that does not read:
    /// nil; a script that cannot be composed: the query without it).
    private func readAndCompose(into outcome: inout Outcome) -> (FluxScript, String?)? {
        if let query { return (query, composed) }
        let parsed: FluxScript
        do throws(FluxError) {
            parsed = try TaskSpecReader.parseQuery(written)
        } catch {
            outcome.diagnostics.append(TaskSpecReader.invalidQuery(error, query: written, at: locator.location(line: error.line, column: error.column)))
            return nil
        }
        guard let options = composeWith else { return (parsed, nil) }
        do throws(FluxError) {
            let script = try FluxScript.compose(options: options, replacingOptionsOf: parsed)
            outcome.script = script
            return (parsed, script)
        } catch {
            outcome.diagnostics.append(TaskSpecReader.composeFailure(error, at: locator.fallback))
            return (parsed, nil)
        }
    }

    /// What InfluxDB would refuse in the script we send, at the query's `file:line:col` (the
    /// body's place in the YAML; the query's start for a position in the lines `compose` wrote).
    private func refusalDiagnostic(_ refusal: TaskScriptRefusal, placement: ComposedScriptPlacement?) -> Diagnostic {
        let position = placement?.queryPosition(line: refusal.line, column: refusal.column)
        let location = position.map { locator.location(line: $0.line, column: $0.column) } ?? locator.fallback
        if refusal.isReaderLimit {
            return Diagnostic(
                .error, at: location, field: "spec.query", "cannot check the query: \(refusal.message)",
                hint:
                    "influxsync sends no script it cannot read and check: it reads Flux nested up to \(FluxParser.maxNesting) levels, with chains up to \(FluxParser.maxDepth) links"
            )
        }
        if refusal.continuation != nil {
            return Diagnostic(
                .error, at: location, field: "spec.query", refusal.message,
                hint: "a line break does not end a Flux expression: bind the expression to a name (`x = (…)`), or start the query with an import or another statement")
        }
        return Diagnostic(
            .error, at: location, field: "spec.query", "invalid Flux in query: \(refusal.message)",
            hint: "InfluxDB refuses the script we would send (`\(refusal.serverMessage)`); "
                + (position.flatMap { FluxErrorHint.hint(forMessage: refusal.message, line: $0.line, in: written) } ?? "fix the query at this position"))
    }
}
