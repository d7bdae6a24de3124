/// A task object as returned by the Tasks API (influxdb-api.md §3).
///
/// `every` is the duration as written in the script; `offset` is normalised (`1m30s`);
/// timestamps are RFC 3339 strings. The `flux` text is the truth, the other option fields are
/// hints (design.md "What counts as a difference").
public struct InfluxTask: Codable, Hashable, Sendable {
    public var id: String
    public var orgID: String
    public var org: String?
    public var ownerID: String?
    public var name: String
    public var description: String?
    /// `active` or `inactive`.
    public var status: String
    public var flux: String
    public var every: String?
    public var cron: String?
    public var offset: String?
    public var labels: [InfluxLabel]
    public var latestCompleted: String?
    public var lastRunStatus: String?
    public var lastRunError: String?
    public var createdAt: String?
    public var updatedAt: String?

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
    public var orgID: String
    public var flux: String
    /// `active` or `inactive`.
    public var status: String
    public var description: String?

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
    public var flux: String?
    public var status: String?
    public var description: String?

    public init(flux: String? = nil, status: String? = nil, description: String? = nil) {
        self.flux = flux
        self.status = status
        self.description = description
    }
}
