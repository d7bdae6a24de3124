import Dispatch
import Synchronization

/// One served request (control API `GET /sandbox/requests`).
struct LoggedRequest: Sendable {
    var method: String
    var path: String
    var query: String
    /// The status sent; 0 when the connection was dropped by a fault.
    var status: Int
    /// When the request arrived and when its answer was ready, in milliseconds of the system's
    /// monotonic clock (`CLOCK_MONOTONIC`, the same in every process of the machine: a
    /// benchmark compares them with its own timestamps).
    var receivedMs: Double
    var answeredMs: Double

    init(method: String, path: String, query: String, status: Int, receivedMs: Double, answeredMs: Double = RequestLog.nowMilliseconds()) {
        self.method = method
        self.path = path
        self.query = query
        self.status = status
        self.receivedMs = receivedMs
        self.answeredMs = answeredMs
    }

    var json: JSONValue {
        .object([
            "method": .string(method), "path": .string(path), "query": .string(query), "status": .int(status),
            "receivedMs": .number(String((receivedMs * 1000).rounded() / 1000)),
            "answeredMs": .number(String((answeredMs * 1000).rounded() / 1000)),
        ])
    }
}

/// The log of `/api/v2` (and other non-control) requests, in arrival order.
final class RequestLog: Sendable {
    /// Now on the system's monotonic clock, in milliseconds.
    static func nowMilliseconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e6 }

    private let entries = Mutex<[LoggedRequest]>([])

    func append(_ entry: LoggedRequest) { entries.withLock { $0.append(entry) } }
    func clear() { entries.withLock { $0.removeAll() } }
    var all: [LoggedRequest] { entries.withLock { $0 } }
}
