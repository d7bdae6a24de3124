import InfluxAPI

/// Which org to work in: by name (`--org`) or ID (`--org-id`).
public enum OrgSelector: Hashable, Sendable {
    case name(String)
    case id(String)
}

/// Reads the live state of an org (design.md "fetch").
public enum LiveStateFetcher {
    /// Page size for `GET /api/v2/tasks` (the server's maximum, §5.1).
    public static let pageSize = 500

    /// Resolves the org, lists its labels, and lists every task with `orgID`, `limit=500` and an
    /// `after` cursor until a short page. Apply-lock labels (`ApplyLease.isLease`) are left
    /// out of `LiveState.labels`: a lease is never a managed, unmanaged, pruned or drifted
    /// label (nor a task's label), and a lease taken by an apply never makes a saved plan look stale.
    /// - Throws: `InfluxAPIError` from the client.
    public static func fetch(client: any InfluxAPIClient, org: OrgSelector) async throws -> LiveState {
        try await fetch(client: client, org: resolve(org, client: client))
    }

    /// Looks the org up: `GET /api/v2/orgs?org=<name>` or `GET /api/v2/orgs/{id}` (§11).
    /// - Throws: `InfluxAPIError` from the client (404 when unknown).
    public static func resolve(_ org: OrgSelector, client: any InfluxAPIClient) async throws -> InfluxOrg {
        switch org {
        case .name(let name): try await client.findOrg(name: name)
        case .id(let id): try await client.findOrg(id: id)
        }
    }

    /// As `fetch(client:org:)` for an org already resolved (apply resolves it first to take
    /// the apply lock before reading anything else).
    /// - Throws: `InfluxAPIError` from the client.
    public static func fetch(client: any InfluxAPIClient, org resolved: InfluxOrg) async throws -> LiveState {
        let labels = try await client.listLabels(orgID: resolved.id).filter { !ApplyLease.isLease($0) }
        var tasks: [InfluxTask] = []
        var after: String? = nil
        while true {
            let page = try await client.listTasks(orgID: resolved.id, after: after, limit: pageSize)
            tasks += page.map { task in
                var task = task
                task.labels.removeAll(where: ApplyLease.isLease)
                return task
            }
            guard page.count == pageSize, let last = page.last else { break }
            after = last.id
        }
        return LiveState(org: resolved, labels: labels, tasks: tasks)
    }
}
