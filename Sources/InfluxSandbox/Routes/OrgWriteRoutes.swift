/// POST /api/v2/orgs, PATCH and DELETE /api/v2/orgs/{id} (influxdb-api.md §21): tab-indented.
enum OrgWriteRoutes {
    private static func fail(_ e: APIError) -> Reply { .error(e, layout: .tabIndented) }

    /// The `name`/`description` of a create or update body; `failed to unmarshal json: …` on
    /// bad JSON (§21.1).
    private static func body(_ request: RouteRequest) -> Result<(name: String?, description: String?), APIError> {
        do {
            let f = try BodyFields.decode(request.body, structName: "Organization", goType: "influxdb.Organization")
            return .success((try f.string("name"), try f.string("description")))
        } catch { return .failure(.invalid("failed to unmarshal json: \(goMessage(error))")) }
    }

    /// §21.1: global `write:orgs`; the org gets `_tasks` and `_monitoring`, the caller's user
    /// becomes an owner.
    static func create(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let caller = request.caller!
        let needed = Permission(action: "write", type: "orgs")
        guard caller.allows(needed) else { return fail(needed.refusal) }
        let fields: (name: String?, description: String?)
        switch body(request) {
        case .failure(let e): return fail(e)
        case .success(let f): fields = f
        }
        let name = fields.name ?? ""
        if name.trimmingWhitespace().isEmpty { return fail(.invalid("org name is empty")) }
        return ctx.transaction(layout: .tabIndented) { state in
            if state.orgs.contains(where: { $0.name.trimmingWhitespace() == name.trimmingWhitespace() }) {
                return fail(.conflict("organization with name \(name) already exists"))
            }
            let now = Timestamp.now()
            var id = IDGenerator.randomOrgID()
            while state.org(id: id) != nil || state.buckets[id] != nil { id = IDGenerator.randomOrgID() }
            let org = StoredOrg(id: id, name: name, description: fields.description ?? "", createdAt: now, updatedAt: now)
            state.orgs.append(org)
            Seed.ensureSystemBuckets(of: id, in: &state, now: now)
            state.members.append(MemberMapping(resourceID: id, userID: caller.userID, role: "owner"))
            return .json(201, Rendering.org(org), layout: .tabIndented)
        }
    }

    /// §21.2: `write:orgs/<id>` first (401 even for unknown IDs), then 404, empty name 400,
    /// taken name 422.
    static func patch(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return fail(.invalid(goMessage(error))) }
        let needed = Permission(action: "write", type: "orgs", id: id)
        guard request.caller!.allows(needed) else { return fail(needed.refusal) }
        let fields: (name: String?, description: String?)
        switch body(request) {
        case .failure(let e): return fail(e)
        case .success(let f): fields = f
        }
        return ctx.transaction(layout: .tabIndented) { state in
            guard let index = state.orgs.firstIndex(where: { $0.id == id }) else { return fail(.notFound("organization not found")) }
            var org = state.orgs[index]
            if let name = fields.name {
                if name.trimmingWhitespace().isEmpty { return fail(.invalid("org name is empty")) }
                if state.orgs.contains(where: { $0.id != id && $0.name.trimmingWhitespace() == name.trimmingWhitespace() }) {
                    return fail(.conflict("organization with name \(name) already exists"))
                }
                org.name = name
            }
            if let description = fields.description { org.description = description }
            org.updatedAt = .now()
            state.orgs[index] = org
            return .json(200, Rendering.org(org), layout: .tabIndented)
        }
    }

    /// §21.3 (2.7): removes the org, its buckets and its member/owner mappings; tasks, labels,
    /// secrets and authorizations stay as orphans.
    static func delete(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return fail(.invalid(goMessage(error))) }
        let needed = Permission(action: "write", type: "orgs", id: id)
        guard request.caller!.allows(needed) else { return fail(needed.refusal) }
        return ctx.transaction(layout: .tabIndented) { state in
            guard state.org(id: id) != nil else { return fail(.notFound("organization not found")) }
            state.buckets = state.buckets.filter { $0.value.orgID != id }
            state.orgs.removeAll { $0.id == id }
            state.members.removeAll { $0.resourceID == id }
            return .empty(204)
        }
    }
}
