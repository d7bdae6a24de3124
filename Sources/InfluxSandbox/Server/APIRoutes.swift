/// The `/api/v2` route table (plus `/health` and `/ping`), influxdb-api.md §4–§13, §17–§22.
enum APIRoutes {
    /// Paths served without authentication.
    static let publicPaths: Set<String> = ["/health", "/ping", "/ready"]

    static func router(_ ctx: APIContext) -> Router {
        var r = Router()
        func on(
            _ method: String, _ path: String, layout: Reply.Layout = .compact,
            _ handler: @escaping @Sendable (RouteRequest, APIContext) -> Reply
        ) {
            r.add(method, path, layout: layout) { request in handler(request, ctx) }
        }
        on("GET", "/health") { _, _ in
            .json(
                200,
                [
                    "name": "influxdb", "message": "ready for queries and writes", "status": "pass",
                    "checks": .array([]), "version": .string(ServerInfo.version), "commit": "sandbox",
                ])
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
        on("POST", "/api/v2/orgs", layout: .tabIndented, OrgWriteRoutes.create)
        on("PATCH", "/api/v2/orgs/:id", layout: .tabIndented, OrgWriteRoutes.patch)
        on("DELETE", "/api/v2/orgs/:id", layout: .tabIndented, OrgWriteRoutes.delete)
        on("GET", "/api/v2/orgs/:id/secrets", layout: .tabIndented, SecretRoutes.list)
        on("PATCH", "/api/v2/orgs/:id/secrets", layout: .tabIndented, SecretRoutes.patch)
        on("POST", "/api/v2/orgs/:id/secrets/delete", layout: .tabIndented, SecretRoutes.deleteMany)
        on("DELETE", "/api/v2/orgs/:id/secrets/:secretID", layout: .tabIndented, SecretRoutes.deleteOne)

        on("GET", "/api/v2/buckets", layout: .tabIndented, BucketRoutes.list)
        on("POST", "/api/v2/buckets", layout: .tabIndented, BucketRoutes.create)
        on("GET", "/api/v2/buckets/:id", layout: .tabIndented, BucketRoutes.get)
        on("PATCH", "/api/v2/buckets/:id", layout: .tabIndented, BucketRoutes.patch)
        on("DELETE", "/api/v2/buckets/:id", layout: .tabIndented, BucketRoutes.delete)
        on("GET", "/api/v2/buckets/:id/labels", layout: .tabIndented, BucketLabelRoutes.list)
        on("POST", "/api/v2/buckets/:id/labels", layout: .tabIndented, BucketLabelRoutes.add)
        on("DELETE", "/api/v2/buckets/:id/labels/:labelID", layout: .tabIndented, BucketLabelRoutes.remove)

        on("GET", "/api/v2/authorizations", layout: .tabIndented, AuthorizationRoutes.list)
        on("POST", "/api/v2/authorizations", layout: .tabIndented, AuthorizationRoutes.create)
        on("GET", "/api/v2/authorizations/:id", layout: .tabIndented, AuthorizationRoutes.get)
        on("PATCH", "/api/v2/authorizations/:id", layout: .tabIndented, AuthorizationRoutes.patch)
        on("DELETE", "/api/v2/authorizations/:id", layout: .tabIndented, AuthorizationRoutes.delete)

        on("GET", "/api/v2/users", layout: .tabIndented, UserRoutes.list)
        on("POST", "/api/v2/users", layout: .tabIndented, UserRoutes.create)
        on("GET", "/api/v2/users/:id", layout: .tabIndented, UserRoutes.get)
        on("PATCH", "/api/v2/users/:id", layout: .tabIndented, UserRoutes.patch)
        on("DELETE", "/api/v2/users/:id", layout: .tabIndented, UserRoutes.delete)
        on("GET", "/api/v2/me", layout: .tabIndented, UserRoutes.me)

        on("POST", "/api/v2/query/analyze", AnalyzeRoute.handle)
        return r
    }
}

/// What the server says about itself in headers (§1.3).
enum ServerInfo {
    static let build = "OSS"
    static let version = "v2.7.12"
}
