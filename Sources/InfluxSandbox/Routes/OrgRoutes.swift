/// /api/v2/orgs (influxdb-api.md §11): tab-indented JSON.
enum OrgRoutes {
    private static func fail(_ e: APIError) -> Reply { .error(e, layout: .tabIndented) }

    static func list(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let q = request.query
        let caller = request.caller!
        return ctx.read { state in
            // The store is scanned in ID order, and IDs are random: not creation order (§1.1).
            var orgs = state.orgs.sorted { $0.id < $1.id }
            let name = q["org"]
            if !name.isEmpty {
                guard let org = state.org(named: name) else {
                    return fail(.notFound("organization name \(goQuote(name)) not found"))
                }
                orgs = caller.may("read", "orgs", org: nil, id: org.id) ? [org] : []
                return .json(200, .object(["links": .object(["self": .string("/api/v2/orgs")]), "orgs": .array(orgs.map(Rendering.org))]), layout: .tabIndented)
            }
            let options: FindOptions
            switch FindOptions.decode(q) {
            case .success(let o): options = o
            case .failure(let e): return fail(e)
            }
            if let orgID = try? Identifier.parse(q["orgID"]) {
                // A well-formed ID is looked up: unknown → 404 (a malformed one is ignored).
                guard let org = state.org(id: orgID) else { return fail(.notFound("organization not found")) }
                orgs = [org]
            }
            if let userID = try? Identifier.parse(q["userID"]) {
                orgs = orgs.filter { org in state.members.contains { $0.resourceID == org.id && $0.userID == userID } }
            }
            orgs = orgs.filter { caller.may("read", "orgs", org: nil, id: $0.id) }
            if options.descending { orgs.reverse() }
            let page = Array(orgs.dropFirst(max(0, options.offset)).prefix(options.limit))
            // The org list's links are exactly `self` (never `next` or `prev`).
            return .json(200, .object(["links": .object(["self": .string("/api/v2/orgs")]), "orgs": .array(page.map(Rendering.org))]), layout: .tabIndented)
        }
    }

    static func get(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return fail(.invalid(error.message)) }
        return ctx.read { state in
            // §19.11: the permission is checked first, so a missing org is 401 too.
            let needed = Permission(action: "read", type: "orgs", id: id)
            guard request.caller!.allows(needed) else { return fail(needed.refusal) }
            guard let org = state.org(id: id) else { return fail(.notFound("organization not found")) }
            return .json(200, Rendering.org(org), layout: .tabIndented)
        }
    }
}
