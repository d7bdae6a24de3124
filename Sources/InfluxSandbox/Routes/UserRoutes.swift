/// /api/v2/users and /api/v2/me (influxdb-api.md §20): tab-indented JSON.
enum UserRoutes {
    private static func fail(_ e: APIError) -> Reply { .error(e, layout: .tabIndented) }
    private static func ok(_ status: Int, _ v: JSONValue) -> Reply { .json(status, v, layout: .tabIndented) }

    /// POST (§20.2): malformed JSON is a 500 with the decoder's text; global `write:users`;
    /// a valid body `id` is used; names and IDs unique (422).
    static func create(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let name: String, status: String, oauthID: String?, wantedID: String?
        do {
            let f = try BodyFields.decode(request.body, structName: "User", goType: "influxdb.User")
            name = try f.string("name") ?? ""
            status = try f.string("status") ?? ""
            oauthID = try f.string("oauthID")
            wantedID = try f.string("id").flatMap { try? Identifier.parse($0) }
        } catch { return fail(.internalError(goMessage(error))) }
        let needed = Permission(action: "write", type: "users")
        guard request.caller!.allows(needed) else { return fail(needed.refusal) }
        return ctx.transaction(layout: .tabIndented) { state in
            if let wantedID, state.user(id: wantedID) != nil { return fail(.conflict("user with ID \(wantedID) already exists")) }
            if state.users.contains(where: { $0.name == name }) { return fail(.conflict("user with name \(name) already exists")) }
            let user = StoredUser(
                id: wantedID ?? state.ids.nextSnowflake(now: .now()), name: name,
                status: status.isEmpty ? "active" : status, oauthID: oauthID)
            state.users.append(user)
            return ok(201, Rendering.user(user))
        }
    }

    /// GET list (§20.3): `id`/`name` filters (404 when unknown), paging, no paging links;
    /// users the token may not read are dropped after paging.
    static func list(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let q = request.query
        let options: FindOptions
        switch FindOptions.decode(q) {
        case .success(let o): options = o
        case .failure(let e): return fail(e)
        }
        return ctx.read { state in
            var users = state.users.sorted { $0.id < $1.id }
            if !q["id"].isEmpty {
                let id: String
                do { id = try Identifier.parse(q["id"]) } catch { return fail(.invalid(goMessage(error))) }
                guard let user = state.user(id: id) else { return fail(.notFound("user not found")) }
                users = [user]
            } else if !q["name"].isEmpty {
                guard let user = state.users.first(where: { $0.name == q["name"] }) else { return fail(.notFound("user not found")) }
                users = [user]
            }
            if options.descending { users.reverse() }
            var page = Array(users.dropFirst(max(0, options.offset)))
            if let after = options.after {
                if let index = page.firstIndex(where: { $0.id == after }) { page = Array(page[(index + 1)...]) } else { page = [] }
            }
            page = Array(page.prefix(options.limit)).filter { request.caller!.may("read", "users", org: nil, id: $0.id) }
            return ok(200, .object(["links": .object(["self": "/api/v2/users"]), "users": .array(page.map(Rendering.user))]))
        }
    }

    /// GET one (§20.4): permission first (401), then 404.
    static func get(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return fail(.invalid(goMessage(error))) }
        return read(id, request, ctx)
    }

    /// GET /api/v2/me (§20.7): the token's user; needs `read:users/<own id>`.
    static func me(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        read(request.caller!.userID, request, ctx)
    }

    private static func read(_ id: String, _ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let needed = Permission(action: "read", type: "users", id: id)
        guard request.caller!.allows(needed) else { return fail(needed.refusal) }
        return ctx.read { state in
            guard let user = state.user(id: id) else { return fail(.notFound("user not found")) }
            return ok(200, Rendering.user(user))
        }
    }

    /// PATCH (§20.5): 500 on malformed JSON, 400 on a bad status, 401, 404, 422.
    static func patch(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return fail(.invalid(goMessage(error))) }
        let name: String?, status: String?
        do {
            let f = try BodyFields.decode(request.body, structName: "UserUpdate", goType: "influxdb.UserUpdate")
            name = try f.string("name")
            status = try f.string("status")
        } catch { return fail(.internalError(goMessage(error))) }
        if let status, status != "active" && status != "inactive" { return fail(.invalid("invalid status: must be active or inactive")) }
        let needed = Permission(action: "write", type: "users", id: id)
        guard request.caller!.allows(needed) else { return fail(needed.refusal) }
        return ctx.transaction(layout: .tabIndented) { state in
            guard let index = state.users.firstIndex(where: { $0.id == id }) else { return fail(.notFound("user not found")) }
            var user = state.users[index]
            if let name {
                if state.users.contains(where: { $0.id != id && $0.name == name }) { return fail(.conflict("user with name \(name) already exists")) }
                user.name = name
            }
            if let status { user.status = status }
            state.users[index] = user
            return ok(200, Rendering.user(user))
        }
    }

    /// DELETE (§20.6): removes the user and its memberships; its tokens stay (and get 403).
    static func delete(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return fail(.invalid(goMessage(error))) }
        let needed = Permission(action: "write", type: "users", id: id)
        guard request.caller!.allows(needed) else { return fail(needed.refusal) }
        return ctx.transaction(layout: .tabIndented) { state in
            guard state.user(id: id) != nil else { return fail(.notFound("user not found")) }
            state.users.removeAll { $0.id == id }
            state.members.removeAll { $0.userID == id }
            return .empty(204)
        }
    }
}
