/// A bucket (influxdb-api.md §17.1). `type` is `user` or `system` (`_tasks`, `_monitoring`).
struct StoredBucket: Codable, Sendable, Equatable {
    var id: String
    var orgID: String
    var name: String
    var description: String = ""
    /// `user` or `system` (§17.4).
    var type: String = "user"
    /// Retention in seconds; 0 = forever (§17.2).
    var everySeconds: Int = 0
    /// Shard-group duration in seconds as stored (§17.2).
    var shardGroupSeconds: Int = 604_800
    /// The v1 retention-policy name given at creation (`rp`); nil or empty is not shown (§17.1).
    var rp: String?
    var createdAt: Timestamp
    var updatedAt: Timestamp

    /// True for `_tasks` and `_monitoring` (§17.4).
    var isSystem: Bool { type == "system" }

    /// The shard-group duration InfluxDB fills in on create for a retention (§17.2): 0 or ≥ 180
    /// days → 7 days; ≥ 2 days → 1 day; otherwise 1 hour. An explicit value below 1 hour is
    /// raised to 1 hour.
    static func normalizedShardGroup(retention: Int, requested: Int) -> Int {
        if requested > 0 { return max(requested, 3600) }
        if retention == 0 || retention >= 180 * 86_400 { return 604_800 }
        if retention >= 2 * 86_400 { return 86_400 }
        return 3600
    }

    /// The two system buckets every org gets (§17.4).
    static func systemBuckets(orgID: String, ids: () -> String, now: Timestamp) -> [StoredBucket] {
        [
            StoredBucket(
                id: ids(), orgID: orgID, name: "_monitoring", description: "System bucket for monitoring logs",
                type: "system", everySeconds: 604_800, shardGroupSeconds: 86_400, createdAt: now, updatedAt: now),
            StoredBucket(
                id: ids(), orgID: orgID, name: "_tasks", description: "System bucket for task logs",
                type: "system", everySeconds: 259_200, shardGroupSeconds: 86_400, createdAt: now, updatedAt: now),
        ]
    }
}

/// One permission of an authorization (§19.1): an action on a resource type, optionally
/// scoped to an org and/or one resource.
struct Permission: Codable, Sendable, Equatable, Hashable {
    /// `read` or `write`.
    var action: String
    /// A resource type of §19.1 (`buckets`, `tasks`, `orgs`, …).
    var type: String
    var orgID: String? = nil
    var id: String? = nil

    /// Resource types of InfluxDB 2.7 (§19.1).
    static let types = [
        "authorizations", "buckets", "dashboards", "orgs", "sources", "tasks", "telegrafs", "users", "variables",
        "scrapers", "secrets", "labels", "views", "documents", "notificationRules", "notificationEndpoints", "checks",
        "dbrp", "notebooks", "annotations", "remotes", "replications", "instance",
    ]

    /// The operator (setup) token's permissions: read and write on every type except
    /// `instance`, unscoped (§19.3).
    static let operatorSet: [Permission] = types.filter { $0 != "instance" }.flatMap { type in
        [Permission(action: "read", type: type), Permission(action: "write", type: type)]
    }

    /// The permissions of a legacy org-scoped sandbox token: every type in the org, and read on
    /// the org itself.
    static func orgWide(_ orgID: String) -> [Permission] {
        types.filter { !["instance", "orgs", "users"].contains($0) }.flatMap { type in
            [Permission(action: "read", type: type, orgID: orgID), Permission(action: "write", type: type, orgID: orgID)]
        } + [Permission(action: "read", type: "orgs", id: orgID)]
    }

    /// InfluxDB's string form: `read:buckets`, `read:orgs/O/buckets`, `read:orgs/O/buckets/B`,
    /// `read:users/U`, `read:orgs/O` (§19.1).
    var text: String {
        let resource: String
        switch (orgID, id) {
        case let (org?, id?): resource = "orgs/\(org)/\(type)/\(id)"
        case let (org?, nil): resource = "orgs/\(org)/\(type)"
        case let (nil, id?): resource = "\(type)/\(id)"
        case (nil, nil): resource = type
        }
        return "\(action):\(resource)"
    }

    /// True when holding `self` satisfies the check `needed` (§19.2): same action, and
    /// `instance`, or same type with no scope, the same org (no id), or the same id.
    func satisfies(_ needed: Permission) -> Bool {
        guard action == needed.action else { return false }
        if type == "instance" { return true }
        guard type == needed.type else { return false }
        if let id { return id == needed.id }
        if let orgID { return orgID == needed.orgID }
        return true
    }

    /// 401 `<permission> is unauthorized` (§19.11).
    var refusal: APIError { APIError(.unauthorized, "\(text) is unauthorized") }
}
