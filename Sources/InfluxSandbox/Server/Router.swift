/// The route table: method + path pattern → handler, with InfluxDB's behaviour for unknown
/// paths (404 `path not found`) and wrong methods (405 `allow: …`) (influxdb-api.md §1.2).
struct Router: Sendable {
    typealias Handler = @Sendable (RouteRequest) async -> Reply

    /// One route.
    struct Route: Sendable {
        var method: String
        /// `/api/v2/tasks/:id` style.
        var template: String
        var segments: [Substring]
        /// The JSON layout of this endpoint family, used for its errors too.
        var layout: Reply.Layout
        var handler: Handler
    }

    /// The outcome of looking a request up.
    enum Match {
        case found(Route, [String: String])
        case notFound
        case methodNotAllowed(allowed: [String])
    }

    private(set) var routes: [Route] = []

    /// Adds a route.
    mutating func add(_ method: String, _ template: String, layout: Reply.Layout = .compact, _ handler: @escaping Handler) {
        routes.append(Route(method: method, template: template, segments: template.split(separator: "/"), layout: layout, handler: handler))
    }

    /// Strips trailing slashes (`/api/v2/tasks/` → `/api/v2/tasks`), keeping `/`.
    static func normalize(_ path: String) -> String {
        var p = path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        return p
    }

    /// Finds the route for a normalized path.
    func match(method: String, path: String) -> Match {
        let parts = path.split(separator: "/")
        var allowed: [String] = []
        for route in routes where route.segments.count == parts.count {
            var params: [String: String] = [:]
            var ok = true
            for (pattern, part) in zip(route.segments, parts) {
                if pattern.hasPrefix(":") {
                    params[String(pattern.dropFirst())] = QueryItems.decode(String(part).replacingPlus())
                } else if pattern != part {
                    ok = false
                    break
                }
            }
            guard ok else { continue }
            if route.method == method { return .found(route, params) }
            allowed.append(route.method)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: Array(Set(allowed)).sorted())
    }
}

extension String {
    /// Protects `+` from query-style decoding (path segments keep `+`).
    fileprivate func replacingPlus() -> String {
        var out = ""
        for c in self { out += c == "+" ? "%2B" : String(c) }
        return out
    }
}
