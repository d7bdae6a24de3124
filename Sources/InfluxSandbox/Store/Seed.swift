/// The org, user and all-access token a sandbox starts with.
struct Seed: Sendable {
    var orgName: String
    var userName: String
    var token: String

    /// Makes sure the configured org, user and token exist; keeps everything already there
    /// (so a data file made with another org or token stays usable, and gains these).
    func apply(to state: inout SandboxState, now: Timestamp) {
        if state.org(named: orgName) == nil {
            state.orgs.append(StoredOrg(id: newOrgID(state), name: orgName, createdAt: now, updatedAt: now))
        }
        let user: StoredUser
        if let existing = state.users.first(where: { $0.name == userName }) {
            user = existing
        } else {
            user = StoredUser(id: state.ids.nextSnowflake(now: now), name: userName)
            state.users.append(user)
        }
        if !state.tokens.contains(where: { $0.token == token }) {
            state.tokens.append(StoredToken(token: token, userID: user.id))
        }
        for org in state.orgs where !state.members.contains(where: { $0.resourceID == org.id && $0.userID == user.id }) {
            state.members.append(MemberMapping(resourceID: org.id, userID: user.id, role: "owner"))
        }
    }

    private func newOrgID(_ state: SandboxState) -> String {
        var id = IDGenerator.randomOrgID()
        while state.org(id: id) != nil { id = IDGenerator.randomOrgID() }
        return id
    }
}
