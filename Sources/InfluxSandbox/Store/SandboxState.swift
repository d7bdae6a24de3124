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
    /// Buckets by ID (§17).
    var buckets: [String: StoredBucket] = [:]
    /// Secrets per org ID: key → value (§18); values are never served.
    var secrets: [String: [String: String]] = [:]

    init() {}

    private enum CodingKeys: String, CodingKey {
        case formatVersion, ids, orgs, users, tokens, tasks, labels, labelMappings, members, runs, runFailures, heldTasks
        case buckets, secrets
    }

    /// Decodes a data file; `buckets` and `secrets` may be absent (files written before
    /// they existed).
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        ids = try c.decode(IDGenerator.self, forKey: .ids)
        orgs = try c.decode([StoredOrg].self, forKey: .orgs)
        users = try c.decode([StoredUser].self, forKey: .users)
        tokens = try c.decode([StoredToken].self, forKey: .tokens)
        tasks = try c.decode(TaskTable.self, forKey: .tasks)
        labels = try c.decode([String: StoredLabel].self, forKey: .labels)
        labelMappings = try c.decode(LabelMappingTable.self, forKey: .labelMappings)
        members = try c.decode([MemberMapping].self, forKey: .members)
        runs = try c.decode(RunTable.self, forKey: .runs)
        runFailures = try c.decode([String: String].self, forKey: .runFailures)
        heldTasks = try c.decode(Set<String>.self, forKey: .heldTasks)
        buckets = try c.decodeIfPresent([String: StoredBucket].self, forKey: .buckets) ?? [:]
        secrets = try c.decodeIfPresent([String: [String: String]].self, forKey: .secrets) ?? [:]
    }

    /// The buckets of an org, in byte order of their names (§17.3).
    func buckets(ofOrg orgID: String) -> [StoredBucket] {
        buckets.values.filter { $0.orgID == orgID }.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }

    /// The authorization with this ID.
    func token(id: String) -> StoredToken? { tokens.first { $0.id == id } }

    /// The org with this ID.
    func org(id: String) -> StoredOrg? { orgs.first { $0.id == id } }

    /// The org with this exact name, surrounding spaces ignored on both sides (§4.2, §11): a
    /// name is stored untrimmed (§21.1), so ` o3 ` is found as `o3` (it was never found).
    func org(named name: String) -> StoredOrg? {
        let trimmed = name.trimmingWhitespace()
        return orgs.first { $0.name.trimmingWhitespace() == trimmed }
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
