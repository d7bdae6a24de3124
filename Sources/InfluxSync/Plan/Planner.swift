/// Options that shape a plan.
public struct PlanOptions: Hashable, Sendable {
    /// Name of the owner label (default `influxsync`).
    public var ownerLabel: String
    /// Delete owned resources no manifest declares (`--prune`).
    public var prune: Bool

    public init(ownerLabel: String = "influxsync", prune: Bool = false) {
        self.ownerLabel = ownerLabel
        self.prune = prune
    }
}

/// A plan that cannot be made: the live state is ambiguous or conflicts with ownership.
public struct PlanError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Each problem, one sentence, naming the manifest location and live IDs involved.
    public var problems: [String]

    public init(problems: [String]) { self.problems = problems }

    public var description: String { problems.joined(separator: "\n") }
}

/// The pure core: computes the changes that make `live` match `desired`.
public enum Planner {
    /// `plan(desired, live) -> Plan`, no I/O (design.md "plan", "Identity", "Ownership",
    /// "What counts as a difference").
    /// - Throws: `PlanError` when two live tasks could match one manifest task (both IDs named),
    ///   a matching task is owned by a different owner label, or an association names a label
    ///   that is neither declared nor live.
    public static func plan(desired: DesiredState, live: LiveState, options: PlanOptions = PlanOptions()) throws(PlanError) -> Plan {
        fatalError("Planner.plan is not implemented yet")
    }
}
