/// The deprecated GET/POST/DELETE /api/v2/tasks/{id}/members and /owners routes: user-resource
/// mappings with user objects. Like the task-label routes they do not check the task.
/// [UNVERIFIED: shapes follow the OpenAPI `ResourceMembers`/`ResourceOwners` schemas.]
///
/// As InfluxDB 2.7 keeps them: a task starts with no mapping; mappings are keyed by
/// (resource, user) whatever the role, so a second mapping of one user to one resource (as
/// owner or member) is a 500 `internal error`, and DELETE removes the user's mapping whatever
/// its role. Listings filter by role.
enum MemberRoutes {
    static func list(_ request: RouteRequest, _ ctx: APIContext, role: String) -> Reply {
        guard let id = try? Identifier.parse(request.param("id")) else {
            return .error(.invalid("failed to decode request: \(Identifier.errorText(request.param("id")) ?? "")"))
        }
        let mappingRole = role == "owners" ? "owner" : "member"
        return ctx.read { state in
            let users = state.members.filter { $0.resourceID == id && $0.role == mappingRole }
                .compactMap { m in state.user(id: m.userID).map { Rendering.resourceUser($0, role: mappingRole) } }
            return .json(200, ["links": .object(["self": .string("/api/v2/tasks/\(id)/\(role)")]), "users": .array(users)])
        }
    }

    static func add(_ request: RouteRequest, _ ctx: APIContext, role: String) -> Reply {
        guard let id = try? Identifier.parse(request.param("id")) else {
            return .error(.invalid("failed to decode request: \(Identifier.errorText(request.param("id")) ?? "")"))
        }
        let mappingRole = role == "owners" ? "owner" : "member"
        let userID: String
        do {
            let f = try BodyFields.decode(request.body, structName: "AddResourceMemberRequestBody", goType: "influxdb.AddResourceMemberRequestBody")
            guard let raw = try f.string("id"), let parsed = try? Identifier.parse(raw) else {
                return .error(.invalid("user id missing or invalid"))
            }
            userID = parsed
        } catch let e as JSONParser.Failure {
            return .error(.invalid("failed to decode request: \(e.message)"))
        } catch { return .error(.invalid("failed to decode request: \(goMessage(error))")) }
        return ctx.transaction { state in
            guard let user = state.user(id: userID) else { return .error(.notFound("user not found")) }
            if state.members.contains(where: { $0.resourceID == id && $0.userID == userID }) {
                return .error(.internalError("Unexpected error when assigning user to a resource: mapping for user \(userID) already exists"))
            }
            state.members.append(MemberMapping(resourceID: id, userID: userID, role: mappingRole))
            return .json(201, Rendering.resourceUser(user, role: mappingRole), layout: .compact)
        }
    }

    static func remove(_ request: RouteRequest, _ ctx: APIContext, role: String) -> Reply {
        guard let id = try? Identifier.parse(request.param("id")), let userID = try? Identifier.parse(request.param("userID")) else {
            return .error(.invalid("failed to decode request: \(Identifier.errorText(request.param("id")) ?? Identifier.errorText(request.param("userID")) ?? "invalid ID")"))
        }
        return ctx.transaction { state in
            state.members.removeAll { $0.resourceID == id && $0.userID == userID }
            return .empty(204)
        }
    }
}

extension Identifier {
    /// The parse error text of a malformed ID, nil when it is well-formed.
    static func errorText(_ text: String) -> String? {
        do { _ = try parse(text); return nil } catch { return error.message }
    }
}
