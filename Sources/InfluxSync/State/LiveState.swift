import InfluxAPI

/// What the server holds for one org: its labels and every task (each with its labels), as
/// fetched by `LiveStateFetcher` (design.md "fetch").
public struct LiveState: Hashable, Sendable {
    /// The org (ID and name).
    public var org: InfluxOrg
    /// Every label of the org, ordered by ID.
    public var labels: [InfluxLabel]
    /// Every task of the org (type system), ordered by ID.
    public var tasks: [InfluxTask]
    /// The tasks' scripts, parsed as they were read (`LiveStateFetcher`), for the planner to
    /// look up. Derived from `tasks`, so it takes no part in equality; empty when the state
    /// was built by hand, and the planner then parses each script itself.
    public var parsedScripts = ParsedScripts()
    /// The apply leases (lock labels, `ApplyLease`) found when the labels were read, of any
    /// owner label: left out of `labels`, and of equality, but a plan or drift report made
    /// while an apply runs says so.
    public var leases: [ApplyLease] = []

    /// Creates a live state; no labels or tasks by default.
    public init(org: InfluxOrg, labels: [InfluxLabel] = [], tasks: [InfluxTask] = []) {
        self.org = org
        self.labels = labels
        self.tasks = tasks
    }

    /// Equal org, labels and tasks.
    public static func == (lhs: LiveState, rhs: LiveState) -> Bool {
        lhs.org == rhs.org && lhs.labels == rhs.labels && lhs.tasks == rhs.tasks
    }

    /// Hashes the org, labels and tasks.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(org)
        hasher.combine(labels)
        hasher.combine(tasks)
    }
}
