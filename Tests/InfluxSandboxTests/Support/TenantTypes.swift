import Foundation
import XCTest

/// Typed shapes of the tenant endpoints (influxdb-api.md §17–§22), decoded with `Decodable`.
struct BucketBody: Decodable, Equatable {
    struct Rule: Decodable, Equatable {
        var type: String
        var everySeconds: Int
        var shardGroupDurationSeconds: Int
    }
    var id: String
    var orgID: String
    var type: String
    var name: String
    var description: String?
    var retentionRules: [Rule]
    var links: [String: String]
    var labels: [LabelBody]
    var createdAt: String
    var updatedAt: String
}

struct LabelBody: Decodable, Equatable {
    var id: String
    var name: String
}

struct BucketList: Decodable {
    var links: [String: String]
    var buckets: [BucketBody]
}

struct SecretList: Decodable, Equatable {
    var links: [String: String]
    var secrets: [String]
}

struct PermissionBody: Codable, Equatable {
    struct Resource: Codable, Equatable {
        var type: String
        var id: String?
        var orgID: String?
        var name: String?
        var org: String?
    }
    var action: String
    var resource: Resource
}

struct AuthorizationBody: Decodable {
    var id: String
    var token: String
    var status: String
    var description: String
    var orgID: String
    var org: String
    var userID: String
    var user: String
    var permissions: [PermissionBody]
    var links: [String: String]
    var createdAt: String
    var updatedAt: String
}

struct AuthorizationList: Decodable {
    var links: [String: String]
    var authorizations: [AuthorizationBody]
}

struct UserBody: Decodable, Equatable {
    var links: [String: String]
    var id: String
    var name: String
    var status: String
}

struct UserList: Decodable {
    var links: [String: String]
    var users: [UserBody]
}

struct OrgBody: Decodable {
    var id: String
    var name: String
    var description: String
}

struct AnalyzeBody: Decodable, Equatable {
    struct Finding: Decodable, Equatable {
        var line: Int
        var column: Int
        var character: Int
        var message: String
    }
    var errors: [Finding]
}

extension HTTPResult {
    /// The body decoded as `T` (fails the test with the body when it does not decode).
    func decoded<T: Decodable>(_ type: T.Type, file: StaticString = #filePath, line: UInt = #line) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(body)) } catch {
            XCTFail("cannot decode \(T.self) from: \(text)", file: file, line: line)
            throw error
        }
    }
}

extension ConformanceTestCase {
    /// Creates an authorization for the seeded org with `permissions` (`action:type` pairs,
    /// org-scoped) and returns it.
    func createAuthorization(
        _ permissions: [(String, String)], description: String = "test token",
        file: StaticString = #filePath, line: UInt = #line
    ) async throws -> AuthorizationBody {
        let perms: [[String: Any]] = permissions.map { ["action": $0.0, "resource": ["type": $0.1, "orgID": orgID]] }
        let r = try await request(
            "POST", "/api/v2/authorizations",
            json: ["orgID": orgID, "description": description, "permissions": perms])
        XCTAssertEqual(r.status, 201, r.text, file: file, line: line)
        return try r.decoded(AuthorizationBody.self, file: file, line: line)
    }
}
