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
            return try store.write(persist: false) { state in
                let reply = body(&state)
                if reply.status < 400, let file = store.dataFile { try file.save(state) }
                return reply
            }
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
    /// True when the token may act on resources of the org (all-access tokens may everywhere).
    func canAccess(org orgID: String) -> Bool {
        token.status == "active" && (token.orgID == nil || token.orgID == orgID)
    }
}

extension RouteRequest {
    /// Parses the `:name` route parameter as an ID.
    func id(_ name: String) -> Result<String, Identifier.Malformed> {
        Result { () throws(Identifier.Malformed) in try Identifier.parse(param(name)) }
    }
}
