import Flux
import Foundation

/// Reads a `.flux` file as a Task manifest (design.md "Manifests"): a script with an
/// `option task` record is a task named by its record, status `active`, no description, no
/// labels. Its key (the `metadata.name` equivalent) is the file name without `.flux`. The script
/// is sent as written (BOM removed, CRLF → LF, a final line break added when missing).
struct FluxFileReader {
    let reader: ManifestNodeReader

    /// The task, or nil (with an error, or a note for a file found in a directory that has no
    /// `option task` record and so is not a task).
    func read() -> TaskDocument? {
        let source = reader.source
        let start = source.location(line: 1, column: 1)
        let script: FluxScript
        do throws(FluxError) {
            script = try FluxScript(parsing: source.text)
        } catch {
            // A body that continues the file's own record says so (the split sees one statement).
            if let refusal = TaskScriptCheck.check(source.text), refusal.continuation != nil {
                reader.error(
                    source.location(line: refusal.line, column: refusal.column), field: nil, "invalid Flux: \(refusal.message)",
                    hint: "a line break does not end a Flux expression: bind the expression to a name (`x = (…)`), or start it with another statement")
            } else {
                reader.error(
                    source.location(line: error.line, column: error.column), field: nil,
                    "invalid Flux: \(error.message)", hint: FluxErrorHint.hint(for: error, in: source.text) ?? "fix the script at this position")
            }
            return nil
        }
        guard let options = script.options else {
            if source.foundInDirectory {
                reader.diagnostics(append: Diagnostic(.note, at: start, "skipped: no `option task` record, so this .flux file is not a task"))
            } else {
                reader.error(
                    start, field: nil, "this .flux file has no `option task` record",
                    hint: "add `option task = {name: \"…\", every: 1h}` to make it a task")
            }
            return nil
        }
        if options.name.contains("\n") {
            reader.error(start, field: nil, "task name contains a line break", hint: "write the name on one line")
            return nil
        }
        if options.name.trimmingWhitespace() != options.name {
            reader.warning(
                start, field: nil, "task name \(options.name.quoted) has leading or trailing whitespace; InfluxDB keeps it as written",
                hint: "keep it only if the live task's name has the same whitespace")
        }
        for warning in ScheduleWarnings.warnings(for: options) {
            reader.warning(start, field: nil, warning.message, hint: warning.hint)
        }
        if let found = ScheduleWarnings.cronLocation(options: options, script: script) {
            reader.warning(source.location(line: found.line, column: found.column), field: nil, found.warning.message, hint: found.warning.hint)
        }
        let stem = URL(fileURLWithPath: source.path).deletingPathExtension().lastPathComponent
        let query = TaskSpecReader.queryWithoutOptions(script)
        // Sent as written: comments and blank lines stay where the author put them; only the
        // BOM and CRLF line ends are normalised (FluxScript.source).
        let composed: String? = script.source.hasSuffix("\n") ? script.source : script.source + "\n"
        // What InfluxDB parses on create (§4.3, §22.4), checked by the sandbox's code.
        // Read once for both checks and for the planner (`FluxScriptReading`).
        let reading = composed.map(FluxScriptReading.init)
        if let composed, let reading, let refusal = TaskScriptCheck.check(composed, syntax: reading.syntax) {
            if refusal.isReaderLimit {
                reader.error(
                    source.location(line: refusal.line, column: refusal.column), field: nil, "cannot check the script: \(refusal.message)",
                    hint:
                        "influxsync sends no script it cannot read and check: it reads Flux nested up to \(FluxParser.maxNesting) levels, with chains up to \(FluxParser.maxDepth) links"
                )
            } else {
                reader.error(
                    source.location(line: refusal.line, column: refusal.column), field: nil,
                    "invalid Flux: \(refusal.message)",
                    hint: "InfluxDB refuses this script (`\(refusal.serverMessage)`); "
                        + (FluxErrorHint.hint(forMessage: refusal.message, line: refusal.line, in: composed) ?? "fix it at this position"))
            }
            return nil
        }
        var checked: ManifestScriptCheck.Outcome?
        if case .success(let file)? = reading?.syntax {
            checked = ManifestScriptCheck.check(parsed: file, allowancesFrom: script.source, task: stem, field: nil, allowing: reader.fluxAllowances) {
                line, column -> (@Sendable () -> SourceLocation)? in
                { source.location(line: line, column: column) }
            }
        }
        let outcome = checked ?? ManifestScriptCheck.check(script.source, task: stem, field: nil, allowing: reader.fluxAllowances) { source.location(line: $0, column: $1) }
        reader.diagnostics(appendingAll: outcome.diagnostics)
        let references = outcome.references
        let key = Located(value: stem, location: start, field: "file name")
        return TaskDocument(
            key: key, options: options, nameLocation: start, query: query, script: composed,
            description: nil, status: .active, associations: [], pinnedID: nil, previousNames: [], location: start,
            references: references, parsedScript: try? reading?.script.get())
    }
}
