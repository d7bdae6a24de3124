/// A task run (influxdb-api.md §12.1). Times are RFC 3339 with optional fractional seconds.
public struct InfluxRun: Codable, Hashable, Sendable {
    public var id: String
    public var taskID: String
    /// `scheduled`, `started`, `success`, `failed` or `canceled`.
    public var status: String
    public var scheduledFor: String
    public var startedAt: String?
    public var finishedAt: String?
    public var requestedAt: String?

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
