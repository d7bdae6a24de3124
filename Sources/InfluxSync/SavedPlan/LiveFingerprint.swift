import InfluxAPI

/// A fingerprint of the live state a plan was computed from: the org ID and, for every label
/// and task read, its ID, display name and a SHA-256 of what the plan depends on.
///
/// - Tasks: `updatedAt` (RFC 3339, whole seconds, §3; nil until the first update) plus a hash
///   of name, status, description, `flux` and the sorted IDs of its labels. The hash catches a
///   change within the same second as the plan and a label attached or detached (which does not
///   move `updatedAt`). Run bookkeeping (`latestCompleted`, `lastRunStatus`, `lastRunError`)
///   changes on every run and is left out.
/// - Labels have no `updatedAt` (§9.1): a hash of name and properties (sorted by key) stands in.
public struct LiveFingerprint: Codable, Hashable, Sendable {
    /// One label as read.
    public struct Label: Codable, Hashable, Sendable {
        /// Label ID (16 lowercase hex digits).
        public var id: String
        /// Display name as read.
        public var name: String
        /// SHA-256 of name and sorted properties, lowercase hex.
        public var hash: String

        /// Creates a label entry.
        public init(id: String, name: String, hash: String) {
            self.id = id
            self.name = name
            self.hash = hash
        }
    }

    /// One task as read.
    public struct Task: Codable, Hashable, Sendable {
        /// Task ID (16 lowercase hex digits).
        public var id: String
        /// Task name as read.
        public var name: String
        /// The task's `updatedAt` (RFC 3339), nil when the server omitted it (never updated).
        public var updatedAt: String?
        /// SHA-256 of name, status, description, flux and sorted label IDs, lowercase hex.
        public var hash: String

        /// Creates a task entry.
        public init(id: String, name: String, updatedAt: String?, hash: String) {
            self.id = id
            self.name = name
            self.updatedAt = updatedAt
            self.hash = hash
        }
    }

    /// ID of the org the plan was computed for.
    public var orgID: String
    /// Every label of the org, ordered by ID.
    public var labels: [Label]
    /// Every task of the org, ordered by ID.
    public var tasks: [Task]

    /// Creates a fingerprint from its parts.
    public init(orgID: String, labels: [Label], tasks: [Task]) {
        self.orgID = orgID
        self.labels = labels
        self.tasks = tasks
    }

    /// The fingerprint of a fetched live state.
    public init(live: LiveState) {
        orgID = live.org.id
        labels = live.labels.map { label in
            let props = label.properties.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
            return Label(id: label.id, name: label.name, hash: SHA256Hex.digest(fields: [label.name] + props))
        }.sorted { $0.id < $1.id }
        tasks = live.tasks.map { task in
            let fields = [task.name, task.status, task.description ?? "", task.flux] + task.labels.map(\.id).sorted()
            return Task(id: task.id, name: task.name, updatedAt: task.updatedAt, hash: SHA256Hex.digest(fields: fields))
        }.sorted { $0.id < $1.id }
    }

    /// What moved from `old` to `self`, one sentence each: the org (alone: in another org every
    /// resource differs), else labels, then tasks, each by ID. Empty when nothing the plan read
    /// has changed.
    ///
    /// Sentences: `org ID changed: A → B`; `task "cpu" (ID) changed since the plan (updatedAt
    /// X → Y)` (or `(its labels or content changed)` when `updatedAt` did not move);
    /// `task "cpu" (ID) appeared since the plan`; `task "cpu" (ID) disappeared since the plan`;
    /// the same for `label`.
    public func differences(since old: LiveFingerprint) -> [String] {
        // Another org: every resource differs, and listing them all hides the one fact.
        if orgID != old.orgID { return ["org ID changed: \(old.orgID) → \(orgID)"] }
        var out: [String] = []
        out += Self.compare(
            kind: "label", old: old.labels.map { ($0.id, $0.name, nil as String?, $0.hash) },
            new: labels.map { ($0.id, $0.name, nil as String?, $0.hash) })
        out += Self.compare(
            kind: "task", old: old.tasks.map { ($0.id, $0.name, $0.updatedAt, $0.hash) },
            new: tasks.map { ($0.id, $0.name, $0.updatedAt, $0.hash) })
        return out
    }

    private static func compare(kind: String, old: [(String, String, String?, String)], new: [(String, String, String?, String)]) -> [String] {
        let before = Dictionary(old.map { ($0.0, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.map { ($0.0, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [String] = []
        for id in Set(before.keys).union(after.keys).sorted() {
            switch (before[id], after[id]) {
            case let (b?, a?):
                guard b.3 != a.3 || b.2 != a.2 else { continue }
                var s = "\(kind) \(DisplayText.quoted(a.1)) (\(id)) changed since the plan"
                if b.1 != a.1 { s += " (renamed from \(DisplayText.quoted(b.1)))" }
                if kind == "task" {
                    if b.2 != a.2 {
                        s += " (updatedAt \(b.2 ?? "unset") → \(a.2 ?? "unset"))"
                    } else {
                        s += " (its labels or content changed)"
                    }
                }
                out.append(s)
            case let (nil, a?): out.append("\(kind) \(DisplayText.quoted(a.1)) (\(id)) appeared since the plan")
            case let (b?, nil): out.append("\(kind) \(DisplayText.quoted(b.1)) (\(id)) disappeared since the plan")
            default: break
            }
        }
        return out
    }
}
