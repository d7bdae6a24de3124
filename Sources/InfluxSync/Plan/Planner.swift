import Foundation
import InfluxAPI

/// Options that shape a plan.
public struct PlanOptions: Hashable, Sendable {
    /// Name of the owner label (default `influxsync`).
    public var ownerLabel: String
    /// Delete owned resources no manifest declares (`--prune`).
    public var prune: Bool
    /// Also prune an owned label that unmanaged tasks still carry, taking it off them
    /// (`--prune-labels-in-use`); without it such a label is kept.
    public var pruneLabelsInUse: Bool
    /// The `policies` of `influxsync.yaml` (`PolicyFilter`): ignored fields, protected resources.
    public var policies: Policies
    /// Resolve a name several live labels share to the copy in use (`drift`, which reports
    /// the other copies as duplicates) instead of refusing to plan. The owner label's name is
    /// never resolved this way.
    public var resolveDuplicateLabels: Bool

    /// Creates options; owner label `influxsync`, no pruning, in-use labels kept, no policies,
    /// duplicate labels refused by default.
    public init(ownerLabel: String = "influxsync", prune: Bool = false, pruneLabelsInUse: Bool = false, policies: Policies = Policies(),
                resolveDuplicateLabels: Bool = false) {
        self.ownerLabel = ownerLabel
        self.prune = prune
        self.pruneLabelsInUse = pruneLabelsInUse
        self.policies = policies
        self.resolveDuplicateLabels = resolveDuplicateLabels
    }
}

/// A plan that cannot be made: the live state is ambiguous or conflicts with ownership.
public struct PlanError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Each problem, one sentence, naming the manifest location and live IDs involved.
    public var problems: [String]

    /// Creates an error from its problem sentences.
    public init(problems: [String]) { self.problems = problems }

    /// The problems, one per line.
    public var description: String { problems.joined(separator: "\n") }
}

/// The pure core: computes the changes that make `live` match `desired`.
public enum Planner {
    /// `plan(desired, live) -> Plan`, no I/O (design.md "plan", "Identity", "Ownership and
    /// pruning", "What counts as a difference").
    ///
    /// Order of `Plan.changes`: the owner label (when it must be created), declared labels,
    /// declared tasks (file order), then owned-but-undeclared tasks and labels (delete or
    /// would prune). Unchanged resources produce no change and no operation.
    /// An owned, undeclared label that unmanaged tasks carry is `kept` (no operation), with
    /// those tasks in `unmanagedTasks`; with `pruneLabelsInUse` it is deleted (or would be)
    /// like any other, and `unmanagedTasks` names the tasks that lose it.
    /// A declared task whose live match is the other kind (a Cloud script task declared as a
    /// Flux task, or the reverse) is a `convert` change that replaces it (`TaskConversion`).
    /// Several live tasks carrying our owner label that match one manifest task are owned
    /// duplicates: the lowest ID is kept, the others are `delete` (with `--prune`) or
    /// `would-prune` changes with `duplicateOf` set, listed before the other prunes.
    /// - Throws: `PlanError` when two live tasks could match one manifest task and not all of
    ///   them are owned (every ID named), several live labels match one declared or associated
    ///   label that no `spec.id` pins (every ID named), a declared label has the apply lock's
    ///   reserved name,
    ///   a matching task or label is owned by a different owner label, a pinned `spec.id` does
    ///   not exist, an association names a label that is neither declared nor live, or the plan
    ///   would delete a resource a `protect` policy names (`PolicyFilter`).
    ///
    /// `options.policies` are applied last (`PolicyFilter.apply`): ignored fields leave the
    /// changes and their requests and are listed in `Plan.ignored`.
    public static func plan(desired: DesiredState, live: LiveState, options: PlanOptions = PlanOptions()) throws(PlanError) -> Plan {
        var options = options
        options.ownerLabel = options.ownerLabel.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !options.ownerLabel.isEmpty else {
            throw PlanError(problems: ["the owner label name is empty; pass a name with --owner-label (default \"influxsync\")"])
        }
        let referenced = Set(desired.tasks.flatMap(\.labels).map(Ownership.labelIdentity))
        var labels = LabelPlanner(desired: desired.labels, live: live.labels, orgID: live.org.id, options: options, referenced: referenced,
                                  inUse: Set(live.tasks.flatMap { $0.labels.map(\.id) }))
        var problems = labels.run()
        let ownerRef = labels.ownerLabelRef
        // A task is ours only when it carries *the* owner label: the live label with our name
        // that carries the owner-label role property. A plain label that happens to have the
        // same name marks nothing (it is never taken as proof of ownership, so never pruned).
        let ownerLabelID = labels.liveOwnerLabel.flatMap { Ownership.isOwnerLabel($0) && labels.ambiguous[Ownership.labelIdentity(options.ownerLabel)] == nil ? $0.id : nil }
        func isOurs(_ label: InfluxLabel) -> Bool { label.id == ownerLabelID }
        let matcher = TaskMatcher(desired: desired.tasks, live: live.tasks, isOwned: { $0.labels.contains(where: isOurs) })
        problems += matcher.problems
        func foreignOwner(_ task: InfluxTask) -> InfluxLabel? {
            task.labels.first { Ownership.isOwnerLabel($0) && !isOurs($0) }
        }

        let diffs = Self.diffs(desired.tasks, matches: matcher.matches, parsed: (desired.parsedScripts, live.parsedScripts))
        var taskChanges: [ResourceChange] = []
        var needsOwnerLabel = false
        for (index, task) in desired.tasks.enumerated() {
            // Resolve the labels this task should carry.
            var wanted: [(name: String, ref: IDRef)] = []
            for name in task.labels {
                if let group = labels.ambiguous[Ownership.labelIdentity(name)] {
                    problems.append("\(task.location): task \(DisplayText.quoted(task.name)) is associated with label \(DisplayText.quoted(name)), which matches \(group.count) live labels: \(LabelPlanner.list(group)); declare the label with spec.id to pick one (e.g. `id: \(LabelPlanner.preferred(group, inUse: labels.inUse, ownerLabel: options.ownerLabel).id)`, the one \(LabelPlanner.why(LabelPlanner.preferred(group, inUse: labels.inUse, ownerLabel: options.ownerLabel), inUse: labels.inUse, ownerLabel: options.ownerLabel))), or delete the extra ones")
                    continue
                }
                guard let ref = labels.refs[Ownership.labelIdentity(name)] else {
                    problems.append("\(task.location): task \(DisplayText.quoted(task.name)) is associated with label \(DisplayText.quoted(name)), which is neither declared in the manifests nor present in the org")
                    continue
                }
                wanted.append((name, ref))
            }
            let resource = ResourceRef(kind: .task, name: task.name, id: nil, location: task.location)
            guard let current = matcher.matches[task.key] else {
                needsOwnerLabel = true
                taskChanges.append(ResourceChange(
                    action: .create,
                    resource: resource,
                    fields: createFields(task),
                    labelsAdded: wanted.map(\.name),
                    operations: [.createTask(key: task.key, TaskConversionPlanner.createRequest(task, orgID: live.org.id))]
                        + unique([ownerRef] + wanted.map(\.ref)).map { .addTaskLabel(task: .newTask(task.key), label: $0) }
                ))
                continue
            }
            if let other = foreignOwner(current) {
                problems.append("\(task.location): task \(DisplayText.quoted(task.name)) matches live task \(current.id), which is owned by owner label \(DisplayText.quoted(other.name)); it is not adopted silently (use that owner label, or remove it from the task first)")
                continue
            }
            if let conversion = TaskConversion.needed(desired: task, live: current) {
                needsOwnerLabel = true
                taskChanges.append(TaskConversionPlanner.change(task: task, live: current, conversion: conversion, orgID: live.org.id,
                                                                fields: createFields(task), labels: wanted, ownerRef: ownerRef))
                continue
            }
            let adopt = !current.labels.contains(where: isOurs)
            if adopt { needsOwnerLabel = true }
            let diff = diffs[index]!  // computed for every matched task
            var operations: [PlannedOperation] = diff.update.map { [.updateTask(id: current.id, $0)] } ?? []
            // Associations as sets of label IDs (the owner label included).
            let liveIDs = Set(current.labels.map(\.id))
            var added: [String] = []
            var seenRefs = Set<IDRef>()
            for (name, ref) in [(options.ownerLabel, ownerRef)] + wanted where seenRefs.insert(ref).inserted {
                if case .id(let id) = ref, liveIDs.contains(id) { continue }
                operations.append(.addTaskLabel(task: .id(current.id), label: ref))
                if name != options.ownerLabel { added.append(name) }
            }
            let wantedIDs = Set(seenRefs.compactMap { ref -> String? in if case .id(let id) = ref { id } else { nil } })
            var removed: [String] = []
            for label in current.labels where !wantedIDs.contains(label.id) {
                operations.append(.removeTaskLabel(task: current.id, label: label.id))
                removed.append(label.name)
            }
            guard !operations.isEmpty else { continue }
            var fields = diff.fields
            if adopt { fields.append(FieldChange(field: "owner label", old: nil, new: options.ownerLabel)) }
            taskChanges.append(ResourceChange(
                action: adopt ? .adopt : .update,
                resource: ResourceRef(kind: .task, name: task.name, id: current.id, location: task.location),
                fields: fields, fluxDiff: diff.fluxDiff,
                labelsAdded: added, labelsRemoved: removed,
                operations: operations
            ))
        }

        // Owned copies of a declared task (the lowest ID is kept): delete with --prune.
        var pruneChanges: [ResourceChange] = []
        for task in desired.tasks {
            guard let copies = matcher.duplicates[task.key], let kept = matcher.matches[task.key] else { continue }
            for copy in copies {
                let ref = ResourceRef(kind: .task, name: copy.name, id: copy.id, location: task.location)
                pruneChanges.append(options.prune
                    ? ResourceChange(action: .delete, resource: ref, operations: [.deleteTask(id: copy.id)], duplicateOf: kept.id)
                    : ResourceChange(action: .wouldPrune, resource: ref, duplicateOf: kept.id))
            }
        }

        // Live tasks no manifest declares: owned → prune, otherwise unmanaged.
        let matchedIDs = Set(matcher.matches.values.map(\.id)).union(matcher.duplicates.values.flatMap { $0.map(\.id) })
        var unmanaged: [ResourceRef] = []
        var unmanagedByLabel: [String: [ResourceRef]] = [:]
        for task in live.tasks where !matchedIDs.contains(task.id) {
            let ref = ResourceRef(kind: .task, name: task.name, id: task.id)
            if task.labels.contains(where: isOurs) {
                pruneChanges.append(options.prune
                    ? ResourceChange(action: .delete, resource: ref, operations: [.deleteTask(id: task.id)])
                    : ResourceChange(action: .wouldPrune, resource: ref))
            } else {
                unmanaged.append(ref)
                for label in task.labels { unmanagedByLabel[label.id, default: []].append(ref) }
            }
        }

        var ownerChange: ResourceChange?
        if needsOwnerLabel {
            switch labels.ownerLabelChange() {
            case .success(let change): ownerChange = change
            case .failure(let problem): problems.append(problem.description)
            }
        }
        guard problems.isEmpty else { throw PlanError(problems: problems) }
        let labelChanges = labels.changes
        let labelPrunes = labelChanges.filter { [.delete, .wouldPrune].contains($0.action) }
            .map { LabelPlanner.inUse($0, unmanagedByLabel: unmanagedByLabel, options: options) }
        let labelUpserts = labelChanges.filter { ![.delete, .wouldPrune].contains($0.action) }
        let plan = Plan(
            orgID: live.org.id,
            ownerLabel: options.ownerLabel,
            changes: (ownerChange.map { [$0] } ?? []) + labelUpserts + taskChanges + pruneChanges + labelPrunes,
            unmanaged: unmanaged
        )
        return try PolicyFilter.apply(options.policies, to: plan, desired: desired, live: live)
    }

    /// The difference between a declared task and the live task it matches.
    private static func diff(_ task: DesiredTask, _ current: InfluxTask, parsed: Parsed) -> TaskDiff {
        task.scriptID == nil
            ? TaskDiff(desired: task, live: current, desiredScript: parsed.desired[text: task.script], liveScript: parsed.live[text: current.flux])
            : ScriptTaskDiff.diff(desired: task, live: current)
    }

    /// Scripts parsed ahead of the plan: the declared ones and the live ones.
    private typealias Parsed = (desired: ParsedScripts, live: ParsedScripts)

    /// `diff` of every matched declared task, by index in `tasks` (nil when unmatched). Each is
    /// a pure function of its two tasks — parsing and comparing both scripts, most of a plan's
    /// time — so they are computed on all cores, in slices; the result is the same whatever
    /// the timing, and the plan is assembled from it in declaration order. A script found in
    /// `parsed` is not parsed again.
    private static func diffs(_ tasks: [DesiredTask], matches: [String: InfluxTask], parsed: Parsed) -> [TaskDiff?] {
        let pairs = tasks.map { task in matches[task.key].map { (task, $0) } }
        let slices = pairs.count < 64 ? 1 : min(pairs.count / 32, ProcessInfo.processInfo.activeProcessorCount * 4)
        if slices <= 1 { return pairs.map { $0.map { diff($0, $1, parsed: parsed) } } }
        nonisolated(unsafe) var results = [TaskDiff?](repeating: nil, count: pairs.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                var index = slice
                while index < pairs.count {
                    if let (task, current) = pairs[index] { out[index] = diff(task, current, parsed: parsed) }
                    index += slices
                }
            }
        }
        return results
    }

    private static func unique(_ refs: [IDRef]) -> [IDRef] {
        var seen = Set<IDRef>()
        return refs.filter { seen.insert($0).inserted }
    }

    private static func createFields(_ task: DesiredTask) -> [FieldChange] {
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
