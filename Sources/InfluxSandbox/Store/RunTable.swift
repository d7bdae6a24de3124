/// The sandbox's runs by ID. Stored in the data file exactly as the `[id: run]` object it
/// replaces; remembers which IDs were set since the last `takeChanges()`, for the journal.
struct RunTable: Codable, Sendable {
    private var byID: [String: StoredRun] = [:]
    private var changed: Set<String> = []

    /// An empty table.
    init() {}

    init(from decoder: any Decoder) throws {
        byID = try decoder.singleValueContainer().decode([String: StoredRun].self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(byID)
    }

    /// The run with this ID; setting nil removes it.
    subscript(id: String) -> StoredRun? {
        get { byID[id] }
        set {
            byID[id] = newValue
            changed.insert(id)
        }
    }

    /// Every run, in no particular order.
    var values: Dictionary<String, StoredRun>.Values { byID.values }

    /// Removes the runs for which `shouldRemove` is true.
    mutating func removeAll(where shouldRemove: (StoredRun) -> Bool) {
        for (id, run) in byID where shouldRemove(run) { self[id] = nil }
    }

    /// The runs set since the last call (nil: removed), and forgets them.
    mutating func takeChanges() -> [String: StoredRun?] {
        defer { changed = [] }
        return Dictionary(uniqueKeysWithValues: changed.map { ($0, byID[$0]) })
    }
}
