/// /api/v2/orgs/{orgID}/secrets (influxdb-api.md §18): keys only, values never served.
enum SecretRoutes {
    private static func fail(_ e: APIError) -> Reply { .error(e, layout: .tabIndented) }

    /// The org sub-route guard (§18): malformed ID → 400 `corrupt ID provided: …`; an org that
    /// is missing or not readable (`read:orgs/<id>`) → 404 `404 page not found`.
    private static func guardOrg(_ request: RouteRequest, _ state: SandboxState) -> Result<String, APIError> {
        let id: String
        do { id = try request.id("id").get() } catch { return .failure(.invalid("corrupt ID provided: \(goMessage(error))")) }
        guard state.org(id: id) != nil, request.caller!.may("read", "orgs", org: nil, id: id) else {
            return .failure(.notFound("404 page not found"))
        }
        return .success(id)
    }

    /// GET (§18.1): `read:orgs/<org>/secrets`; keys in byte order.
    static func list(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        ctx.read { state in
            let orgID: String
            switch guardOrg(request, state) {
            case .failure(let e): return fail(e)
            case .success(let id): orgID = id
            }
            let needed = Permission(action: "read", type: "secrets", orgID: orgID)
            guard request.caller!.allows(needed) else { return fail(needed.refusal) }
            let keys = (state.secrets[orgID] ?? [:]).keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            return .json(
                200,
                .object([
                    "links": .object(["org": .string("/api/v2/orgs/\(orgID)"), "self": .string("/api/v2/orgs/\(orgID)/secrets")]),
                    "secrets": .array(keys.map { .string($0) }),
                ]), layout: .tabIndented)
        }
    }

    /// PATCH (§18.2): merges a flat string → string object; 204.
    static func patch(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let values: [(String, String)]
        do {
            switch try JSONParser.parse(request.body) {
            case .null: values = []
            case .object(let o):
                var out: [(String, String)] = []
                for pair in o.pairs {
                    guard case .string(let s) = pair.value else {
                        return fail(.invalid("failed to unmarshal json: json: cannot unmarshal \(pair.value.goKind) into Go value of type string"))
                    }
                    out.append((pair.key, s))
                }
                values = out
            case let other:
                return fail(.invalid("failed to unmarshal json: json: cannot unmarshal \(other.goKind) into Go value of type map[string]string"))
            }
        } catch { return fail(.invalid("failed to unmarshal json: \(goMessage(error))")) }
        return write(request, ctx) { secrets in for (k, v) in values { secrets[k] = v } }
    }

    /// POST …/secrets/delete (§18.3): `{"secrets": [keys]}`; missing keys ignored.
    static func deleteMany(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        var keys: [String] = []
        do {
            let f = try BodyFields.decode(request.body, structName: "secretsDeleteBody", goType: "secret.secretsDeleteBody")
            switch f.object["secrets"] {
            case nil, .null?: break
            case .array(let items)?:
                for item in items {
                    guard case .string(let s) = item else {
                        return fail(.invalid("failed to unmarshal json: json: cannot unmarshal \(item.goKind) into Go struct field secretsDeleteBody.secrets of type string"))
                    }
                    keys.append(s)
                }
            case let other?:
                return fail(.invalid("failed to unmarshal json: json: cannot unmarshal \(other.goKind) into Go struct field secretsDeleteBody.secrets of type []string"))
            }
        } catch { return fail(.invalid("failed to unmarshal json: \(goMessage(error))")) }
        return write(request, ctx) { secrets in for key in keys { secrets[key] = nil } }
    }

    /// DELETE …/secrets/{secretID} (§18.4): 204 also for a missing key.
    static func deleteOne(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let key = request.param("secretID")
        return write(request, ctx) { secrets in secrets[key] = nil }
    }

    /// The guard, `write:orgs/<org>/secrets` (401), the change, 204.
    private static func write(_ request: RouteRequest, _ ctx: APIContext, _ change: (inout [String: String]) -> Void) -> Reply {
        ctx.transaction(layout: .tabIndented) { state in
            let orgID: String
            switch guardOrg(request, state) {
            case .failure(let e): return fail(e)
            case .success(let id): orgID = id
            }
            let needed = Permission(action: "write", type: "secrets", orgID: orgID)
            guard request.caller!.allows(needed) else { return fail(needed.refusal) }
            var secrets = state.secrets[orgID] ?? [:]
            change(&secrets)
            state.secrets[orgID] = secrets.isEmpty ? nil : secrets
            return .empty(204)
        }
    }
}
