import InfluxSync

/// `apply --format text`: the plan as `plan` prints it, then one line per change that had
/// requests to send, then a summary. "partially done" means some of a change's requests were
/// sent (e.g. a task created whose labels were still to be attached when a later request
/// failed).
///
/// ```
///
/// done           + Label "team-ops"
/// partially done + Task "cpu-downsample"
/// failed         ~ Task "mem-report"
/// not attempted  - Task "old-report"
/// Apply failed: 1 done, 1 partially done, 1 failed, 1 not attempted.
/// ```
/// The failure itself goes to standard error, naming the resource and the server's
/// code/message.
struct TextApplyView: ApplyView {
    /// Where the text is printed.
    let console: Console
    /// Whether the plan may hold colour codes.
    let color: Bool

    /// `TextPlanRenderer`'s plan.
    func willApply(_ plan: Plan) {
        console.outputRaw(TextPlanRenderer.render(plan, color: color).withTrailingNewline)
    }

    /// Prints nothing: the plan shown already says there are no changes.
    func nothingToApply(_ plan: Plan) {}

    /// One sentence saying so.
    func alreadyApplied(_ plan: Plan, path: String) {
        console.output("Saved plan \(path) was already applied: the live state matches its manifests, which have not changed. Nothing to do.")
    }

    /// The outcome lines and the summary; the failure on standard error.
    func applied(_ result: ApplyResult, plan: Plan) {
        console.output("")
        var counts: [ApplyResult.Outcome: Int] = [:]
        for (change, outcome) in result.outcomes where !change.operations.isEmpty {
            counts[outcome, default: 0] += 1
            let label = outcome.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
            console.output("\(label) \(change.action.symbol) \(change.resource.kind.rawValue) \(DisplayText.quoted(change.resource.name))")
        }
        if result.interrupted && result.failure == nil {
            var parts = ["\(counts[.done, default: 0]) done"]
            if let partial = counts[.partial] { parts.append("\(partial) partially done") }
            parts.append("\(counts[.notAttempted, default: 0]) not attempted")
            console.output("Apply interrupted: \(parts.joined(separator: ", ")).")
        } else if let failure = result.failure {
            console.error(failure.errorText)
            var parts = ["\(counts[.done, default: 0]) done"]
            if let partial = counts[.partial] { parts.append("\(partial) partially done") }
            parts.append("\(counts[.failed, default: 0]) failed")
            parts.append("\(counts[.notAttempted, default: 0]) not attempted")
            console.output("Apply failed: \(parts.joined(separator: ", ")).")
        } else {
            let done = counts[.done, default: 0]
            console.output("Apply complete: \(done) \(done == 1 ? "change" : "changes") done.")
        }
    }

    /// Never: the lines after the apply follow the report.
    var keepsStandardOutputClean: Bool { false }
}
