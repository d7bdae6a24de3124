/// One log line of a task run (influxdb-api.md §13).
public struct InfluxLogEvent: Codable, Hashable, Sendable {
    /// The run the line belongs to.
    public var runID: String
    /// When the line was written (RFC 3339 with up to nanoseconds).
    public var time: String
    /// The line's text.
    public var message: String

    /// Creates a log line.
    public init(runID: String, time: String, message: String) {
        self.runID = runID
        self.time = time
        self.message = message
    }
}
