import InfluxAPI

extension Planner {
    /// The `update` (or `adopt`) change of a declared task matched to a live one: the field
    /// update from `diff`, then the label associations (the owner label included) added and
    /// removed as sets of label IDs; nil when nothing changes.
    static func updateChange(
        _ task: DesiredTask, live current: InfluxTask, diff: TaskDiff, wanted: [(name: String, ref: IDRef)],
        ownerRef: IDRef, adopt: Bool, options: PlanOptions
    ) -> ResourceChange? {
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
        guard !operations.isEmpty else { return nil }
        var fields = diff.fields
        if adopt { fields.append(FieldChange(field: "owner label", old: nil, new: options.ownerLabel)) }
        return ResourceChange(
            action: adopt ? .adopt : .update,
            resource: ResourceRef(kind: .task, name: task.name, id: current.id, location: task.location),
            fields: fields, fluxDiff: diff.fluxDiff,
            labelsAdded: added, labelsRemoved: removed,
            operations: operations
        )
    }
}
