import Flux

/// The offline script checks (`FluxScopeCheck`) of a script the manifests hold, as
/// diagnostics at their places in the manifest file, with the script's literal bucket and
/// secret references for the checks against the server (`ServerReferenceCheck`). Pure: the
/// caller decides where the diagnostics go.
enum ManifestScriptCheck {
    /// What the checks found: error diagnostics and the references, in script order.
    struct Outcome: Sendable {
        var diagnostics: [Diagnostic] = []
        var references: [ScriptReference] = []
    }

    /// Parses `script` (a task's query, or a `.flux` file) and checks it; each position is
    /// mapped into the file by `locate`. A script that does not parse has no findings and no
    /// references (its syntax error is reported elsewhere).
    /// - Parameters:
    ///   - task: the task's key, for the finding.
    ///   - field: the manifest field holding the script (`spec.query`), nil for a `.flux` file.
    ///   - allowing: names accepted besides the script's own `// influxsync:allow` comments.
    static func check(
        _ script: String, task: String, field: String?, allowing: Set<String>,
        locate: @escaping @Sendable (Int, Int) -> SourceLocation
    ) -> Outcome {
        guard let file = try? FluxParser.parse(script) else { return Outcome() }
        return check(parsed: file, allowancesFrom: script, task: task, field: field, allowing: allowing) { line, column -> (@Sendable () -> SourceLocation)? in
            { locate(line, column) }
        } ?? Outcome()
    }

    /// `check` on a syntax tree read already (the composed script's, `FluxScriptReading`),
    /// positions placed by `place`: for a script position, a function giving its file location
    /// (called at once for a finding, when first asked for a reference), or nil when the
    /// position lies outside what the manifest wrote. Nil when any position cannot be placed:
    /// the caller then checks the script as written instead.
    /// - Parameter allowancesFrom: the text whose `// influxsync:allow` comments count.
    static func check(
        parsed file: FluxFile, allowancesFrom source: String, task: String, field: String?, allowing: Set<String>,
        place: (Int, Int) -> (@Sendable () -> SourceLocation)?
    ) -> Outcome? {
        var outcome = Outcome()
        for finding in FluxScopeCheck.check(parsed: file, source: source, allowing: allowing) {
            guard let locate = place(finding.line, finding.column) else { return nil }
            let scriptFinding = ScriptFinding(
                severity: .error, code: finding.code, task: task, location: locate(),
                message: finding.message, suggestion: finding.suggestion, subject: finding.subject)
            outcome.diagnostics.append(scriptFinding.diagnostic(field: field))
        }
        let found = file.references()
        var references: [(line: Int, column: Int, reference: ScriptReference)] = []
        references.reserveCapacity(found.buckets.count + found.secrets.count)
        for bucket in found.buckets {
            guard let locate = place(bucket.line, bucket.column) else { return nil }
            references.append(
                (bucket.line, bucket.column, ScriptReference(kind: bucket.isID ? .bucketID : .bucket, name: bucket.bucket, function: bucket.function, locate: locate)))
        }
        for secret in found.secrets {
            guard let locate = place(secret.line, secret.column) else { return nil }
            references.append((secret.line, secret.column, ScriptReference(kind: .secret, name: secret.key, function: "secrets.get", locate: locate)))
        }
        // In script order (positions map into the file in the same order).
        outcome.references = references.sorted { ($0.line, $0.column) < ($1.line, $1.column) }.map(\.reference)
        return outcome
    }
}
