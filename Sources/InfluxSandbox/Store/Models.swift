/// An organization (influxdb-api.md §11).
struct StoredOrg: Codable, Sendable, Equatable {
    var id: String
    var name: String
    var description: String = ""
    var createdAt: Timestamp
    var updatedAt: Timestamp
}

/// A user; the owner of the tasks created with its tokens (§2).
struct StoredUser: Codable, Sendable, Equatable {
    var id: String
    var name: String
    /// `active` or `inactive`; an inactive user's tokens get 403 `User is inactive`.
    var status: String = "active"
    /// Set by `POST /api/v2/users` when given (§20.1).
    var oauthID: String? = nil
}

/// An API token of a user (§2).
struct StoredToken: Codable, Sendable, Equatable {
    var token: String
    var userID: String
    /// nil: all-access (every org); otherwise the only org the token may touch.
    var orgID: String? = nil
    /// `active` or `inactive`; an inactive token authenticates but is refused every permission.
    var status: String = "active"
    /// The authorization's ID (§19.4); nil only in data files written before authorizations.
    var id: String? = nil
    var description: String? = nil
    /// The authorization's `orgID` as shown (§19.4); for legacy tokens the seeded org.
    var authOrgID: String? = nil
    /// Explicit permissions (§19.1); nil derives them: all-access (`orgID` nil) or the org.
    var permissions: [Permission]? = nil
    var createdAt: Timestamp? = nil
    var updatedAt: Timestamp? = nil

    /// The permissions the token holds (§19.3): explicit ones, or the operator set for an
    /// all-access token, or every type of its org.
    var effectivePermissions: [Permission] {
        if let permissions { return permissions }
        if let orgID { return Permission.orgWide(orgID) }
        return Permission.operatorSet
    }
}

/// A task as stored (§3). `every`/`cron`/`offset` always mirror the `option task` of `flux`.
struct StoredTask: Codable, Sendable, Equatable {
    var id: String
    var orgID: String
    /// Org name captured at creation, never refreshed (§3).
    var orgName: String
    var ownerID: String
    var name: String
    var description: String = ""
    var status: String
    var flux: String
    /// Cloud script tasks (§15.1): the invokable script's ID; nil for Flux tasks.
    var scriptID: String? = nil
    /// Cloud script tasks: `scriptParameters` as compact JSON object text; nil when none.
    var scriptParameters: String? = nil
    /// Duration text as written in the script (`90m`).
    var every: String?
    var cron: String?
    /// Offset in nanoseconds; 0 = none.
    var offsetNanoseconds: Int64 = 0
    /// `system` for tasks created over HTTP (§3).
    var type: String = "system"
    var latestCompleted: Timestamp
    var lastRunStatus: String?
    var lastRunError: String?
    var createdAt: Timestamp
    var updatedAt: Timestamp?
}

/// A label (§10).
struct StoredLabel: Codable, Sendable, Equatable {
    var id: String
    var orgID: String
    var name: String
    var properties: [String: String] = [:]
}

/// A label attached to a resource (§9). Keyed by resource ID only: mappings of deleted tasks
/// and deleted labels stay, listings skip missing labels.
struct LabelMapping: Codable, Sendable, Equatable {
    var resourceID: String
    var labelID: String
}

/// A user-resource mapping behind the deprecated members/owners endpoints.
struct MemberMapping: Codable, Sendable, Equatable {
    var resourceID: String
    var userID: String
    /// `member` or `owner`.
    var role: String
}

/// One log line of a run (§13).
struct StoredLogLine: Codable, Sendable, Equatable {
    var time: Timestamp
    var message: String
}

/// A run of a task (§12).
struct StoredRun: Codable, Sendable, Equatable {
    var id: String
    var taskID: String
    /// `scheduled`, `started`, `success`, `failed`, `canceled`.
    var status: String
    var scheduledFor: Timestamp
    var startedAt: Timestamp?
    var finishedAt: Timestamp?
    var requestedAt: Timestamp?
    var log: [StoredLogLine] = []

    /// True once the run left the kv store for the run history (terminal status).
    var isCompleted: Bool { finishedAt != nil }
}
