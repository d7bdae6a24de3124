/// A task run (influxdb-api.md §12.1). Times are RFC 3339 with optional fractional seconds.
public struct InfluxRun: Codable, Hashable, Sendable {
    /// Run ID, 16 lowercase hex digits (§1.1).
    public var id: String
    /// ID of the task the run belongs to.
    public var taskID: String
    /// `scheduled`, `started`, `success`, `failed` or `canceled`.
    public var status: String
    /// The run's logical `now()` (RFC 3339); always present (§12.1, §12.2).
    public var scheduledFor: String
    /// When execution began (RFC 3339); nil while `scheduled`.
    public var startedAt: String?
    /// When the run reached a terminal state (RFC 3339); nil until then.
    public var finishedAt: String?
    /// When a manual run or retry was requested (RFC 3339); nil for scheduled runs (§12.1).
    public var requestedAt: String?

    private enum CodingKeys: String, CodingKey { case id, taskID, status, scheduledFor, startedAt, finishedAt, requestedAt }

    /// Decodes a run as the server sends it.
    /// - Throws: `DecodingError.dataCorrupted` at `id` or `taskID` when it is not an InfluxDB ID
    ///   (16 lowercase hex digits, §1.1): the run ID goes into later request paths
    ///   (`…/runs/{runID}/retry`) and into printed lines, so a hostile answer stops here.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        taskID = try c.decode(String.self, forKey: .taskID)
        for (key, value) in [(CodingKeys.id, id), (.taskID, taskID)] where !InfluxID.isValid(value) {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not an InfluxDB ID (16 lowercase hex digits)")
        }
        status = try c.decode(String.self, forKey: .status)
        scheduledFor = try c.decode(String.self, forKey: .scheduledFor)
        startedAt = try c.decodeIfPresent(String.self, forKey: .startedAt)
        finishedAt = try c.decodeIfPresent(String.self, forKey: .finishedAt)
        requestedAt = try c.decodeIfPresent(String.self, forKey: .requestedAt)
    }

    /// Creates a run value; optional times default to nil (absent).
    public init(id: String, taskID: String, status: String, scheduledFor: String, startedAt: String? = nil, finishedAt: String? = nil, requestedAt: String? = nil) {
        self.id = id
        self.taskID = taskID
        self.status = status
        self.scheduledFor = scheduledFor
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.requestedAt = requestedAt
    }
}
