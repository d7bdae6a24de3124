import Foundation
import InfluxAPI

/// The label part of a plan: the owner label, declared labels (create / update / adopt), and
/// owned labels no longer declared (delete / would prune). Also resolves label names to
/// `IDRef`s for the task part.
struct LabelPlanner {
    let desired: [DesiredLabel]
    let live: [InfluxLabel]
    let orgID: String
    let options: PlanOptions
    /// Identities of labels that declared tasks are associated with: such a label is in use,
    /// so it is never pruned even when no Label document declares it.
    let referenced: Set<String>
    /// IDs of the live labels some live task carries: of same-named copies, the one in use is
    /// the one to keep (`preferred`).
    let inUse: Set<String>

    /// Changes for declared labels and pruning, in declaration order then live ID order.
    /// (Set by the planning steps in `LabelPlanner+…` files.)
    var changes: [ResourceChange] = []
    /// Label identity (trimmed, lowercased name) → where the label's ID comes from.
    var refs: [String: IDRef] = [:]
    /// Live labels by ID.
    let liveByID: [String: InfluxLabel]
    /// Problems found so far (`run` returns them).
    var problems: [String] = []
    /// Label identity → the live labels sharing it, when there are several and no manifest
    /// pins one (an association to such a name is an error).
    var ambiguous: [String: [InfluxLabel]] = [:]

    init(desired: [DesiredLabel], live: [InfluxLabel], orgID: String, options: PlanOptions, referenced: Set<String> = [], inUse: Set<String> = []) {
        self.inUse = inUse
        self.desired = desired
        self.live = live
        self.orgID = orgID
        self.options = options
        self.referenced = referenced
        self.liveByID = Dictionary(live.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// `0a…01 ("CPU"), 0a…02 ("cpu ")`: live labels with their names, by ID.
    static func list(_ labels: [InfluxLabel]) -> String {
        labels.map { "\($0.id) (\(DisplayText.quoted($0.name)))" }.joined(separator: ", ")
    }

    /// Of live labels sharing a name, the one to keep: the one influxsync manages (its owner
    /// property names `ownerLabel`), else one a live task carries, else the lowest ID; within
    /// each rule the lowest ID.
    static func preferred(_ group: [InfluxLabel], inUse: Set<String>, ownerLabel: String) -> InfluxLabel {
        let sorted = group.sorted { $0.id < $1.id }
        let owner = Ownership.labelIdentity(ownerLabel)
        return sorted.first { $0.properties[Ownership.ownerProperty].map(Ownership.labelIdentity) == owner }
            ?? sorted.first { inUse.contains($0.id) } ?? sorted[0]
    }

    /// Why `preferred` chose `label`: `managed by "influxsync"`, `tasks carry`, `with the lowest ID`.
    static func why(_ label: InfluxLabel, inUse: Set<String>, ownerLabel: String) -> String {
        if label.properties[Ownership.ownerProperty].map(Ownership.labelIdentity) == Ownership.labelIdentity(ownerLabel) {
            return "managed by \(DisplayText.quoted(ownerLabel))"
        }
        return inUse.contains(label.id) ? "tasks carry" : "with the lowest ID"
    }

    /// The live owner label, if there is one.
    var liveOwnerLabel: InfluxLabel? {
        live.first { Ownership.labelIdentity($0.name) == Ownership.labelIdentity(options.ownerLabel) }
    }

    /// Computes label changes. Returns the problems found (empty when the plan can go on).
    mutating func run() -> [String] {
        let groups = Dictionary(grouping: live, by: { Ownership.labelIdentity($0.name) }).mapValues { $0.sorted { $0.id < $1.id } }
        let resolved = resolveNames(groups)
        var declared = Set<String>()
        for label in desired {
            planDeclared(label, groups: groups, resolved: resolved, declared: &declared)
        }
        pruneUndeclared(declared: declared)
        return problems
    }

    /// `change` (a label's delete or would-prune) given the unmanaged tasks that carry each
    /// label (by label ID): unchanged when none carries it; else `kept`, without operations,
    /// naming those tasks in `unmanagedTasks` — or, with `--prune-labels-in-use`, the same
    /// action naming the tasks that lose the label.
    static func inUse(_ change: ResourceChange, unmanagedByLabel: [String: [ResourceRef]], options: PlanOptions) -> ResourceChange {
        guard let id = change.resource.id, let tasks = unmanagedByLabel[id], !tasks.isEmpty else { return change }
        var change = change
        change.unmanagedTasks = tasks
        if !options.pruneLabelsInUse {
            change.action = .kept
            change.operations = []
        }
        return change
    }

    /// The live label a declared label stands for: the one with its name, else the one with
    /// one of its `previousNames` (a rename in place). Names compare trimmed and
    /// case-insensitively (§10.1).
    /// - Returns: a failure when the new name is held by another live label than the one found
    ///   by a previous name (the rename would be refused by the server), or when previous names
    ///   match more than one live label.
    static func match(_ label: DesiredLabel, byName: InfluxLabel?, groups: [String: [InfluxLabel]]) -> Result<InfluxLabel?, OwnerLabelProblem> {
        var seen = Set<String>()
        let byPrevious = label.previousNames.flatMap { groups[Ownership.labelIdentity($0)] ?? [] }
            .filter { $0.id != byName?.id && seen.insert($0.id).inserted }
        guard !byPrevious.isEmpty else { return .success(byName) }
        if let byName {
            let old = byPrevious[0]
            return .failure(
                OwnerLabelProblem(
                    description:
                        "\(label.location): label \(DisplayText.quoted(old.name)) (\(old.id)) cannot be renamed to \(DisplayText.quoted(label.name)): another live label \(DisplayText.quoted(byName.name)) (\(byName.id)) has that name; delete or rename that label first, or remove the entry from spec.previousNames"
                ))
        }
        if byPrevious.count > 1 {
            let ids = byPrevious.map { "\(DisplayText.quoted($0.name)) (\($0.id))" }.joined(separator: ", ")
            return .failure(
                OwnerLabelProblem(
                    description:
                        "\(label.location): label \(DisplayText.quoted(label.name)) has previous names matching \(byPrevious.count) live labels: \(ids); keep only the previous name of the label to rename"
                ))
        }
        return .success(byPrevious[0])
    }

    /// The owner label's change: nil when it is in place, a create when it is missing.
    /// Call only when some task needs the owner label.
    /// - Returns: a failure when a label with the owner label's name exists but was not created
    ///   as an owner label (adopting it would make every task that carries it look owned, and
    ///   so prunable), or when it is managed as an ordinary label.
    func ownerLabelChange() -> Result<ResourceChange?, OwnerLabelProblem> {
        guard let current = liveOwnerLabel else {
            return .success(
                ResourceChange(
                    action: .create,
                    resource: ResourceRef(kind: .label, name: options.ownerLabel),
                    fields: [FieldChange(field: "name", old: nil, new: options.ownerLabel)],
                    operations: [.createLabel(LabelCreateRequest(orgID: orgID, name: options.ownerLabel, properties: Ownership.ownerLabelProperties(options.ownerLabel)))]
                ))
        }
        guard Ownership.isOwnerLabel(current) else {
            return .failure(
                OwnerLabelProblem(
                    description:
                        "the org has a label \(DisplayText.quoted(current.name)) (\(current.id)) that is not an influxsync owner label (it lacks the property \(Ownership.roleProperty)=\(Ownership.ownerLabelRole)); choose another --owner-label, or delete or rename that label"
                ))
        }
        return .success(nil)
    }

    /// True when `name` names our owner label (InfluxDB's label identity rule).
    func isOwnerName(_ name: String) -> Bool {
        Ownership.labelIdentity(name) == Ownership.labelIdentity(options.ownerLabel)
    }

    /// Where the owner label's ID comes from.
    var ownerLabelRef: IDRef {
        liveOwnerLabel.map { .id($0.id) } ?? .newLabel(options.ownerLabel)
    }

    /// `s` without surrounding whitespace and line breaks.
    func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// Why the owner label cannot be used.
struct OwnerLabelProblem: Error, CustomStringConvertible {
    let description: String
}
