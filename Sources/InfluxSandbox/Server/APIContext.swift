/// What route handlers work with: the store, and the run simulator.
struct APIContext: Sendable {
    let store: SandboxStore
    let simulator: RunSimulator
    /// OSS or Cloud behaviour where they differ (§15).
    var flavor: SandboxFlavor = .oss

    /// Runs `body` on the state under the lock; the state is saved to the data file when the
    /// reply is a success. A save failure becomes a 500 naming the file.
    func transaction(layout: Reply.Layout = .compact, _ body: (inout SandboxState) -> Reply) -> Reply {
        do {
            return try store.write(persistWhen: { $0.status < 400 }) { state in body(&state) }
        } catch {
            return .error(.internalError("sandbox could not save its state: \(error)"), layout: layout)
        }
    }

    /// Reads the state under the lock.
    func read(_ body: (SandboxState) -> Reply) -> Reply {
        store.read { state in body(state) }
    }
}

extension Caller {
    /// True when the token holds a permission satisfying `needed` (§19.2).
    func allows(_ needed: Permission) -> Bool {
        token.status == "active" && token.effectivePermissions.contains { $0.satisfies(needed) }
    }

    /// True when the token may `action` resources of `type` in an org, or one of them (`id`).
    func may(_ action: String, _ type: String, org orgID: String?, id: String? = nil) -> Bool {
        allows(Permission(action: action, type: type, orgID: orgID, id: id))
    }
}

extension RouteRequest {
    /// Parses the `:name` route parameter as an ID.
    func id(_ name: String) -> Result<String, Identifier.Malformed> {
        Result { () throws(Identifier.Malformed) in try Identifier.parse(param(name)) }
    }
}
