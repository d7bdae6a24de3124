/// Everything the sandbox knows; the JSON data file holds exactly this value.
struct SandboxState: Codable, Sendable {
    /// Format version of the data file.
    var formatVersion = 1
    var ids = IDGenerator()
    var orgs: [StoredOrg] = []
    var users: [StoredUser] = []
    var tokens: [StoredToken] = []
    var tasks = TaskTable()
    var labels: [String: StoredLabel] = [:]
    var labelMappings = LabelMappingTable()
    var members: [MemberMapping] = []
    var runs = RunTable()
    /// Task ID → message: runs of that task fail with this message (control API).
    var runFailures: [String: String] = [:]
    /// Task IDs whose new runs stay `scheduled` until released (control API).
    var heldTasks: Set<String> = []

    /// The org with this ID.
    func org(id: String) -> StoredOrg? { orgs.first { $0.id == id } }

    /// The org with this exact name, surrounding spaces of the query ignored (§4.2, §11).
    func org(named name: String) -> StoredOrg? {
        let trimmed = name.trimmingWhitespace()
        return orgs.first { $0.name == trimmed }
    }

    /// The user with this ID.
    func user(id: String) -> StoredUser? { users.first { $0.id == id } }

    /// Labels attached to a resource that still exist, ordered by label ID (§9.2).
    func labels(ofResource resourceID: String) -> [StoredLabel] {
        labelMappings.labelIDs(ofResource: resourceID)
            .compactMap { labels[$0] }
            .sorted { $0.id < $1.id }
    }

    /// Runs of a task.
    func runs(ofTask taskID: String) -> [StoredRun] {
        runs.values.filter { $0.taskID == taskID }
    }
}

extension String {
    /// Trimmed of surrounding spaces, tabs and line breaks (Go's `strings.TrimSpace`).
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[start...end])
    }
}
