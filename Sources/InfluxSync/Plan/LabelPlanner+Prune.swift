import InfluxAPI

extension LabelPlanner {
    /// Owned labels no manifest declares and no declared task is associated with: `delete`
    /// with `--prune`, else `would-prune`; in live order.
    mutating func pruneUndeclared(declared: Set<String>) {
        for label in live
        where label.properties[Ownership.ownerProperty].map(isOwnerName) == true
            && !declared.contains(Ownership.labelIdentity(label.name))
            && !referenced.contains(Ownership.labelIdentity(label.name))
        {
            let ref = ResourceRef(kind: .label, name: label.name, id: label.id)
            changes.append(
                options.prune
                    ? ResourceChange(action: .delete, resource: ref, operations: [.deleteLabel(id: label.id)])
                    : ResourceChange(action: .wouldPrune, resource: ref))
        }
    }
}
