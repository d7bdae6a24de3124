/// The org, user, all-access token, buckets and secrets a sandbox starts with — what
/// `influxd setup` creates (an org with its system buckets, a user, the operator token, the
/// setup bucket), plus any extra buckets and secrets asked for.
struct Seed: Sendable {
    var orgName: String
    var userName: String
    var token: String
    /// Buckets of the seeded org; the first is the setup bucket. Infinite retention (§17.2).
    var bucketNames: [String] = []
    /// Secrets of the seeded org (§18), key → value.
    var secrets: [String: String] = [:]

    /// Makes sure the configured org, user, token, buckets and secrets exist, and that every
    /// org has its system buckets (§17.4); keeps everything already there (so a data file made
    /// with another org or token stays usable, and gains these).
    func apply(to state: inout SandboxState, now: Timestamp) {
        if state.org(named: orgName) == nil {
            state.orgs.append(StoredOrg(id: newOrgID(state), name: orgName, createdAt: now, updatedAt: now))
        }
        let org = state.org(named: orgName)!
        let user: StoredUser
        if let existing = state.users.first(where: { $0.name == userName }) {
            user = existing
        } else {
            user = StoredUser(id: state.ids.nextSnowflake(now: now), name: userName)
            state.users.append(user)
        }
        if !state.tokens.contains(where: { $0.token == token }) {
            state.tokens.append(StoredToken(token: token, userID: user.id, description: "\(userName)'s Token"))
        }
        // Authorizations of data files written before authorizations had IDs (§19.4).
        for index in state.tokens.indices where state.tokens[index].id == nil {
            state.tokens[index].id = state.ids.nextSnowflake(now: now)
            state.tokens[index].authOrgID = state.tokens[index].authOrgID ?? state.tokens[index].orgID ?? org.id
            state.tokens[index].createdAt = now
            state.tokens[index].updatedAt = now
        }
        for org in state.orgs where !state.members.contains(where: { $0.resourceID == org.id && $0.userID == user.id }) {
            state.members.append(MemberMapping(resourceID: org.id, userID: user.id, role: "owner"))
        }
        for org in state.orgs { Self.ensureSystemBuckets(of: org.id, in: &state, now: now) }
        for name in bucketNames where !state.buckets.values.contains(where: { $0.orgID == org.id && $0.name == name }) {
            let bucket = StoredBucket(id: Self.newBucketID(state), orgID: org.id, name: name, createdAt: now, updatedAt: now)
            state.buckets[bucket.id] = bucket
        }
        for (key, value) in secrets { state.secrets[org.id, default: [:]][key] = value }
    }

    /// Adds `_tasks` and `_monitoring` to an org that lacks them (§17.4).
    static func ensureSystemBuckets(of orgID: String, in state: inout SandboxState, now: Timestamp) {
        let present = Set(state.buckets.values.filter { $0.orgID == orgID && $0.isSystem }.map(\.name))
        let taken = state
        for bucket in StoredBucket.systemBuckets(orgID: orgID, ids: { newBucketID(taken) }, now: now)
        where !present.contains(bucket.name) {
            state.buckets[bucket.id] = bucket
        }
    }

    /// A random bucket ID not in use (§1.1: bucket IDs are random like org IDs).
    static func newBucketID(_ state: SandboxState) -> String {
        var id = IDGenerator.randomOrgID()
        while state.buckets[id] != nil || state.org(id: id) != nil { id = IDGenerator.randomOrgID() }
        return id
    }

    private func newOrgID(_ state: SandboxState) -> String {
        var id = IDGenerator.randomOrgID()
        while state.org(id: id) != nil { id = IDGenerator.randomOrgID() }
        return id
    }
}
