import Flux
import InfluxAPI

/// A task whose `spec.name` changed without `previousNames` plans as a create of the new name
/// and a delete (or would-prune) of the old task. When the two have the same content, this
/// says so and how to rename the task in place instead (it then keeps its ID and run history).
public enum RenameHints {
    /// One `note: …` with an indented `  hint: …` per created task whose content (query and
    /// schedule, or script and parameters) equals an owned task the plan deletes or would
    /// prune; each removed task is named once. Empty when there is none.
    public static func notes(plan: Plan, desired: DesiredState, live: LiveState) -> [String] {
        let removed = plan.changes.filter { [.delete, .wouldPrune].contains($0.action) && $0.resource.kind == .task && $0.duplicateOf == nil }
        guard !removed.isEmpty else { return [] }
        let liveByID = Dictionary(live.tasks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let desiredByKey = Dictionary(desired.tasks.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var named = Set<String>()
        var notes: [String] = []
        for change in plan.changes where change.action == .create && change.resource.kind == .task {
            guard case .createTask(let key, _)? = change.operations.first, let task = desiredByKey[key] else { continue }
            for old in removed {
                guard let id = old.resource.id, !named.contains(id), let current = liveByID[id], sameContent(task, current) else { continue }
                named.insert(id)
                let fate = old.action == .delete ? "is deleted" : "would be pruned"
                notes.append(
                    "note: task \(DisplayText.quoted(task.name)) (\(task.location)) is created while owned task \(DisplayText.quoted(current.name)) \(id) \(fate), and both have the same \(task.scriptID == nil ? "query and schedule" : "script, parameters and schedule")"
                        + "\n  hint: if this is a rename, add `previousNames: [\(DisplayText.quoted(current.name))]` under spec of \(DisplayText.quoted(task.name)) to rename the task in place (it keeps its ID and run history)"
                )
                break
            }
        }
        return notes
    }

    /// Same schedule and offset, and the same query body (Flux tasks) or script ID and
    /// parameters (script tasks); the name, description and status may differ.
    static func sameContent(_ task: DesiredTask, _ live: InfluxTask) -> Bool {
        if let scriptID = task.scriptID {
            guard live.scriptID == scriptID, (live.scriptParameters ?? [:]) == (task.scriptParameters ?? [:]) else { return false }
            let (every, cron) = ScriptTaskDiff.schedule(task.options.schedule)
            let liveEvery = live.every.flatMap { try? FluxDuration(parsing: $0) }
            return liveEvery == every.flatMap({ try? FluxDuration(parsing: $0) }) && (live.cron ?? "") == (cron ?? "")
                && (live.offset.flatMap { try? FluxDuration(parsing: $0) } ?? .zero) == (task.options.offset ?? .zero)
        }
        guard live.scriptID == nil, let liveScript = try? FluxScript(parsing: live.flux), let liveOptions = liveScript.options,
            let desiredScript = try? FluxScript(parsing: task.script)
        else { return false }
        var renamed = liveOptions
        renamed.name = task.options.name
        return TaskDiff.optionChanges(old: renamed, new: task.options).isEmpty && liveScript.hasEquivalentBody(to: desiredScript)
    }
}
