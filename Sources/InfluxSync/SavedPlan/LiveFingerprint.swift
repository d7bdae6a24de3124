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
/// - With a `scope` (plans saved since it was added), another configuration's tasks (carrying
///   another owner label and not ours, design.md "Ownership and pruning") count only for what
///   the plan reads of them: a name that a declared task or its `previousNames` could match, a
///   pinned `spec.id`, or a label we own among theirs. Those enter with a hash of name and
///   sorted label IDs alone; the others not at all. So another team's applies in a shared org
///   do not make this configuration's saved plan stale.
public struct LiveFingerprint: Codable, Hashable, Sendable {
    /// What the plan read of another configuration's tasks (see the type's documentation).
    public struct Scope: Codable, Hashable, Sendable {
        /// The plan's owner label (`--owner-label`).
        public var ownerLabel: String
        /// The declared tasks' names and `previousNames`, sorted.
        public var taskNames: [String]
        /// The declared tasks' `spec.id` pins (lowercase), sorted.
        public var taskIDs: [String]

        /// Creates a scope from its parts (sorted here).
        public init(ownerLabel: String, taskNames: [String], taskIDs: [String]) {
            self.ownerLabel = ownerLabel
            self.taskNames = Array(Set(taskNames)).sorted()
            self.taskIDs = Array(Set(taskIDs.map { $0.lowercased() })).sorted()
        }

        /// The scope of a plan of `desired` under `ownerLabel`.
        public init(desired: DesiredState, ownerLabel: String) {
            self.init(
                ownerLabel: ownerLabel, taskNames: desired.tasks.flatMap { [$0.name] + $0.previousNames },
                taskIDs: desired.tasks.compactMap(\.pinnedID))
        }
    }

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
    /// Every task of the org, ordered by ID (with a `scope`: but another configuration's tasks
    /// the plan did not read).
    public var tasks: [Task]
    /// What the plan read of another configuration's tasks; nil in a plan saved before it was
    /// added (then every task counts whole).
    public var scope: Scope?

    /// Creates a fingerprint from its parts.
    public init(orgID: String, labels: [Label], tasks: [Task], scope: Scope? = nil) {
        self.orgID = orgID
        self.labels = labels
        self.tasks = tasks
        self.scope = scope
    }

    /// The fingerprint of a fetched live state; with `scope`, another configuration's tasks
    /// count only as the type's documentation says.
    public init(live: LiveState, scope: Scope? = nil) {
        self.scope = scope
        orgID = live.org.id
        labels = live.labels.map { label in
            let props = label.properties.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
            return Label(id: label.id, name: label.name, hash: SHA256Hex.digest(fields: [label.name] + props))
        }.sorted { $0.id < $1.id }
        let names = Set((scope?.taskNames ?? []).map(ExactText.init)), ids = Set(scope?.taskIDs ?? [])
        tasks = live.tasks.compactMap { task in
            let labelIDs = task.labels.map(\.id).sorted()
            if let ours = scope?.ownerLabel, Self.isAnotherConfigurations(task, ownerLabel: ours) {
                let ourIdentity = Ownership.labelIdentity(ours)
                let read =
                    names.contains(ExactText(task.name)) || ids.contains(task.id.lowercased())
                    || task.labels.contains { $0.properties[Ownership.ownerProperty].map(Ownership.labelIdentity) == ourIdentity }
                guard read else { return nil }
                return Task(id: task.id, name: task.name, updatedAt: nil, hash: SHA256Hex.digest(fields: [task.name] + labelIDs))
            }
            let fields = [task.name, task.status, task.description ?? "", task.flux] + labelIDs
            return Task(id: task.id, name: task.name, updatedAt: task.updatedAt, hash: SHA256Hex.digest(fields: fields))
        }.sorted { $0.id < $1.id }
    }

    /// True when `task` carries another owner label and not ours (`ownerLabel`), as the
    /// planner tells them apart.
    private static func isAnotherConfigurations(_ task: InfluxTask, ownerLabel: String) -> Bool {
        !task.labels.contains { Ownership.isOwnerLabel($0, named: ownerLabel) } && task.labels.contains(where: Ownership.isOwnerLabel)
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
