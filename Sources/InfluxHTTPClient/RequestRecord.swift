/// One HTTP exchange as the client saw it, for `-v` output and tests.
///
/// It deliberately carries no headers and no body, so the API token can never leak
/// through it.
public struct RequestRecord: Hashable, Sendable, CustomStringConvertible {
    /// `GET`, `POST`, `PATCH` or `DELETE`.
    public var method: String
    /// Path and query as sent, e.g. `/api/v2/tasks?orgID=0000000000000001&limit=500`.
    public var target: String
    /// HTTP status of the answer, or nil when none arrived (transport failure).
    public var status: Int?
    /// Wall-clock time from sending the request to having read the whole answer, in
    /// milliseconds.
    public var milliseconds: Int

    /// Creates a record.
    public init(method: String, target: String, status: Int?, milliseconds: Int) {
        self.method = method
        self.target = target
        self.status = status
        self.milliseconds = milliseconds
    }

    /// `METHOD /path?query STATUS ms`, e.g. `GET /api/v2/orgs?org=acme 200 3ms`; a transport
    /// failure prints `ERR` in place of the status.
    public var description: String {
        "\(method) \(target) \(status.map(String.init) ?? "ERR") \(milliseconds)ms"
    }
}

/// Receives one `RequestRecord` per HTTP attempt (retries included), after the answer was
/// read. Called concurrently from the client's tasks; must be thread-safe.
public typealias RequestObserver = @Sendable (RequestRecord) -> Void
