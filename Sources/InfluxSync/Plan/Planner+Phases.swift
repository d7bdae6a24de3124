import InfluxAPI

extension Planner {
    /// `Plan.changes` in order: the owner label (when it must be created), declared labels,
    /// declared tasks, task prunes, then label prunes (kept when unmanaged tasks carry the
    /// label, unless `--prune-labels-in-use`; `LabelPlanner.inUse`).
    static func orderedChanges(
        owner: ResourceChange?, labels: [ResourceChange], tasks: [ResourceChange], prunes: [ResourceChange],
        unmanagedByLabel: [String: [ResourceRef]], options: PlanOptions
    ) -> [ResourceChange] {
        let labelPrunes = labels.filter { [.delete, .wouldPrune].contains($0.action) }
            .map { LabelPlanner.inUse($0, unmanagedByLabel: unmanagedByLabel, options: options) }
        let labelUpserts = labels.filter { ![.delete, .wouldPrune].contains($0.action) }
        return (owner.map { [$0] } ?? []) + labelUpserts + tasks + prunes + labelPrunes
    }
}
