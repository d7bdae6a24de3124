import Foundation

extension Rendering {
    /// An authorization (influxdb-api.md §19.4): every key always present; permissions with
    /// the resolved `name`/`org` (§19.1).
    static func authorization(_ t: StoredToken, in state: SandboxState) -> JSONValue {
        let orgID = t.authOrgID ?? t.orgID ?? ""
        let id = t.id ?? ""
        return .object([
            "id": .string(id), "token": .string(t.token), "status": .string(t.status),
            "description": .string(t.description ?? ""), "orgID": .string(orgID),
            "org": .string(state.org(id: orgID)?.name ?? ""), "userID": .string(t.userID),
            "user": .string(state.user(id: t.userID)?.name ?? ""),
            "permissions": .array(t.effectivePermissions.map { permission($0, in: state) }),
            "links": .object(["self": .string("/api/v2/authorizations/\(id)"), "user": .string("/api/v2/users/\(t.userID)")]),
            "createdAt": .string((t.createdAt ?? .now()).rfc3339Nano), "updatedAt": .string((t.updatedAt ?? .now()).rfc3339Nano),
        ])
    }

    /// A permission with `name` filled for buckets, orgs and users addressed by ID and `org`
    /// for org-scoped ones, each omitted when the object is gone (§19.1).
    static func permission(_ p: Permission, in state: SandboxState) -> JSONValue {
        var resource: JSONObject = ["type": .string(p.type)]
        resource.append("id", ifPresent: p.id)
        resource.append("orgID", ifPresent: p.orgID)
        var referencedIsGone = false
        if let id = p.id {
            let name: String?
            switch p.type {
            case "buckets": name = state.buckets[id]?.name
            case "orgs": name = state.org(id: id)?.name
            case "users": name = state.user(id: id)?.name
            default: name = nil
            }
            if ["buckets", "orgs", "users"].contains(p.type) { referencedIsGone = name == nil }
            resource.append("name", ifPresent: name)
        }
        // When the object the permission names is gone, its org's name is skipped too.
        if let orgID = p.orgID, !referencedIsGone { resource.append("org", ifPresent: state.org(id: orgID)?.name) }
        return .object(["action": .string(p.action), "resource": .object(resource)])
    }

    /// A user (§20.1).
    static func user(_ u: StoredUser) -> JSONValue {
        var o: JSONObject = ["links": .object(["self": .string("/api/v2/users/\(u.id)")]), "id": .string(u.id), "name": .string(u.name)]
        o.append("oauthID", ifPresent: u.oauthID)
        o.append("status", .string(u.status))
        return .object(o)
    }
}

extension StoredToken {
    /// A new token string as InfluxDB generates them: 64 random bytes, base64 URL alphabet with
    /// padding — 88 characters ending in `==` (§19.3).
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }
}
