/// `Authorization: Token <t>` / `Bearer <t>` (influxdb-api.md §2).
enum Authentication {
    /// The token of an `Authorization` header value: the scheme word is case-insensitive and
    /// followed by exactly one space; the rest, untrimmed, is the token.
    static func token(fromHeader header: String?) -> String? {
        guard let header, !header.isEmpty else { return nil }
        for scheme in ["token ", "bearer "] where header.count >= scheme.count {
            if header.prefix(scheme.count).lowercased() == scheme { return String(header.dropFirst(scheme.count)) }
        }
        return nil
    }

    /// The caller for a header, or the error to answer with (401 / 403).
    static func authenticate(header: String?, in state: SandboxState) -> Result<Caller, APIError> {
        guard let text = token(fromHeader: header),
            let token = state.tokens.first(where: { $0.token == text })
        else { return .failure(.unauthorizedAccess) }
        // A deleted or inactive user's tokens are refused before any handler (§19.10, §20.6).
        guard let user = state.user(id: token.userID), user.status == "active" else {
            return .failure(APIError(.forbidden, "User is inactive"))
        }
        // An inactive (disabled) token still authenticates: every permission check fails
        // (`Caller.allows`), so lists come back empty and single objects are refused as
        // `token is inactive` (§19.10, `SandboxResponder.dispatch`).
        return .success(Caller(userID: user.id, token: token))
    }
}
