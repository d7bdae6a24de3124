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
    private(set) var changes: [ResourceChange] = []
    /// Label identity (trimmed, lowercased name) → where the label's ID comes from.
    private(set) var refs: [String: IDRef] = [:]
    /// Live labels by ID.
    let liveByID: [String: InfluxLabel]
    private var problems: [String] = []
    /// Label identity → the live labels sharing it, when there are several and no manifest
    /// pins one (an association to such a name is an error).
    private(set) var ambiguous: [String: [InfluxLabel]] = [:]

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
        // A name several live labels share (InfluxDB accepted such duplicates until late 2019)
        // never resolves by itself: identity is never guessed.
        let ownerIdentity = Ownership.labelIdentity(options.ownerLabel)
        // With `resolveDuplicateLabels` (drift), a shared name resolves to the copy in use; the
        // others are reported as duplicates by the drift report.
        var resolved: [String: InfluxLabel] = [:]
        for (identity, group) in groups {
            if group.count == 1 {
                refs[identity] = .id(group[0].id)
            } else if options.resolveDuplicateLabels && identity != ownerIdentity {
                let kept = Self.preferred(group, inUse: inUse, ownerLabel: options.ownerLabel)
                refs[identity] = .id(kept.id)
                resolved[identity] = kept
            } else {
                ambiguous[identity] = group
            }
        }
        if let owners = ambiguous[ownerIdentity] {
            problems.append("the owner label \(DisplayText.quoted(options.ownerLabel)) matches \(owners.count) live labels: \(Self.list(owners)); ownership would be guessed, so delete the extra labels (keep the one with the property \(Ownership.roleProperty)=\(Ownership.ownerLabelRole))")
        }
        let leaseIdentity = Ownership.labelIdentity(ApplyLease.labelName(forOwnerLabel: options.ownerLabel))
        var declared = Set<String>()
        for label in desired {
            let identity = Ownership.labelIdentity(label.name)
            declared.insert(identity)
            if identity == ownerIdentity {
                problems.append("\(label.location): label \(DisplayText.quoted(label.name)) has the name of the owner label \(DisplayText.quoted(options.ownerLabel)); rename it or choose another --owner-label")
                continue
            }
            if identity == leaseIdentity {
                problems.append("\(label.location): label \(DisplayText.quoted(label.name)) has the name reserved for the apply lock of owner label \(DisplayText.quoted(options.ownerLabel)); rename it")
                continue
            }
            let candidate: InfluxLabel?
            if let pinned = label.pinnedID {
                guard let found = liveByID[pinned] else {
                    problems.append("\(label.location): label \(DisplayText.quoted(label.name)) is pinned by spec.id to \(pinned), which does not exist in the org")
                    continue
                }
                let others = (groups[identity] ?? []).filter { $0.id != found.id }
                if Ownership.labelIdentity(found.name) != identity, !others.isEmpty {
                    problems.append("\(label.location): label \(DisplayText.quoted(label.name)) is pinned by spec.id to \(pinned) (\(DisplayText.quoted(found.name))), but renaming it would clash with live \(Self.list(others)); delete or rename those first")
                    continue
                }
                refs[identity] = .id(found.id)
                ambiguous[identity] = nil
                candidate = found
            } else if let group = ambiguous[identity] {
                problems.append("\(label.location): label \(DisplayText.quoted(label.name)) matches \(group.count) live labels: \(Self.list(group)); pin one with spec.id (e.g. `id: \(Self.preferred(group, inUse: inUse, ownerLabel: options.ownerLabel).id)` under spec, the one \(Self.why(Self.preferred(group, inUse: inUse, ownerLabel: options.ownerLabel), inUse: inUse, ownerLabel: options.ownerLabel))), or delete the extra ones")
                continue
            } else {
                switch Self.match(label, byName: resolved[identity] ?? groups[identity]?.first, groups: groups) {
                case .success(let found): candidate = found
                case .failure(let problem): problems.append(problem.description); continue
                }
            }
            if let candidate, Ownership.labelIdentity(candidate.name) != identity {
                // Renamed through previousNames: the old name is declared too (never pruned), and
                // associations by the new name resolve to the renamed label's ID.
                declared.insert(Ownership.labelIdentity(candidate.name))
                refs[identity] = .id(candidate.id)
            }
            guard let current = candidate else {
                var properties = [Ownership.ownerProperty: options.ownerLabel]
                if let color = label.color { properties["color"] = color }
                if let description = label.description { properties["description"] = description }
                let name = trimmed(label.name)
                refs[identity] = .newLabel(name)
                var fields = [FieldChange(field: "name", old: nil, new: name)]
                if let color = label.color { fields.append(FieldChange(field: "color", old: nil, new: color)) }
                if let description = label.description { fields.append(FieldChange(field: "description", old: nil, new: description)) }
                changes.append(ResourceChange(
                    action: .create,
                    resource: ResourceRef(kind: .label, name: name, location: label.location),
                    fields: fields,
                    operations: [.createLabel(LabelCreateRequest(orgID: orgID, name: name, properties: properties))]
                ))
                continue
            }
            if Ownership.isOwnerLabel(current) {
                problems.append("\(label.location): label \(DisplayText.quoted(label.name)) (\(current.id)) is the owner label of another influxsync configuration; it cannot be managed as an ordinary label")
                continue
            }
            let owner = current.properties[Ownership.ownerProperty]
            if let owner, !isOwnerName(owner) {
                problems.append("\(label.location): label \(DisplayText.quoted(label.name)) (\(current.id)) is managed by owner label \(DisplayText.quoted(owner)), not \(DisplayText.quoted(options.ownerLabel)); it is not adopted silently")
                continue
            }
            var fields: [FieldChange] = []
            var update = LabelUpdateRequest()
            var properties: [String: String] = [:]
            let name = trimmed(label.name)
            if current.name != name {
                fields.append(FieldChange(field: "name", old: current.name, new: name))
                update.name = name
            }
            for (key, want) in [("color", label.color), ("description", label.description)] {
                let have = current.properties[key]
                if (have ?? "") != (want ?? "") {
                    fields.append(FieldChange(field: key, old: have, new: want))
                    properties[key] = want ?? ""
                }
            }
            let adopt = owner == nil
            if adopt {
                properties[Ownership.ownerProperty] = options.ownerLabel
                // The PATCH sets the owner property: the plan shows it like any other change.
                fields.append(FieldChange(field: "property \(Ownership.ownerProperty)", old: nil, new: options.ownerLabel))
            }
            if !properties.isEmpty { update.properties = properties }
            guard adopt || !fields.isEmpty else { continue }
            changes.append(ResourceChange(
                action: adopt ? .adopt : .update,
                resource: ResourceRef(kind: .label, name: name, id: current.id, location: label.location),
                fields: fields,
                operations: [.updateLabel(id: current.id, update)]
            ))
        }
        // Owned labels no manifest declares.
        for label in live where label.properties[Ownership.ownerProperty].map(isOwnerName) == true
            && !declared.contains(Ownership.labelIdentity(label.name))
            && !referenced.contains(Ownership.labelIdentity(label.name)) {
            let ref = ResourceRef(kind: .label, name: label.name, id: label.id)
            changes.append(options.prune
                ? ResourceChange(action: .delete, resource: ref, operations: [.deleteLabel(id: label.id)])
                : ResourceChange(action: .wouldPrune, resource: ref))
        }
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
            return .failure(OwnerLabelProblem(description: "\(label.location): label \(DisplayText.quoted(old.name)) (\(old.id)) cannot be renamed to \(DisplayText.quoted(label.name)): another live label \(DisplayText.quoted(byName.name)) (\(byName.id)) has that name; delete or rename that label first, or remove the entry from spec.previousNames"))
        }
        if byPrevious.count > 1 {
            let ids = byPrevious.map { "\(DisplayText.quoted($0.name)) (\($0.id))" }.joined(separator: ", ")
            return .failure(OwnerLabelProblem(description: "\(label.location): label \(DisplayText.quoted(label.name)) has previous names matching \(byPrevious.count) live labels: \(ids); keep only the previous name of the label to rename"))
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
            return .success(ResourceChange(
                action: .create,
                resource: ResourceRef(kind: .label, name: options.ownerLabel),
                fields: [FieldChange(field: "name", old: nil, new: options.ownerLabel)],
                operations: [.createLabel(LabelCreateRequest(orgID: orgID, name: options.ownerLabel, properties: Ownership.ownerLabelProperties(options.ownerLabel)))]
            ))
        }
        guard Ownership.isOwnerLabel(current) else {
            return .failure(OwnerLabelProblem(description: "the org has a label \(DisplayText.quoted(current.name)) (\(current.id)) that is not an influxsync owner label (it lacks the property \(Ownership.roleProperty)=\(Ownership.ownerLabelRole)); choose another --owner-label, or delete or rename that label"))
        }
        return .success(nil)
    }

    /// True when `name` names our owner label (InfluxDB's label identity rule).
    private func isOwnerName(_ name: String) -> Bool {
        Ownership.labelIdentity(name) == Ownership.labelIdentity(options.ownerLabel)
    }

    /// Where the owner label's ID comes from.
    var ownerLabelRef: IDRef {
        liveOwnerLabel.map { .id($0.id) } ?? .newLabel(options.ownerLabel)
    }

    private func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// Why the owner label cannot be used.
struct OwnerLabelProblem: Error, CustomStringConvertible {
    let description: String
}
