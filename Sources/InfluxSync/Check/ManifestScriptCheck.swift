import Flux

/// Runs the offline script checks (`FluxScopeCheck`) where the manifest readers parse a query,
/// reporting each finding as an error diagnostic at its place in the manifest file, and
/// collects the script's literal bucket and secret references for the checks against the
/// server (`ServerReferenceCheck`).
extension ManifestNodeReader {
    /// Checks `script` (a task's query, or a `.flux` file) and records each finding as an error
    /// at `locate(line, column)`, the script position mapped into the file. The script is
    /// parsed once for both jobs.
    /// - Parameters:
    ///   - task: the task's key, for the finding.
    ///   - field: the manifest field holding the script (`spec.query`), nil for a `.flux` file.
    /// - Returns: the script's literal bucket and secret references, located in the file
    ///   (none when the script does not parse: its syntax error is reported elsewhere).
    @discardableResult
    func checkScript(_ script: String, task: String, field: String?, locate: (Int, Int) -> SourceLocation) -> [ScriptReference] {
        guard let file = try? FluxParser.parse(script) else { return [] }
        for finding in FluxScopeCheck.check(parsed: file, source: script, allowing: fluxAllowances) {
            let scriptFinding = ScriptFinding(severity: .error, code: finding.code, task: task, location: locate(finding.line, finding.column),
                                              message: finding.message, suggestion: finding.suggestion, subject: finding.subject)
            diagnostics(append: scriptFinding.diagnostic(field: field))
        }
        let references = file.references()
        return (references.buckets.map { ScriptReference(kind: $0.isID ? .bucketID : .bucket, name: $0.bucket, function: $0.function, location: locate($0.line, $0.column)) }
            + references.secrets.map { ScriptReference(kind: .secret, name: $0.key, function: "secrets.get", location: locate($0.line, $0.column)) })
            .sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
    }
}
