/// Which labels are attached to which resources (§9), indexed by resource so a task's labels
/// are found without scanning every mapping.
///
/// Stored in the data file exactly as the array of `{resourceID, labelID}` it replaces, in the
/// order the mappings were added. Remembers which resources' labels changed since the last
/// `takeChanges()`, for the data file's journal.
struct LabelMappingTable: Codable, Sendable {
    private var all: [LabelMapping] = []
    private var labelIDsByResource: [String: [String]] = [:]
    private var changed: Set<String> = []

    /// An empty table.
    init() {}

    init(from decoder: any Decoder) throws {
        for mapping in try decoder.singleValueContainer().decode([LabelMapping].self) { add(mapping) }
        changed = []
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(all)
    }

    /// Every mapping, in the order they were added.
    var mappings: [LabelMapping] { all }

    /// True when `labelID` is attached to `resourceID`.
    func contains(resourceID: String, labelID: String) -> Bool {
        labelIDsByResource[resourceID]?.contains(labelID) ?? false
    }

    /// IDs of the labels attached to a resource, in the order they were attached.
    func labelIDs(ofResource resourceID: String) -> [String] {
        labelIDsByResource[resourceID] ?? []
    }

    /// Attaches a label (nothing happens when it is already attached).
    mutating func add(_ mapping: LabelMapping) {
        guard !contains(resourceID: mapping.resourceID, labelID: mapping.labelID) else { return }
        all.append(mapping)
        labelIDsByResource[mapping.resourceID, default: []].append(mapping.labelID)
        changed.insert(mapping.resourceID)
    }

    /// Detaches a label (nothing happens when it is not attached).
    mutating func remove(resourceID: String, labelID: String) {
        guard contains(resourceID: resourceID, labelID: labelID) else { return }
        all.removeAll { $0.resourceID == resourceID && $0.labelID == labelID }
        labelIDsByResource[resourceID]?.removeAll { $0 == labelID }
        if labelIDsByResource[resourceID]?.isEmpty == true { labelIDsByResource[resourceID] = nil }
        changed.insert(resourceID)
    }

    /// Makes `wanted` exactly the labels of `resourceID` (replaying a journal entry).
    mutating func set(_ wanted: [String], ofResource resourceID: String) {
        for labelID in self.labelIDs(ofResource: resourceID) where !wanted.contains(labelID) {
            remove(resourceID: resourceID, labelID: labelID)
        }
        for labelID in wanted { add(LabelMapping(resourceID: resourceID, labelID: labelID)) }
    }

    /// The label IDs of every resource whose labels changed since the last call, and forgets
    /// them.
    mutating func takeChanges() -> [String: [String]] {
        defer { changed = [] }
        return Dictionary(uniqueKeysWithValues: changed.map { ($0, labelIDs(ofResource: $0)) })
    }
}
