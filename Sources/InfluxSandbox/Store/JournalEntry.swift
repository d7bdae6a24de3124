/// One line of the data file's journal: what one write changed, as whole records — tasks and
/// runs by ID (`null`: removed), the label IDs of each resource whose labels changed, and any
/// small collection (orgs, users, tokens, labels, members, run failures, held tasks, buckets,
/// secrets, the ID generator) that changed, whole.
///
/// Applying an entry sets those records to the values it holds, so replaying entries that a
/// snapshot already contains changes nothing: a crash between writing a snapshot and emptying
/// the journal is harmless.
struct JournalEntry: Codable, Sendable {
    var tasks: [String: StoredTask?]?
    var runs: [String: StoredRun?]?
    var taskLabels: [String: [String]]?
    var small: SmallCollections?

    /// True when the write changed nothing.
    var isEmpty: Bool { tasks == nil && runs == nil && taskLabels == nil && small == nil }

    /// Sets the records this entry holds in `state`.
    func apply(to state: inout SandboxState) {
        for (id, task) in tasks ?? [:] { state.tasks[id] = task }
        for (id, run) in runs ?? [:] { state.runs[id] = run }
        for (resource, labelIDs) in taskLabels ?? [:] { state.labelMappings.set(labelIDs, ofResource: resource) }
        if let small { state.small = small }
    }
}

/// The collections of `SandboxState` that stay small (a handful of orgs, users and tokens; tens
/// of labels): a journal entry holds them whole when they changed.
struct SmallCollections: Codable, Sendable, Equatable {
    var ids: IDGenerator
    var orgs: [StoredOrg]
    var users: [StoredUser]
    var tokens: [StoredToken]
    var labels: [String: StoredLabel]
    var members: [MemberMapping]
    var runFailures: [String: String]
    var heldTasks: Set<String>
    /// Optional so that journals written before buckets and secrets still load.
    var buckets: [String: StoredBucket]?
    var secrets: [String: [String: String]]?
}

extension SandboxState {
    /// The small collections, read or replaced together.
    var small: SmallCollections {
        get {
            SmallCollections(
                ids: ids, orgs: orgs, users: users, tokens: tokens, labels: labels,
                members: members, runFailures: runFailures, heldTasks: heldTasks,
                buckets: buckets, secrets: secrets)
        }
        set {
            ids = newValue.ids
            orgs = newValue.orgs
            users = newValue.users
            tokens = newValue.tokens
            labels = newValue.labels
            members = newValue.members
            runFailures = newValue.runFailures
            heldTasks = newValue.heldTasks
            buckets = newValue.buckets ?? [:]
            secrets = newValue.secrets ?? [:]
        }
    }

    /// What changed since the last call (tasks, runs and label mappings as tracked by their
    /// tables; the small collections compared with `journaled`), and forgets the tracked changes.
    mutating func takeJournalEntry(since journaled: SmallCollections?) -> JournalEntry {
        var entry = JournalEntry()
        let tasks = self.tasks.takeChanges()
        if !tasks.isEmpty { entry.tasks = tasks }
        let runs = self.runs.takeChanges()
        if !runs.isEmpty { entry.runs = runs }
        let mappings = labelMappings.takeChanges()
        if !mappings.isEmpty { entry.taskLabels = mappings }
        let small = self.small
        if small != journaled { entry.small = small }
        return entry
    }
}
