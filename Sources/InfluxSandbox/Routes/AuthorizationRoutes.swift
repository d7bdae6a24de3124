/// /api/v2/authorizations (influxdb-api.md §19.5–§19.9): tab-indented JSON.
enum AuthorizationRoutes {
    private static func fail(_ e: APIError) -> Reply { .error(e, layout: .tabIndented) }
    private static func ok(_ status: Int, _ v: JSONValue) -> Reply { .json(status, v, layout: .tabIndented) }

    /// The permissions of a create body; a malformed one is a JSON error (§19.5 step 1).
    private static func permissions(_ f: BodyFields) throws(JSONParser.Failure) -> [Permission] {
        guard let value = f.object["permissions"], value != .null else { return [] }
        guard case .array(let items) = value else {
            throw JSONParser.Failure(message: "json: cannot unmarshal \(value.goKind) into Go struct field postAuthorizationRequest.permissions of type []influxdb.Permission")
        }
        var out: [Permission] = []
        for item in items {
            guard case .object(let o) = item else {
                throw JSONParser.Failure(message: "json: cannot unmarshal \(item.goKind) into Go struct field postAuthorizationRequest.permissions of type influxdb.Permission")
            }
            let p = BodyFields(object: o, structName: "Permission")
            do {
                let action = try p.string("action") ?? ""
                var resource = BodyFields(object: [:], structName: "Resource")
                if case .object(let r)? = o["resource"] { resource = BodyFields(object: r, structName: "Resource") }
                let id = try resource.string("id").map { (s: String) throws(Identifier.Malformed) in try Identifier.parse(s) }
                let orgID = try resource.string("orgID").map { (s: String) throws(Identifier.Malformed) in try Identifier.parse(s) }
                out.append(Permission(action: action, type: try resource.string("type") ?? "", orgID: orgID, id: id))
            } catch { throw JSONParser.Failure(message: goMessage(error)) }
        }
        return out
    }

    /// POST (§19.5): checks in InfluxDB's order; the new token is 88 random characters.
    static func create(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let f: BodyFields
        let perms: [Permission]
        var orgID: String?, userID: String?
        let description: String, status: String
        do {
            f = try BodyFields.decode(request.body, structName: "postAuthorizationRequest", goType: "authorization.postAuthorizationRequest")
            perms = try permissions(f)
            // IDs are decoded with the body: a malformed one is a JSON error (step 1), not
            // dropped (a malformed userID issued the token to the caller).
            orgID = try f.string("orgID").flatMap { (s: String) throws(Identifier.Malformed) in s.isEmpty ? nil : try Identifier.parse(s) }
            userID = try f.string("userID").flatMap { (s: String) throws(Identifier.Malformed) in s.isEmpty ? nil : try Identifier.parse(s) }
            description = try f.string("description") ?? ""
            status = try f.string("status") ?? ""
        } catch { return fail(.invalid("invalid json structure: \(goMessage(error))")) }
        if perms.isEmpty { return fail(.invalid("authorization must include permissions")) }
        for p in perms {
            if !Permission.types.contains(p.type) { return fail(.invalid("invalid resource type for permission: unknown resource type for permission")) }
            if p.action != "read" && p.action != "write" { return fail(.invalid("invalid action type for permission: unknown action for permission")) }
        }
        guard let orgID else { return fail(.invalid("org id required: invalid ID")) }
        if !status.isEmpty && status != "active" && status != "inactive" { return fail(.invalid("invalid status: must be active or inactive")) }
        let caller = request.caller!
        let owner = userID ?? caller.userID
        return ctx.transaction(layout: .tabIndented) { state in
            let writeAuth = Permission(action: "write", type: "authorizations", orgID: orgID)
            guard caller.allows(writeAuth) else { return fail(writeAuth.refusal) }
            let writeUser = Permission(action: "write", type: "users", id: owner)
            guard caller.allows(writeUser) else { return fail(writeUser.refusal) }
            for p in perms where !caller.allows(p) {
                return fail(APIError(.forbidden, "permission \(p.text) is not allowed: \(p.text) is unauthorized"))
            }
            for p in perms where p.orgID != nil && p.orgID != orgID {
                return fail(.invalid("permission \(p.text) is not for org id \(orgID)"))
            }
            guard state.user(id: owner) != nil, state.org(id: orgID) != nil else { return fail(.invalid("unable to create token")) }
            let now = Timestamp.now()
            var token = StoredToken.generate()
            while state.tokens.contains(where: { $0.token == token }) { token = StoredToken.generate() }
            let stored = StoredToken(
                token: token, userID: owner, status: status.isEmpty ? "active" : status,
                id: state.ids.nextSnowflake(now: now), description: description, authOrgID: orgID,
                permissions: perms, createdAt: now, updatedAt: now)
            state.tokens.append(stored)
            return ok(201, Rendering.authorization(stored, in: state))
        }
    }

    /// The two permissions reading (or changing) an authorization needs (§19.7–§19.9).
    private static func needed(_ action: String, _ t: StoredToken) -> [Permission] {
        [
            Permission(action: action, type: "authorizations", orgID: t.authOrgID, id: t.id),
            Permission(action: action, type: "users", id: t.userID),
        ]
    }

    /// GET list (§19.6): filters, no paging, ascending ID; unreadable entries dropped.
    static func list(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let q = request.query
        let caller = request.caller!
        return ctx.read { state in
            var tokens = state.tokens.sorted { ($0.id ?? "") < ($1.id ?? "") }
            if !q["id"].isEmpty {
                let id: String
                do { id = try Identifier.parse(q["id"]) } catch { return fail(.invalid(goMessage(error))) }
                guard let t = state.token(id: id) else { return fail(.notFound("authorization not found")) }
                tokens = [t]
            }
            if !q["userID"].isEmpty {
                let id: String
                do { id = try Identifier.parse(q["userID"]) } catch { return fail(.invalid(goMessage(error))) }
                tokens = tokens.filter { $0.userID == id }
            } else if !q["user"].isEmpty {
                guard let user = state.users.first(where: { $0.name == q["user"] }) else { return fail(.notFound("user not found")) }
                tokens = tokens.filter { $0.userID == user.id }
            }
            if !q["orgID"].isEmpty {
                let id: String
                do { id = try Identifier.parse(q["orgID"]) } catch { return fail(.invalid(goMessage(error))) }
                tokens = tokens.filter { $0.authOrgID == id }
            } else if !q["org"].isEmpty {
                guard let org = state.org(named: q["org"]) else {
                    return fail(.notFound("organization name \(goQuote(q["org"].trimmingWhitespace())) not found"))
                }
                tokens = tokens.filter { $0.authOrgID == org.id }
            }
            let visible = tokens.filter { t in
                state.user(id: t.userID) != nil && t.authOrgID.flatMap { state.org(id: $0) } != nil
                    && needed("read", t).allSatisfy(caller.allows)
            }
            return ok(
                200,
                .object([
                    "links": .object(["self": "/api/v2/authorizations"]),
                    "authorizations": .array(visible.map { Rendering.authorization($0, in: state) }),
                ]))
        }
    }

    /// GET one (§19.7): 404, then 401.
    static func get(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return fail(.invalid(goMessage(error))) }
        return ctx.read { state in
            guard let t = state.token(id: id) else { return fail(.notFound("authorization not found")) }
            if let refused = needed("read", t).first(where: { !request.caller!.allows($0) }) { return fail(refused.refusal) }
            return ok(200, Rendering.authorization(t, in: state))
        }
    }

    /// PATCH (§19.8): `status` and `description` only; malformed JSON is a 500; `status` is
    /// stored as sent (anything but `active` disables the token).
    static func patch(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return fail(.invalid(goMessage(error))) }
        let status: String?, description: String?
        do {
            let f = try BodyFields.decode(request.body, structName: "AuthorizationUpdate", goType: "influxdb.AuthorizationUpdate")
            status = try f.string("status")
            description = try f.string("description")
        } catch { return fail(.internalError(goMessage(error))) }
        return ctx.transaction(layout: .tabIndented) { state in
            guard let index = state.tokens.firstIndex(where: { $0.id == id }) else { return fail(.notFound("authorization not found")) }
            var t = state.tokens[index]
            if let refused = needed("write", t).first(where: { !request.caller!.allows($0) }) { return fail(refused.refusal) }
            if let status { t.status = status }
            if let description { t.description = description }
            t.updatedAt = .now()
            state.tokens[index] = t
            return ok(200, Rendering.authorization(t, in: state))
        }
    }

    /// DELETE (§19.9): 204; a token may delete itself.
    static func delete(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return fail(.invalid(goMessage(error))) }
        return ctx.transaction(layout: .tabIndented) { state in
            guard let t = state.token(id: id) else { return fail(.notFound("authorization not found")) }
            if let refused = needed("write", t).first(where: { !request.caller!.allows($0) }) { return fail(refused.refusal) }
            state.tokens.removeAll { $0.id == id }
            return .empty(204)
        }
    }
}
