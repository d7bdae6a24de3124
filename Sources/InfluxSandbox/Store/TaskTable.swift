/// The sandbox's tasks by ID, with their IDs also kept in ascending order, overall and per org,
/// so a list page (§5) is a binary search and a slice instead of a sort of every task.
///
/// Stored in the data file exactly as the `[id: task]` object it replaces. Remembers which IDs
/// were set since the last `takeChanges()`, for the data file's journal.
struct TaskTable: Codable, Sendable {
    private var byID: [String: StoredTask] = [:]
    private var sortedIDs: [String] = []
    private var sortedIDsByOrg: [String: [String]] = [:]
    private var changed: Set<String> = []

    /// An empty table.
    init() {}

    init(from decoder: any Decoder) throws {
        byID = try decoder.singleValueContainer().decode([String: StoredTask].self)
        sortedIDs = byID.keys.sorted()
        for id in sortedIDs { sortedIDsByOrg[byID[id]!.orgID, default: []].append(id) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(byID)
    }

    /// The task with this ID; setting nil removes it, setting a task adds or replaces it.
    subscript(id: String) -> StoredTask? {
        get { byID[id] }
        set {
            let old = byID[id]
            byID[id] = newValue
            changed.insert(id)
            switch (old, newValue) {
            case (nil, let new?):
                Self.insert(id, into: &sortedIDs)
                Self.insert(id, into: &sortedIDsByOrg[new.orgID, default: []])
            case (let old?, nil):
                Self.remove(id, from: &sortedIDs)
                Self.remove(id, from: &sortedIDsByOrg[old.orgID, default: []])
            case (let old?, let new?) where old.orgID != new.orgID:
                Self.remove(id, from: &sortedIDsByOrg[old.orgID, default: []])
                Self.insert(id, into: &sortedIDsByOrg[new.orgID, default: []])
            default:
                break
            }
        }
    }

    /// The tasks set since the last call (nil: removed), and forgets them.
    mutating func takeChanges() -> [String: StoredTask?] {
        defer { changed = [] }
        return Dictionary(uniqueKeysWithValues: changed.map { ($0, byID[$0]) })
    }

    /// Every task, in no particular order.
    var values: Dictionary<String, StoredTask>.Values { byID.values }

    /// Number of tasks.
    var count: Int { byID.count }

    /// Task IDs in ascending order: of one org, or of every org when `org` is nil.
    func ids(org: String?) -> [String] {
        guard let org else { return sortedIDs }
        return sortedIDsByOrg[org] ?? []
    }

    /// The index of the first ID of `ids` that is not less than `id`.
    static func lowerBound(_ id: String, in ids: [String]) -> Int {
        var low = 0, high = ids.count
        while low < high {
            let mid = (low + high) / 2
            if ids[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private static func insert(_ id: String, into ids: inout [String]) {
        ids.insert(id, at: lowerBound(id, in: ids))
    }

    private static func remove(_ id: String, from ids: inout [String]) {
        let index = lowerBound(id, in: ids)
        if index < ids.count, ids[index] == id { ids.remove(at: index) }
    }
}
