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
    /// Cloud script tasks (§15.1): the invokable script the task runs; nil for Flux tasks.
    public var scriptID: String?
    /// Cloud script tasks: the script's parameters; nil when none.
    public var scriptParameters: [String: ScriptParameterValue]?

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
        case latestCompleted, lastRunStatus, lastRunError, createdAt, updatedAt, scriptID, scriptParameters
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
        scriptID = try c.decodeIfPresent(String.self, forKey: .scriptID)
        scriptParameters = try c.decodeIfPresent([String: ScriptParameterValue].self, forKey: .scriptParameters)
    }
}

/// Body of `POST /api/v2/tasks` (§4.1). Name and schedule travel inside `flux`; for a Cloud
/// script task (§15.1) `flux` is empty and not sent, and `scriptID`, `scriptParameters`,
/// `name`, `every`/`cron` and `offset` are JSON fields.
public struct TaskCreateRequest: Codable, Hashable, Sendable {
    /// Org to create the task in (16 lowercase hex digits).
    public var orgID: String
    /// The whole script, including its `option task` record (name, `every`/`cron`, `offset`).
    public var flux: String
    /// `active` or `inactive`.
    public var status: String
    /// Task description; nil is not sent.
    public var description: String?
    /// Script tasks: the invokable script's ID; nil is not sent.
    public var scriptID: String?
    /// Script tasks: its parameters; nil is not sent.
    public var scriptParameters: [String: ScriptParameterValue]?
    /// Script tasks: the task name; nil is not sent.
    public var name: String?
    /// Script tasks: `every` (Flux duration literal); nil is not sent.
    public var every: String?
    /// Script tasks: `cron`; nil is not sent.
    public var cron: String?
    /// Script tasks: `offset` (Flux duration literal); nil is not sent.
    public var offset: String?

    /// Creates a task create body.
    public init(orgID: String, flux: String, status: String, description: String? = nil) {
        self.orgID = orgID
        self.flux = flux
        self.status = status
        self.description = description
    }

    /// A Cloud script task's create body (§15.1): no `flux`.
    public static func script(
        orgID: String, scriptID: String, parameters: [String: ScriptParameterValue]?, name: String,
        every: String?, cron: String?, offset: String?, status: String, description: String?
    ) -> TaskCreateRequest {
        var r = TaskCreateRequest(orgID: orgID, flux: "", status: status, description: description)
        r.scriptID = scriptID
        r.scriptParameters = parameters
        r.name = name
        r.every = every
        r.cron = cron
        r.offset = offset
        return r
    }

    enum CodingKeys: String, CodingKey { case orgID, flux, status, description, scriptID, scriptParameters, name, every, cron, offset }

    /// Decodes a body; an absent `flux` (a script task) becomes `""`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        orgID = try c.decode(String.self, forKey: .orgID)
        flux = try c.decodeIfPresent(String.self, forKey: .flux) ?? ""
        status = try c.decode(String.self, forKey: .status)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        scriptID = try c.decodeIfPresent(String.self, forKey: .scriptID)
        scriptParameters = try c.decodeIfPresent([String: ScriptParameterValue].self, forKey: .scriptParameters)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        every = try c.decodeIfPresent(String.self, forKey: .every)
        cron = try c.decodeIfPresent(String.self, forKey: .cron)
        offset = try c.decodeIfPresent(String.self, forKey: .offset)
    }

    /// Encodes the body; `flux` is left out of a script task's body (Cloud refuses both).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(orgID, forKey: .orgID)
        if scriptID == nil || !flux.isEmpty { try c.encode(flux, forKey: .flux) }
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeIfPresent(scriptID, forKey: .scriptID)
        try c.encodeIfPresent(scriptParameters, forKey: .scriptParameters)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(every, forKey: .every)
        try c.encodeIfPresent(cron, forKey: .cron)
        try c.encodeIfPresent(offset, forKey: .offset)
    }
}

/// Body of `PATCH /api/v2/tasks/{id}` as influxsync sends it (§7, design.md "PATCH rules"):
/// only what changed, always with `status`. For a Flux task never the `name/every/cron/offset`
/// option fields (a whole `flux` is sent instead, stored verbatim); for a Cloud script task
/// (§15.1) exactly those JSON fields, with `scriptID`/`scriptParameters`. nil fields are not
/// sent.
public struct TaskUpdateRequest: Codable, Hashable, Sendable {
    /// Replacement script, stored verbatim; nil leaves the script unchanged.
    public var flux: String?
    /// `active` or `inactive`; nil is not sent (influxsync always sets it).
    public var status: String?
    /// New description; nil leaves it unchanged.
    public var description: String?
    /// Cloud script tasks (§15.1): the script to run; nil leaves it unchanged.
    public var scriptID: String?
    /// Cloud script tasks: new parameters; nil leaves them unchanged.
    public var scriptParameters: [String: ScriptParameterValue]?
    /// Cloud script tasks: new name; nil leaves it unchanged.
    public var name: String?
    /// Cloud script tasks: new `every`; nil leaves it unchanged.
    public var every: String?
    /// Cloud script tasks: new `cron`; nil leaves it unchanged.
    public var cron: String?
    /// Cloud script tasks: new `offset` (`""` clears it); nil leaves it unchanged.
    public var offset: String?

    /// Creates a task update body; nil fields are not sent.
    public init(flux: String? = nil, status: String? = nil, description: String? = nil) {
        self.flux = flux
        self.status = status
        self.description = description
    }
}
