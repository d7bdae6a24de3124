import InfluxSync

/// The refusal of a plan that converts a task between a Cloud script task and a Flux task
/// (`TaskConversion`) without `--allow-conversion`: the conversion replaces the task (a new ID,
/// the run history stays behind) and detaches or attaches a script, so it is never a side
/// effect of an edit nobody reviewed for it.
enum ConversionGuard {
    /// `refusing to <command>: …` naming every converted task (manifest location, live ID,
    /// script ID, direction), with a hint holding the complete apply command that allows it;
    /// nil when the plan converts nothing.
    static func refusal(plan: Plan, command: String, manifests: ManifestOptions, planning: PlanningOptions, session: Session, target: TargetConfig? = nil) -> CommandFailure? {
        let conversions = plan.changes.compactMap { change in change.conversion.map { (change, $0) } }
        guard !conversions.isEmpty else { return nil }
        let lines = conversions.map { change, conversion in
            let declared = change.resource.location.map { "\($0): " } ?? ""
            let kind =
                switch conversion.direction {
                case .scriptToFlux:
                    "is declared as a Flux task, but live task \(conversion.replacedTaskID) is a script task running script \(conversion.scriptID); converting detaches the script"
                case .fluxToScript:
                    "is declared as a script task running script \(conversion.scriptID), but live task \(conversion.replacedTaskID) is a Flux task; converting replaces its Flux with the script"
                }
            return "\(declared)task \(DisplayText.quoted(change.resource.name)) \(kind)"
        }
        var words = DuplicateRepair.applyWords(manifests: manifests, planning: planning, session: session, target: target)
        if planning.prune { words.append("--prune") }
        if planning.pruneLabelsInUse { words.append("--prune-labels-in-use") }
        words.append("--allow-conversion")
        let noun = conversions.count == 1 ? "a task" : "\(conversions.count) tasks"
        let message =
            "refusing to \(command): the plan converts \(noun) between a script task and a Flux task, which replaces the task (a new ID; the run history stays with the deleted one); nothing was sent\n"
            + lines.map { "  \($0)" }.joined(separator: "\n")
        return CommandFailure(message, hint: "to convert, run: " + ShellWords.join(words))
    }
}
