import InfluxAPI
import InfluxSync

/// Prints an `ApplyResult`: one line per change that had requests to send, then a summary.
/// "partially done" means some of a change's requests were sent (e.g. a task created whose
/// labels were still to be attached when a later request failed).
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
///
/// With `--format json` standard output gets only `JSONApplyRenderer`'s document (the plan,
/// each change's outcome, the first failure); the failure is still also printed on standard
/// error.
enum ApplyReport {
    static func print(_ result: ApplyResult, plan: Plan, format: ApplyCommand.ApplyFormat, console: Console, settings: ConnectionSettings) {
        if format == .json {
            console.outputRaw(JSONApplyRenderer.render(plan: plan, result: result))
            if let failure = result.failure { console.error(rendered(failure)) }
            return
        }
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
            console.error(rendered(failure))
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

    /// `error: <failure>`, and its `  hint:` line when it has one.
    private static func rendered(_ failure: ApplyFailure) -> String {
        "error: \(failure.description)" + (failure.hint.map { "\n  hint: \(DisplayText.escaped($0))" } ?? "")
    }
}

