/// A task object as returned by the Tasks API (influxdb-api.md §3).
///
/// `every` is the duration as written in the script; `offset` is normalised (`1m30s`);
/// timestamps are RFC 3339 strings. The `flux` text is the truth, the other option fields are
/// hints (design.md "What counts as a difference").
public struct InfluxTask: Codable, Hashable, Sendable {
    /// Task ID, 16 lowercase hex digits (§1.1).
    public var id: String
    /// ID of the org that owns the task.
    public var orgID: String
    /// Org name captured at creation, never refreshed on rename; `""` in `type=basic` lists (§3).
    public var org: String?
    /// ID of the user whose token created the task.
    public var ownerID: String?
    /// Task name, from the script's `option task` record.
    public var name: String
    /// Description; nil when the server omitted it (empty).
    public var description: String?
    /// `active` or `inactive`.
    public var status: String
    /// The full Flux script; `""` in `type=basic` lists or when absent.
    public var flux: String
    /// `every` duration exactly as written in the script (e.g. `90m`, not normalised); nil when unset.
    public var every: String?
    /// Cron expression as written; nil when unset.
    public var cron: String?
    /// `offset` normalised to `<h>h<m>m<s>s` with zero parts dropped (script `90s` → `1m30s`); nil when zero.
    public var offset: String?
    /// Labels attached to the task (§9.1); `[]` when none (always `[]` in the create response).
    public var labels: [InfluxLabel]
    /// RFC 3339 (whole seconds) `scheduledFor` of the latest completed run; the creation time initially (§3, §12.2).
    public var latestCompleted: String?
    /// `success`, `failed` or `canceled`; nil when no run has completed.
    public var lastRunStatus: String?
    /// Error text of the last run, set only when it `failed` (§12.2).
    public var lastRunError: String?
    /// Creation time, RFC 3339 truncated to the second; nil in `type=basic` lists.
    public var createdAt: String?
    /// Time of the last update (RFC 3339); nil until the first update and in `type=basic` lists.
    public var updatedAt: String?

    /// Creates a task value; optional fields default to nil/absent, `status` to `active`.
    public init(
        id: String, orgID: String, org: String? = nil, ownerID: String? = nil, name: String,
        description: String? = nil, status: String = "active", flux: String, every: String? = nil,
        cron: String? = nil, offset: String? = nil, labels: [InfluxLabel] = [],
        latestCompleted: String? = nil, lastRunStatus: String? = nil, lastRunError: String? = nil,
        createdAt: String? = nil, updatedAt: String? = nil
    ) {
        self.id = id
        self.orgID = orgID
        self.org = org
        self.ownerID = ownerID
        self.name = name
        self.description = description
        self.status = status
        self.flux = flux
        self.every = every
        self.cron = cron
        self.offset = offset
        self.labels = labels
        self.latestCompleted = latestCompleted
        self.lastRunStatus = lastRunStatus
        self.lastRunError = lastRunError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, orgID, org, ownerID, name, description, status, flux, every, cron, offset, labels
        case latestCompleted, lastRunStatus, lastRunError, createdAt, updatedAt
    }

    /// Decodes a task; absent `labels` becomes `[]`, absent `flux` becomes `""`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        orgID = try c.decodeIfPresent(String.self, forKey: .orgID) ?? ""
        org = try c.decodeIfPresent(String.self, forKey: .org)
        ownerID = try c.decodeIfPresent(String.self, forKey: .ownerID)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        description = try c.decodeIfPresent(String.self, forKey: .description)
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? "active"
        flux = try c.decodeIfPresent(String.self, forKey: .flux) ?? ""
        every = try c.decodeIfPresent(String.self, forKey: .every)
        cron = try c.decodeIfPresent(String.self, forKey: .cron)
        offset = try c.decodeIfPresent(String.self, forKey: .offset)
        labels = try c.decodeIfPresent([InfluxLabel].self, forKey: .labels) ?? []
        latestCompleted = try c.decodeIfPresent(String.self, forKey: .latestCompleted)
        lastRunStatus = try c.decodeIfPresent(String.self, forKey: .lastRunStatus)
        lastRunError = try c.decodeIfPresent(String.self, forKey: .lastRunError)
        createdAt = try c.decodeIfPresent(String.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(String.self, forKey: .updatedAt)
    }
}

/// Body of `POST /api/v2/tasks` (§4.1). Name and schedule travel inside `flux`.
public struct TaskCreateRequest: Codable, Hashable, Sendable {
    /// Org to create the task in (16 lowercase hex digits).
    public var orgID: String
    /// The whole script, including its `option task` record (name, `every`/`cron`, `offset`).
    public var flux: String
    /// `active` or `inactive`.
    public var status: String
    /// Task description; nil is not sent.
    public var description: String?

    /// Creates a task create body.
    public init(orgID: String, flux: String, status: String, description: String? = nil) {
        self.orgID = orgID
        self.flux = flux
        self.status = status
        self.description = description
    }
}

/// Body of `PATCH /api/v2/tasks/{id}` as influxsync sends it (§7, design.md): only what
/// changed, always with `status`, and never the `name/every/cron/offset` option fields (a
/// whole `flux` is sent instead, stored verbatim). nil fields are not sent.
public struct TaskUpdateRequest: Codable, Hashable, Sendable {
    /// Replacement script, stored verbatim; nil leaves the script unchanged.
    public var flux: String?
    /// `active` or `inactive`; nil is not sent (influxsync always sets it).
    public var status: String?
    /// New description; nil leaves it unchanged.
    public var description: String?

    /// Creates a task update body; nil fields are not sent.
    public init(flux: String? = nil, status: String? = nil, description: String? = nil) {
        self.flux = flux
        self.status = status
        self.description = description
    }
}
