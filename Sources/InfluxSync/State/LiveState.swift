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

    /// Creates a live state; no labels or tasks by default.
    public init(org: InfluxOrg, labels: [InfluxLabel] = [], tasks: [InfluxTask] = []) {
        self.org = org
        self.labels = labels
        self.tasks = tasks
    }
}
