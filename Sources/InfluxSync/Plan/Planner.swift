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
    /// Conversions are allowed (`--allow-conversion`): an owned copy of a declared task that is
    /// of the other kind — the old task of a conversion that stopped after creating the new one —
    /// is deleted (the conversion finishes), with or without `--prune`.
    public var allowConversion: Bool

    /// Creates options; owner label `influxsync`, no pruning, in-use labels kept, no policies,
    /// duplicate labels refused, conversions not finished by default.
    public init(
        ownerLabel: String = "influxsync", prune: Bool = false, pruneLabelsInUse: Bool = false, policies: Policies = Policies(),
        resolveDuplicateLabels: Bool = false, allowConversion: Bool = false
    ) {
        self.ownerLabel = ownerLabel
        self.prune = prune
        self.pruneLabelsInUse = pruneLabelsInUse
        self.policies = policies
        self.resolveDuplicateLabels = resolveDuplicateLabels
        self.allowConversion = allowConversion
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
    /// duplicates: the copy of the declared kind is kept (else the lowest ID), the others are
    /// `delete` (with `--prune`) or
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
        var labels = LabelPlanner(
            desired: desired.labels, live: live.labels, orgID: live.org.id, options: options, referenced: referenced,
            inUse: Set(live.tasks.flatMap { $0.labels.map(\.id) }))
        var problems = labels.run()
        // A task is ours only when it carries *the* owner label: the live label with our name
        // that carries the owner-label role property. A plain label that happens to have the
        // same name marks nothing (it is never taken as proof of ownership, so never pruned).
        let ownerLabelID = labels.liveOwnerLabel.flatMap { Ownership.isOwnerLabel($0) && labels.ambiguous[Ownership.labelIdentity(options.ownerLabel)] == nil ? $0.id : nil }
        func isOurs(_ label: InfluxLabel) -> Bool { label.id == ownerLabelID }
        let matcher = TaskMatcher(desired: desired.tasks, live: live.tasks, isOwned: { $0.labels.contains(where: isOurs) })
        problems += matcher.problems

        let diffs = Self.diffs(desired.tasks, matcher: matcher, liveScripts: live.parsedScripts)
        let tasks = planTasks(
            desired.tasks, diffs: diffs, matcher: matcher, labels: labels, orgID: live.org.id, options: options,
            isOurs: isOurs, problems: &problems)
        let undeclared = undeclaredTasks(live.tasks, matcher: matcher, options: options, isOurs: isOurs)
        let pruneChanges = duplicatePrunes(desired.tasks, matcher: matcher, options: options) + undeclared.prunes

        var ownerChange: ResourceChange?
        if tasks.needsOwnerLabel {
            switch labels.ownerLabelChange() {
            case .success(let change): ownerChange = change
            case .failure(let problem): problems.append(problem.description)
            }
        }
        guard problems.isEmpty else { throw PlanError(problems: problems) }
        let plan = Plan(
            orgID: live.org.id,
            ownerLabel: options.ownerLabel,
            changes: orderedChanges(
                owner: ownerChange, labels: labels.changes, tasks: tasks.changes, prunes: pruneChanges,
                unmanagedByLabel: undeclared.unmanagedByLabel, options: options),
            unmanaged: undeclared.unmanaged
        )
        return try PolicyFilter.apply(options.policies, to: plan, desired: desired, live: live)
    }

    /// The difference between a declared task and the live task it matches.
    /// The live script is looked up in `liveScripts` (read while the pages were fetched); the
    /// declared one is that same script when its text is the same bytes (an unchanged task),
    /// else `DesiredTask.parsedScript` or a parse here (`TaskDiff`).
    private static func diff(_ task: DesiredTask, _ current: InfluxTask, liveScripts: ParsedScripts) -> TaskDiff {
        task.scriptID == nil
            ? TaskDiff(desired: task, live: current, desiredScript: task.parsedScript, liveScript: liveScripts[text: current.flux])
            : ScriptTaskDiff.diff(desired: task, live: current)
    }

    /// `diff` of every matched declared task, by index in `tasks` (nil when unmatched). Each is
    /// a pure function of its two tasks — parsing and comparing both scripts, most of a plan's
    /// time — so they are computed on all cores, in slices; the result is the same whatever
    /// the timing, and the plan is assembled from it in declaration order. A script read
    /// already (`DesiredTask.parsedScript`, `liveScripts`) is not parsed again.
    private static func diffs(_ tasks: [DesiredTask], matcher: TaskMatcher, liveScripts: ParsedScripts) -> [TaskDiff?] {
        // Each worker looks its pairs up (no array of 10,000 copied pairs).
        let slices = tasks.count < 64 ? 1 : min(tasks.count / 32, ProcessInfo.processInfo.activeProcessorCount * 4)
        let live = matcher.live
        let matchIndex = matcher.matchIndex
        if slices <= 1 { return tasks.map { task in matchIndex[task.key].map { diff(task, live[$0], liveScripts: liveScripts) } } }
        nonisolated(unsafe) var results = [TaskDiff?](repeating: nil, count: tasks.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                var index = slice
                while index < tasks.count {
                    if let match = matchIndex[tasks[index].key] { out[index] = diff(tasks[index], live[match], liveScripts: liveScripts) }
                    index += slices
                }
            }
        }
        return results
    }
}
