import Foundation
import InfluxAPI

extension Planner {
    /// The changes for the declared tasks, in declaration order, and whether any of them needs
    /// the owner label (a create, a conversion or an adoption); problems are appended.
    static func planTasks(
        _ tasks: [DesiredTask], diffs: [TaskDiff?], matcher: TaskMatcher, labels: LabelPlanner, orgID: String,
        options: PlanOptions, isOurs: (InfluxLabel) -> Bool,
        problems: inout [String]
    ) -> (changes: [ResourceChange], needsOwnerLabel: Bool) {
        let ownerRef = labels.ownerLabelRef
        var taskChanges: [ResourceChange] = []
        var needsOwnerLabel = false
        for index in tasks.indices {
            // The tasks are passed straight from their arrays (borrowed): a `let` of either
            // would copy a large value per task.
            let (change, needsOwner) = planTask(
                tasks[index], diff: diffs[index], matcher: matcher, labels: labels, orgID: orgID, options: options, ownerRef: ownerRef,
                isOurs: isOurs, problems: &problems)
            if let change { taskChanges.append(change) }
            if needsOwner { needsOwnerLabel = true }
        }
        return (taskChanges, needsOwnerLabel)
    }

    /// The change for one declared task (nil when there is none or it is a problem), and
    /// whether it needs the owner label.
    private static func planTask(
        _ task: DesiredTask, diff: TaskDiff?, matcher: TaskMatcher, labels: LabelPlanner, orgID: String, options: PlanOptions, ownerRef: IDRef,
        isOurs: (InfluxLabel) -> Bool, problems: inout [String]
    ) -> (change: ResourceChange?, needsOwnerLabel: Bool) {
        let wanted = wantedLabels(of: task, labels: labels, options: options, problems: &problems)
        guard let liveIndex = matcher.matchIndex[task.key] else {
            return (createChange(task, wanted: wanted, ownerRef: ownerRef, orgID: orgID), true)
        }
        if let other = matcher.live[liveIndex].labels.first(where: { Ownership.isOwnerLabel($0) && !isOurs($0) }) {
            problems.append(
                "\(task.location): task \(DisplayText.quoted(task.name)) matches live task \(matcher.live[liveIndex].id), which is owned by owner label \(DisplayText.quoted(other.name)); it is not adopted silently (use that owner label, or remove it from the task first)"
            )
            return (nil, false)
        }
        if let conversion = TaskConversion.needed(desired: task, live: matcher.live[liveIndex]) {
            return (
                TaskConversionPlanner.change(
                    task: task, live: matcher.live[liveIndex], conversion: conversion, orgID: orgID,
                    fields: createFields(task), labels: wanted, ownerRef: ownerRef), true
            )
        }
        let adopt = !matcher.live[liveIndex].labels.contains(where: isOurs)
        // A diff is computed for every matched task.
        let change = updateChange(task, live: matcher.live[liveIndex], diff: diff!, wanted: wanted, ownerRef: ownerRef, adopt: adopt, options: options)
        return (change, adopt)
    }

    /// The labels a declared task should carry, resolved to `IDRef`s; a label name that is
    /// ambiguous or neither declared nor live is a problem (and left out).
    static func wantedLabels(
        of task: DesiredTask, labels: LabelPlanner, options: PlanOptions,
        problems: inout [String]
    ) -> [(name: String, ref: IDRef)] {
        var wanted: [(name: String, ref: IDRef)] = []
        for name in task.labels {
            if let group = labels.ambiguous[Ownership.labelIdentity(name)] {
                problems.append(
                    "\(task.location): task \(DisplayText.quoted(task.name)) is associated with label \(DisplayText.quoted(name)), which matches \(group.count) live labels: \(LabelPlanner.list(group)); declare the label with spec.id to pick one (e.g. `id: \(LabelPlanner.preferred(group, inUse: labels.inUse, ownerLabel: options.ownerLabel).id)`, the one \(LabelPlanner.why(LabelPlanner.preferred(group, inUse: labels.inUse, ownerLabel: options.ownerLabel), inUse: labels.inUse, ownerLabel: options.ownerLabel))), or delete the extra ones"
                )
                continue
            }
            guard let ref = labels.refs[Ownership.labelIdentity(name)] else {
                problems.append(
                    "\(task.location): task \(DisplayText.quoted(task.name)) is associated with label \(DisplayText.quoted(name)), which is neither declared in the manifests nor present in the org"
                )
                continue
            }
            // Another configuration's owner label would make that configuration own the task
            // too, and its `--prune` delete it.
            if case .id(let id) = ref, let live = labels.liveByID[id], Ownership.isOwnerLabel(live),
                Ownership.labelIdentity(live.name) != Ownership.labelIdentity(options.ownerLabel)
            {
                problems.append(
                    "\(task.location): task \(DisplayText.quoted(task.name)) is associated with label \(DisplayText.quoted(name)) (\(id)), the owner label of another influxsync configuration; a task carries one owner label, that of the configuration that manages it"
                )
                continue
            }
            wanted.append((name, ref))
        }
        return wanted
    }

    /// The `create` change of a declared task no live task matches: the create request, then
    /// its owner label and its labels added to the new task.
    static func createChange(_ task: DesiredTask, wanted: [(name: String, ref: IDRef)], ownerRef: IDRef, orgID: String) -> ResourceChange {
        ResourceChange(
            action: .create,
            resource: ResourceRef(kind: .task, name: task.name, id: nil, location: task.location),
            fields: createFields(task),
            labelsAdded: wanted.map(\.name),
            operations: [.createTask(key: task.key, TaskConversionPlanner.createRequest(task, orgID: orgID))]
                + unique([ownerRef] + wanted.map(\.ref)).map { .addTaskLabel(task: .newTask(task.key), label: $0) }
        )
    }

    /// `refs` without repeats, in first-seen order.
    static func unique(_ refs: [IDRef]) -> [IDRef] {
        var seen = Set<IDRef>()
        return refs.filter { seen.insert($0).inserted }
    }

    /// The fields a created task shows in the plan: name, schedule, options, description,
    /// status, then its query (or its script ID and parameters).
    static func createFields(_ task: DesiredTask) -> [FieldChange] {
        var fields = [FieldChange(field: "name", old: nil, new: task.name)]
        switch task.options.schedule {
        case .every(let d): fields.append(FieldChange(field: "every", old: nil, new: d.description))
        case .cron(let c): fields.append(FieldChange(field: "cron", old: nil, new: c))
        }
        if let offset = task.options.offset { fields.append(FieldChange(field: "offset", old: nil, new: offset.description)) }
        if let c = task.options.concurrency { fields.append(FieldChange(field: "concurrency", old: nil, new: String(c))) }
        if let r = task.options.retry { fields.append(FieldChange(field: "retry", old: nil, new: String(r))) }
        if let d = task.description, !d.isEmpty { fields.append(FieldChange(field: "description", old: nil, new: d)) }
        fields.append(FieldChange(field: "status", old: nil, new: task.status.rawValue))
        if let scriptID = task.scriptID {
            fields.append(FieldChange(field: "scriptID", old: nil, new: scriptID))
            fields.append(FieldChange(field: "scriptParameters", old: nil, new: ScriptParameterValue.describe(task.scriptParameters)))
        } else {
            fields.append(FieldChange(field: "query", old: nil, new: task.query))
        }
        return fields
    }
}
