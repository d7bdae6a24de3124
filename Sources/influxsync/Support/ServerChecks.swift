import ArgumentParser
import InfluxSync

/// The checks of task scripts against the server, in the plan pipeline (design.md "Checks
/// before apply"): missing buckets and secret keys become findings of the plan — warnings
/// shown with it (text, JSON, Markdown, GitHub annotations), or with `--strict` errors that
/// stop it before any write.
enum ServerChecks {
    /// Adds the findings of `facts` to `plan`; prints one `warning:` per part that could not be
    /// read. With `strict` and any finding, prints them as errors and throws.
    /// - Throws: `ExitCode.failure` (after `No plan was made; nothing was changed.`) when
    ///   `strict` and a bucket or secret is missing.
    static func add(_ facts: ServerFacts, to plan: inout Plan, tasks: [DesiredTask], org: String, strict: Bool, console: Console) throws {
        for reason in facts.unavailable { console.error("warning: \(DisplayText.escaped(reason))") }
        let findings = ServerReferenceCheck.findings(tasks: tasks, facts: facts, org: org, strict: strict)
        guard !findings.isEmpty else { return }
        let diagnostics = findings.map { $0.diagnostic(field: nil) }
        CIIntegration.annotate(diagnostics, console: console)
        if strict {
            for diagnostic in diagnostics { console.error(diagnostic.description) }
            let n = findings.count
            console.error("\(n) \(n == 1 ? "script names" : "scripts name") what the org does not have (--strict).")
            console.error("No plan was made; nothing was changed.")
            throw ExitCode.failure
        }
        plan.findings += findings
    }
}
