import InfluxAPI

extension Planner {
    /// Owned copies of a declared task (the match is kept: the copy of the declared kind, else
    /// the lowest ID): `delete` with `--prune`, else
    /// `would-prune`, each with `duplicateOf` set; in declaration order.
    static func duplicatePrunes(_ tasks: [DesiredTask], matcher: TaskMatcher, options: PlanOptions) -> [ResourceChange] {
        var pruneChanges: [ResourceChange] = []
        for task in tasks {
            guard let copies = matcher.duplicates[task.key], let kept = matcher.match(task.key) else { continue }
            for copy in copies {
                let ref = ResourceRef(kind: .task, name: copy.name, id: copy.id, location: task.location)
                // The old half of a conversion that stopped after creating the new task: with
                // conversions allowed, deleting it finishes the conversion.
                let leftOfConversion = options.allowConversion && TaskConversion.needed(desired: task, live: copy) != nil
                pruneChanges.append(
                    options.prune || leftOfConversion
                        ? ResourceChange(action: .delete, resource: ref, operations: [.deleteTask(id: copy.id)], duplicateOf: kept.id)
                        : ResourceChange(action: .wouldPrune, resource: ref, duplicateOf: kept.id))
            }
        }
        return pruneChanges
    }

    /// Live tasks no manifest declares: owned ones are pruned (`delete` with `--prune`, else
    /// `would-prune`), the others are unmanaged, also listed by each label they carry (by ID).
    /// A task carrying another configuration's owner label as well as ours is unmanaged.
    static func undeclaredTasks(_ tasks: [InfluxTask], matcher: TaskMatcher, options: PlanOptions, isOurs: (InfluxLabel) -> Bool)
        -> (prunes: [ResourceChange], unmanaged: [ResourceRef], unmanagedByLabel: [String: [ResourceRef]])
    {
        let matchedIDs = Set(matcher.matchIndex.values.map { matcher.live[$0].id }).union(matcher.duplicates.values.flatMap { $0.map(\.id) })
        var prunes: [ResourceChange] = []
        var unmanaged: [ResourceRef] = []
        var unmanagedByLabel: [String: [ResourceRef]] = [:]
        // By index: only the unmatched tasks (few) are copied, not all 10,000.
        for index in tasks.indices where !matchedIDs.contains(tasks[index].id) {
            let task = tasks[index]
            let ref = ResourceRef(kind: .task, name: task.name, id: task.id)
            // A task that also carries another configuration's owner label is not ours alone:
            // never deleted (it is listed with the unmanaged tasks).
            let ownedByAnother = task.labels.contains { !isOurs($0) && Ownership.isOwnerLabel($0) }
            if task.labels.contains(where: isOurs) && !ownedByAnother {
                prunes.append(
                    options.prune
                        ? ResourceChange(action: .delete, resource: ref, operations: [.deleteTask(id: task.id)])
                        : ResourceChange(action: .wouldPrune, resource: ref))
            } else {
                // Another configuration's task (its owner label, not ours) is managed, by that
                // configuration: not listed as unmanaged (in a shared org a team's plan and
                // drift would list every other team's task), but the labels it carries are kept
                // from a prune as those of any task not ours.
                if !ownedByAnother || task.labels.contains(where: isOurs) { unmanaged.append(ref) }
                for label in task.labels { unmanagedByLabel[label.id, default: []].append(ref) }
            }
        }
        return (prunes, unmanaged, unmanagedByLabel)
    }
}
