import InfluxAPI

/// Reads what the checks before apply need from the server: the org's buckets
/// (`GET /api/v2/buckets`, paged, §17.3) and its secret keys (`GET /api/v2/orgs/{id}/secrets`,
/// §18.1), concurrently. Costs ⌈buckets/100⌉ + 1 + 1 reads per plan, plus one per referenced bucket name the
/// token's list lacks (none when every name is there).
///
/// Never throws: a part that cannot be read (a token without `read:buckets` or
/// `read:secrets` gets 401/403/404 — §19 —, or the read fails) is left out of the facts with
/// one line in `ServerFacts.unavailable`, so its checks are skipped, and the plan goes on.
public enum ServerFactsFetcher {
    /// The facts of org `orgID`; `buckets`/`secrets` false skip that part (no request).
    /// - Parameter referencedBuckets: the bucket names the scripts use; those the list lacks
    ///   are looked up one by one (a request each, only for names not listed).
    public static func fetch(client: any InfluxAPIClient, orgID: String, referencedBuckets: Set<String> = [], buckets: Bool = true, secrets: Bool = true) async -> ServerFacts {
        async let bucketList: Result<[InfluxBucket], any Error>? = buckets ? capture { try await client.listBuckets(orgID: orgID) } : nil
        async let secretList: Result<[String], any Error>? = secrets ? capture { try await client.listSecretKeys(orgID: orgID) } : nil
        var facts = ServerFacts()
        switch await bucketList {
        case .success(let list)?:
            // The list holds only the buckets the token may read (§17.3): a referenced name it
            // lacks is looked up by name (an index lookup, 404 only when there is none), so a
            // bucket the token cannot see is never called missing. Usually no name is left.
            var names = Set(list.map(\.name))
            for name in referencedBuckets.subtracting(names).sorted() {
                if (try? await client.bucketExists(orgID: orgID, name: name)) != false { names.insert(name) }
            }
            facts.bucketNames = names
            facts.bucketIDs = Set(list.map(\.id))
        case .failure(let error)?:
            facts.unavailable.append(reason(error, what: "buckets", permission: "read:buckets"))
        case nil: break
        }
        switch await secretList {
        case .success(let keys)?: facts.secretKeys = Set(keys)
        case .failure(let error)?: facts.unavailable.append(reason(error, what: "secret keys", permission: "read:secrets"))
        case nil: break
        }
        return facts
    }

    private static func capture<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    /// `the buckets were not checked: GET …: 401 unauthorized: …; the token needs read:buckets`.
    static func reason(_ error: any Error, what: String, permission: String) -> String {
        guard let api = error as? InfluxAPIError else { return "the \(what) were not checked: the read failed" }
        var text = "the \(what) were not checked: \(api.description)"
        if api.isAccessRefusal { text += "; the token needs \(permission) for this check (or pass --no-server-checks)" }
        return text
    }
}
