import ArgumentParser
import InfluxSync

/// The checks of task scripts against the server, in the plan pipeline (design.md "Checks
/// before apply"): missing buckets and secret keys become findings of the plan — warnings
/// shown with it (text, JSON, Markdown, GitHub annotations), or with `--strict` errors that
/// stop it before apply takes its lock or sends any write.
enum ServerChecks {
    /// With `--strict`: prints each missing bucket or secret as an error and throws; prints
    /// nothing when there is none (the warnings about unreadable parts come with `add`).
    /// - Throws: `ExitCode.failure` (after `No plan was made; nothing was changed.`).
    static func refuseIfStrict(_ facts: ServerFacts, tasks: [DesiredTask], org: String, console: Console) throws {
        let findings = ServerReferenceCheck.findings(tasks: tasks, facts: facts, org: org, strict: true)
        guard !findings.isEmpty else { return }
        for reason in facts.unavailable { console.error("warning: \(DisplayText.escaped(reason))") }
        let diagnostics = findings.map { $0.diagnostic(field: nil) }
        for diagnostic in diagnostics { console.error(diagnostic.description) }
        CIIntegration.annotate(diagnostics, console: console)
        let n = findings.count
        console.error("\(n) \(n == 1 ? "name" : "names") in the scripts the org does not have (--strict).")
        console.error("No plan was made; nothing was changed.")
        throw ExitCode.failure
    }

    /// Adds the findings of `facts` to `plan` as warnings (they print with the plan) and
    /// annotates them in CI; prints one `warning:` per part that could not be read.
    static func add(_ facts: ServerFacts, to plan: inout Plan, tasks: [DesiredTask], org: String, console: Console) {
        for reason in facts.unavailable { console.error("warning: \(DisplayText.escaped(reason))") }
        let findings = ServerReferenceCheck.findings(tasks: tasks, facts: facts, org: org, strict: false)
        guard !findings.isEmpty else { return }
        CIIntegration.annotate(findings.map { $0.diagnostic(field: nil) }, console: console)
        plan.findings += findings
    }
}
