/// The `/api/v2` route table (plus `/health` and `/ping`), influxdb-api.md §4–§13.
enum APIRoutes {
    /// Paths served without authentication.
    static let publicPaths: Set<String> = ["/health", "/ping", "/ready"]

    static func router(_ ctx: APIContext) -> Router {
        var r = Router()
        func on(_ method: String, _ path: String, layout: Reply.Layout = .compact,
                _ handler: @escaping @Sendable (RouteRequest, APIContext) -> Reply) {
            r.add(method, path, layout: layout) { request in handler(request, ctx) }
        }
        on("GET", "/health") { _, _ in
            .json(200, ["name": "influxdb", "message": "ready for queries and writes", "status": "pass",
                        "checks": .array([]), "version": .string(ServerInfo.version), "commit": "sandbox"])
        }
        on("GET", "/ping") { _, _ in .empty(204) }
        on("GET", "/ready") { _, _ in .json(200, ["status": "ready"]) }

        on("GET", "/api/v2/tasks", TaskListRoute.handle)
        on("POST", "/api/v2/tasks", TaskCreateRoute.handle)
        on("GET", "/api/v2/tasks/:id", TaskItemRoutes.get)
        on("PATCH", "/api/v2/tasks/:id", TaskPatchRoute.handle)
        on("DELETE", "/api/v2/tasks/:id", TaskItemRoutes.delete)
        on("GET", "/api/v2/tasks/:id/labels", TaskLabelRoutes.list)
        on("POST", "/api/v2/tasks/:id/labels", TaskLabelRoutes.add)
        on("DELETE", "/api/v2/tasks/:id/labels/:labelID", TaskLabelRoutes.remove)
        RunRoutes.register(&r, ctx)

        on("GET", "/api/v2/labels", layout: .tabIndented, LabelRoutes.list)
        on("POST", "/api/v2/labels", layout: .tabIndented, LabelRoutes.create)
        on("GET", "/api/v2/labels/:id", layout: .tabIndented, LabelRoutes.get)
        on("PATCH", "/api/v2/labels/:id", layout: .tabIndented, LabelRoutes.patch)
        on("DELETE", "/api/v2/labels/:id", layout: .tabIndented, LabelRoutes.delete)

        on("GET", "/api/v2/orgs", layout: .tabIndented, OrgRoutes.list)
        on("GET", "/api/v2/orgs/:id", layout: .tabIndented, OrgRoutes.get)
        return r
    }
}

/// What the server says about itself in headers (§1.3).
enum ServerInfo {
    static let build = "OSS"
    static let version = "v2.7.12"
}
