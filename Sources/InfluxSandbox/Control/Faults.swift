import Synchronization

/// A fault injected through the control API (`POST /sandbox/faults`).
///
/// It applies to requests whose method matches (`method` empty or `*` = any) and whose path matches
/// `path` — an exact path (`/api/v2/tasks`), a route template (`/api/v2/tasks/:id`), or `*`.
/// The first `skip` matching requests pass untouched; the next `count` (0 = unlimited) get the
/// fault; then it is spent.
struct Fault: Sendable {
    var id: Int
    var method: String
    var path: String
    var skip: Int
    var count: Int
    /// Added latency in milliseconds (the request is then served normally unless another
    /// effect is set).
    var latencyMs: Int
    /// Answer with this status and the error envelope instead of serving the request.
    var status: Int?
    var message: String?
    /// `Retry-After` header value in seconds (with `status`).
    var retryAfter: Int?
    /// Close the connection without answering.
    var drop: Bool
    /// Serve the request but cut the body in half and close the connection.
    var truncate: Bool
    /// Serve the request (a write is stored) and then close the connection without sending
    /// any answer: the client cannot know whether its write happened (a lost response).
    var dropAnswer: Bool = false
    /// Serve the request, send the answer's head at once and then its body one byte every
    /// `trickleMs` milliseconds (a slow proxy; a read timeout that resets on every byte never
    /// fires).
    var trickleMs: Int = 0
    /// Answer `status` (default 307) with `Location:` this URL instead of serving the request
    /// (a proxy redirecting elsewhere; InfluxDB itself never redirects).
    var redirect: String? = nil
    /// With `status`: answer an HTML error page (as nginx does) instead of the JSON envelope.
    var html: Bool = false
    /// How many matching requests were seen so far.
    var seen = 0

    var json: JSONValue {
        var o: JSONObject = [
            "id": .int(id), "method": .string(method), "path": .string(path),
            "skip": .int(skip), "count": .int(count), "latencyMs": .int(latencyMs),
        ]
        if let status { o.append("status", .int(status)) }
        o.append("message", ifPresent: message)
        if let retryAfter { o.append("retryAfter", .int(retryAfter)) }
        o.append("drop", .bool(drop))
        o.append("truncate", .bool(truncate))
        o.append("dropAnswer", .bool(dropAnswer))
        o.append("trickleMs", .int(trickleMs))
        o.append("redirect", ifPresent: redirect)
        o.append("html", .bool(html))
        o.append("seen", .int(seen))
        return .object(o)
    }
}

/// What a request gets from the faults that match it.
struct FaultEffect: Sendable {
    var latencyMs = 0
    var status: Int?
    var message: String?
    var retryAfter: Int?
    var drop = false
    var truncate = false
    var dropAnswer = false
    var trickleMs = 0
    var redirect: String?
    var html = false
}

/// The installed faults.
final class FaultInjector: Sendable {
    private let state = Mutex<(next: Int, faults: [Fault])>((1, []))

    /// Installs a fault and returns it with its ID.
    func add(_ fault: Fault) -> Fault {
        state.withLock { s in
            var f = fault
            f.id = s.next
            s.next += 1
            s.faults.append(f)
            return f
        }
    }

    func remove(id: Int) -> Bool {
        state.withLock { s in
            let before = s.faults.count
            s.faults.removeAll { $0.id == id }
            return s.faults.count != before
        }
    }

    func clear() { state.withLock { $0.faults.removeAll() } }

    var all: [Fault] { state.withLock { $0.faults } }

    /// Counts the request against every matching fault and returns the combined effect.
    func effect(method: String, path: String, template: String?) -> FaultEffect {
        state.withLock { s in
            var effect = FaultEffect()
            for i in s.faults.indices {
                let f = s.faults[i]
                guard f.method.isEmpty || f.method == "*" || f.method.uppercased() == method else { continue }
                guard f.path == "*" || f.path == path || (template != nil && f.path == template) else { continue }
                s.faults[i].seen += 1
                let n = s.faults[i].seen - f.skip
                guard n >= 1, f.count == 0 || n <= f.count else { continue }
                effect.latencyMs += f.latencyMs
                if let status = f.status, effect.status == nil {
                    effect.status = status
                    effect.message = f.message
                    effect.retryAfter = f.retryAfter
                }
                effect.drop = effect.drop || f.drop
                effect.truncate = effect.truncate || f.truncate
                effect.dropAnswer = effect.dropAnswer || f.dropAnswer
                effect.trickleMs = max(effect.trickleMs, f.trickleMs)
                if effect.redirect == nil { effect.redirect = f.redirect }
                effect.html = effect.html || f.html
            }
            return effect
        }
    }
}
