import Foundation
import XCTest

/// influxdb-api.md §20 (users, /me) and §21 (org create, update, delete).
final class UserAndOrgConformanceTests: ConformanceTestCase, @unchecked Sendable {
    func testMeIsTheTokensUser() async throws {
        let me = try await request("GET", "/api/v2/me").decoded(UserBody.self)
        XCTAssertEqual(me.name, "admin")
        XCTAssertEqual(me.status, "active")
        XCTAssertEqual(me.links, ["self": "/api/v2/users/\(me.id)"])
    }

    func testUserLifecycle() async throws {
        let created = try await request("POST", "/api/v2/users", json: ["name": "ada"])
        XCTAssertEqual(created.status, 201, created.text)
        let ada = try created.decoded(UserBody.self)
        XCTAssertEqual([ada.name, ada.status], ["ada", "active"])
        try assertError(try await request("POST", "/api/v2/users", json: ["name": "ada"]), 422, "conflict", "user with name ada already exists")
        let byName = try await request("GET", "/api/v2/users?name=ada").decoded(UserList.self)
        XCTAssertEqual(byName.users, [ada])
        XCTAssertEqual(byName.links, ["self": "/api/v2/users"])
        let awaited1 = try await request("GET", "/api/v2/users").decoded(UserList.self).users.map(\.name)
        XCTAssertEqual(awaited1, ["admin", "ada"])
        try assertError(try await request("GET", "/api/v2/users?name=nobody"), 404, "not found", "user not found")
        try assertError(try await request("PATCH", "/api/v2/users/\(ada.id)", json: ["status": "gone"]), 400, "invalid", "invalid status: must be active or inactive")
        let renamed = try await request("PATCH", "/api/v2/users/\(ada.id)", json: ["name": "ada2"]).decoded(UserBody.self)
        XCTAssertEqual(renamed.name, "ada2")
        let awaited2 = try await request("DELETE", "/api/v2/users/\(ada.id)").status
        XCTAssertEqual(awaited2, 204)
        try assertError(try await request("GET", "/api/v2/users/\(ada.id)"), 404, "not found", "user not found")
    }

    func testTokensOfAnInactiveUserAre403() async throws {
        let ada = try await request("POST", "/api/v2/users", json: ["name": "ada"]).decoded(UserBody.self)
        let perms: [[String: Any]] = [["action": "read", "resource": ["type": "tasks", "orgID": orgID]]]
        let auth = try await request("POST", "/api/v2/authorizations", json: ["orgID": orgID, "userID": ada.id, "permissions": perms]).decoded(AuthorizationBody.self)
        XCTAssertEqual(auth.user, "ada")
        let awaited3 = try await request("GET", "/api/v2/tasks", auth: "Token \(auth.token)").status
        XCTAssertEqual(awaited3, 200)
        _ = try await request("PATCH", "/api/v2/users/\(ada.id)", json: ["status": "inactive"])
        try assertError(try await request("GET", "/api/v2/tasks", auth: "Token \(auth.token)"), 403, "forbidden", "User is inactive")
    }

    func testOrgCreateUpdateDelete() async throws {
        let created = try await request("POST", "/api/v2/orgs", json: ["name": "second", "description": "d"])
        XCTAssertEqual(created.status, 201, created.text)
        let org = try created.decoded(OrgBody.self)
        XCTAssertEqual([org.name, org.description], ["second", "d"])
        let buckets = try await request("GET", "/api/v2/buckets?orgID=\(org.id)").decoded(BucketList.self)
        XCTAssertEqual(buckets.buckets.map(\.name), ["_monitoring", "_tasks"])
        try assertError(try await request("POST", "/api/v2/orgs", json: ["name": " second "]), 422, "conflict", "organization with name  second  already exists")
        try assertError(try await request("POST", "/api/v2/orgs", json: ["name": "  "]), 400, "invalid", "org name is empty")
        let renamed = try await request("PATCH", "/api/v2/orgs/\(org.id)", json: ["name": "third"]).decoded(OrgBody.self)
        XCTAssertEqual(renamed.name, "third")
        try assertError(try await request("PATCH", "/api/v2/orgs/\(org.id)", json: ["name": ""]), 400, "invalid", "org name is empty")
        let awaited4 = try await request("DELETE", "/api/v2/orgs/\(org.id)").status
        XCTAssertEqual(awaited4, 204)
        try assertError(try await request("GET", "/api/v2/orgs/\(org.id)"), 404, "not found", "organization not found")
        try assertError(try await request("DELETE", "/api/v2/orgs/\(org.id)"), 404, "not found", "organization not found")
        let awaited5 = try await request("GET", "/api/v2/buckets?orgID=\(org.id)").decoded(BucketList.self).buckets
        XCTAssertEqual(awaited5, [])
    }

    /// §21.1 stores a name untrimmed, and §11 looks a name up with surrounding spaces ignored:
    /// ` spaced ` is found as `spaced` and as itself (it was never found). The list is in ID
    /// order (§1.1: IDs are random, so not creation order).
    func testAnOrgNamedWithSurroundingSpacesIsFoundAndListsAreInIDOrder() async throws {
        let created = try await request("POST", "/api/v2/orgs", json: ["name": " spaced "])
        XCTAssertEqual(created.status, 201, created.text)
        let org = try created.decoded(OrgBody.self)
        XCTAssertEqual(org.name, " spaced ")
        for query in ["spaced", "%20spaced%20"] {
            let found = try await request("GET", "/api/v2/orgs?org=\(query)")
            XCTAssertEqual(found.status, 200, "\(query): \(found.text)")
            XCTAssertTrue(found.text.contains(org.id), found.text)
        }
        for name in ["o2", "O2", "o3"] { _ = try await request("POST", "/api/v2/orgs", json: ["name": name]) }
        let text = try await request("GET", "/api/v2/orgs").text
        let ids = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any])["orgs"].flatMap { $0 as? [[String: Any]] }?.compactMap { $0["id"] as? String }
        XCTAssertEqual(ids?.count, 5, text)
        XCTAssertEqual(ids, ids?.sorted())
    }

    func testOrgScopedTokenCannotCreateOrgs() async throws {
        let auth = try await createAuthorization([("write", "buckets")])
        try assertError(try await request("POST", "/api/v2/orgs", json: ["name": "x"], auth: "Token \(auth.token)"), 401, "unauthorized", "write:orgs is unauthorized")
        try assertError(
            try await request("PATCH", "/api/v2/orgs/00000000000000ff", json: ["name": "x"], auth: "Token \(auth.token)"),
            401, "unauthorized", "write:orgs/00000000000000ff is unauthorized")
    }
}
