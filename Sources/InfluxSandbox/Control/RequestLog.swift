import Synchronization

/// One served request (control API `GET /sandbox/requests`).
struct LoggedRequest: Sendable {
    var method: String
    var path: String
    var query: String
    /// The status sent; 0 when the connection was dropped by a fault.
    var status: Int

    var json: JSONValue {
        .object(["method": .string(method), "path": .string(path), "query": .string(query), "status": .int(status)])
    }
}

/// The log of `/api/v2` (and other non-control) requests, in arrival order.
final class RequestLog: Sendable {
    private let entries = Mutex<[LoggedRequest]>([])

    func append(_ entry: LoggedRequest) { entries.withLock { $0.append(entry) } }
    func clear() { entries.withLock { $0.removeAll() } }
    var all: [LoggedRequest] { entries.withLock { $0 } }
}
