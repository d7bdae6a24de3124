/// Runs the offline script checks (`FluxScopeCheck`) where the manifest readers parse a query,
/// reporting each finding as an error diagnostic at its place in the manifest file.
extension ManifestNodeReader {
    /// Checks `script` (a task's query, or a `.flux` file) and records each finding as an error
    /// at `locate(line, column)`, the script position mapped into the file.
    /// - Parameters:
    ///   - task: the task's key, for the finding.
    ///   - field: the manifest field holding the script (`spec.query`), nil for a `.flux` file.
    func checkScript(_ script: String, task: String, field: String?, locate: (Int, Int) -> SourceLocation) {
        for finding in FluxScopeCheck.check(script, allowing: fluxAllowances) {
            let scriptFinding = ScriptFinding(severity: .error, code: finding.code, task: task, location: locate(finding.line, finding.column),
                                              message: finding.message, suggestion: finding.suggestion, subject: finding.subject)
            diagnostics(append: scriptFinding.diagnostic(field: field))
        }
    }
}
