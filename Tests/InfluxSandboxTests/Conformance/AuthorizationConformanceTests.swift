import Foundation
import XCTest

/// influxdb-api.md §19: /api/v2/authorizations and the permissions they carry, enforced.
final class AuthorizationConformanceTests: ConformanceTestCase, @unchecked Sendable {
    func testCreatedTokenIsGeneratedAndWorksForWhatItAllows() async throws {
        let auth = try await createAuthorization([("read", "tasks"), ("write", "tasks"), ("read", "labels"), ("write", "labels")])
        XCTAssertEqual(auth.token.count, 88)
        XCTAssertTrue(auth.token.hasSuffix("=="), auth.token)
        XCTAssertEqual(auth.status, "active")
        XCTAssertEqual(auth.description, "test token")
        XCTAssertEqual(auth.orgID, orgID)
        XCTAssertEqual(auth.org, target.orgName)
        XCTAssertEqual(auth.user, "admin")
        XCTAssertEqual(auth.links, ["self": "/api/v2/authorizations/\(auth.id)", "user": "/api/v2/users/\(auth.userID)"])
        XCTAssertEqual(auth.permissions.first, PermissionBody(action: "read", resource: .init(type: "tasks", orgID: orgID, org: target.orgName)))
        let token = "Token \(auth.token)"
        let task = try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "flux": script("with-new-token")], auth: token)
        XCTAssertEqual(task.status, 201, task.text)
        let label = try await request("POST", "/api/v2/labels", json: ["orgID": orgID, "name": "new-token-label"], auth: token)
        XCTAssertEqual(label.status, 201, label.text)
        // The token may not read buckets, the org (so neither its secrets), users or authorizations.
        let awaited1 = try await request("GET", "/api/v2/buckets?orgID=\(orgID)", auth: token).decoded(BucketList.self).buckets
        XCTAssertEqual(awaited1, [])
        try assertError(try await request("GET", "/api/v2/orgs/\(orgID)", auth: token), 401, "unauthorized", "read:orgs/\(orgID) is unauthorized")
        // The org list is filtered by org read too (§19.11): found but not readable → empty.
        let orgs = try await request("GET", "/api/v2/orgs?org=\(target.orgName)", auth: token)
        XCTAssertEqual(((try orgs.object()["orgs"] as? [[String: Any]])?.compactMap { $0["id"] as? String }), [])
        try assertError(try await request("GET", "/api/v2/orgs/\(orgID)/secrets", auth: token), 404, "not found", "404 page not found")
        try assertError(try await request("GET", "/api/v2/me", auth: token), 401, "unauthorized", "read:users/\(auth.userID) is unauthorized")
        let awaited2 = try await request("GET", "/api/v2/authorizations", auth: token).decoded(AuthorizationList.self).authorizations.count
        XCTAssertEqual(awaited2, 0)
    }

    func testReadOnlyTokenCannotWrite() async throws {
        let auth = try await createAuthorization([("read", "buckets"), ("read", "labels"), ("read", "tasks")])
        let token = "Token \(auth.token)"
        let buckets = try await request("GET", "/api/v2/buckets?orgID=\(orgID)", auth: token).decoded(BucketList.self)
        XCTAssertEqual(buckets.buckets.map(\.name), ["b", "conformance-bucket"], "system buckets need org read (§17.4)")
        try assertError(
            try await request("POST", "/api/v2/buckets", json: ["orgID": orgID, "name": "x"], auth: token),
            401, "unauthorized", "write:orgs/\(orgID)/buckets is unauthorized")
        try assertError(
            try await request("DELETE", "/api/v2/buckets/\(buckets.buckets[0].id)", auth: token),
            401, "unauthorized", "write:orgs/\(orgID)/buckets/\(buckets.buckets[0].id) is unauthorized")
        try assertError(
            try await request("POST", "/api/v2/labels", json: ["orgID": orgID, "name": "x"], auth: token),
            401, "unauthorized", "write:orgs/\(orgID)/labels is unauthorized")
        try assertError(
            try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "flux": script("x")], auth: token),
            500, "internal error", "failed to create task: unauthorized")
        try assertError(try await request("POST", "/api/v2/orgs", json: ["name": "x"], auth: token), 401, "unauthorized", "write:orgs is unauthorized")
        try assertError(try await request("POST", "/api/v2/users", json: ["name": "x"], auth: token), 401, "unauthorized", "write:users is unauthorized")
    }

    func testTaskPermissionsAreEnforcedWithTheTaskEndpointsAnswers() async throws {
        let task = try await createTask(unique("guarded"))
        let id = try XCTUnwrap(task["id"] as? String)
        let labelsOnly = try await createAuthorization([("read", "labels")])
        let token = "Token \(labelsOnly.token)"
        try assertError(try await request("GET", "/api/v2/tasks/\(id)", auth: token), 404, "not found", "failed to find task: unauthorized")
        try assertError(try await request("DELETE", "/api/v2/tasks/\(id)", auth: token), 500, "internal error", "failed to delete task: unauthorized")
        let listed = try await request("GET", "/api/v2/tasks?orgID=\(orgID)", auth: token)
        XCTAssertEqual(listed.status, 200, listed.text)
        XCTAssertEqual((try listed.object()["tasks"] as? [Any])?.count, 0)
        let reader = try await createAuthorization([("read", "tasks")])
        let got = try await request("GET", "/api/v2/tasks/\(id)", auth: "Token \(reader.token)")
        XCTAssertEqual(got.status, 200, got.text)
        try assertError(try await request("DELETE", "/api/v2/tasks/\(id)", auth: "Token \(reader.token)"), 500, "internal error", "failed to delete task: unauthorized")
    }

    func testTokenCannotGrantWhatItLacks() async throws {
        let auth = try await createAuthorization([("write", "authorizations"), ("read", "buckets")])
        // write:users/<own id> is needed too; grant it by ID.
        let perms: [[String: Any]] = [
            ["action": "write", "resource": ["type": "authorizations", "orgID": orgID]],
            ["action": "write", "resource": ["type": "users", "id": auth.userID]],
            ["action": "read", "resource": ["type": "buckets", "orgID": orgID]],
        ]
        let granter = try await request("POST", "/api/v2/authorizations", json: ["orgID": orgID, "permissions": perms]).decoded(AuthorizationBody.self)
        try assertError(
            try await request(
                "POST", "/api/v2/authorizations", json: ["orgID": orgID, "permissions": [["action": "write", "resource": ["type": "buckets", "orgID": orgID]]]],
                auth: "Token \(granter.token)"),
            403, "forbidden", "permission write:orgs/\(orgID)/buckets is not allowed: write:orgs/\(orgID)/buckets is unauthorized")
        try assertError(
            try await request(
                "POST", "/api/v2/authorizations", json: ["orgID": orgID, "permissions": [["action": "read", "resource": ["type": "buckets", "orgID": orgID]]]],
                auth: "Token \(auth.token)"),
            401, "unauthorized", "write:users/\(auth.userID) is unauthorized")
    }

    func testCreateValidationErrors() async throws {
        let read = [["action": "read", "resource": ["type": "tasks", "orgID": orgID]]]
        try assertError(try await request("POST", "/api/v2/authorizations", json: ["orgID": orgID]), 400, "invalid", "authorization must include permissions")
        try assertError(
            try await request("POST", "/api/v2/authorizations", json: ["orgID": orgID, "permissions": [["action": "read", "resource": ["type": "nope"]]]]),
            400, "invalid", "invalid resource type for permission: unknown resource type for permission")
        try assertError(
            try await request("POST", "/api/v2/authorizations", json: ["orgID": orgID, "permissions": [["action": "delete", "resource": ["type": "tasks"]]]]),
            400, "invalid", "invalid action type for permission: unknown action for permission")
        try assertError(try await request("POST", "/api/v2/authorizations", json: ["permissions": read]), 400, "invalid", "org id required: invalid ID")
        // Malformed IDs in the body are JSON errors (step 1): a malformed userID was dropped and
        // the token issued to the caller, a malformed orgID said "org id required".
        for body in [["orgID": orgID, "userID": "zz", "permissions": read], ["orgID": "zz", "permissions": read], ["orgID": "zz"]] as [[String: Any]] {
            try assertError(
                try await request("POST", "/api/v2/authorizations", json: body), 400, "invalid", "invalid json structure: id must have a length of 16 bytes")
        }
        try assertError(
            try await request("POST", "/api/v2/authorizations", json: ["orgID": "0000000000000000", "permissions": read]), 400, "invalid",
            "invalid json structure: invalid ID")
        try assertError(
            try await request("POST", "/api/v2/authorizations", json: ["orgID": orgID, "status": "on", "permissions": read]),
            400, "invalid", "invalid status: must be active or inactive")
        try assertError(
            try await request(
                "POST", "/api/v2/authorizations", json: ["orgID": orgID, "permissions": [["action": "read", "resource": ["type": "tasks", "orgID": "00000000000000ff"]]]]),
            400, "invalid", "permission read:orgs/00000000000000ff/tasks is not for org id \(orgID)")
    }

    /// §19.1: a permission whose bucket is gone shows neither the bucket's name nor its org's
    /// (`org` was still shown).
    func testAPermissionOfADeletedBucketOmitsNameAndOrg() async throws {
        let bucket = try await request("POST", "/api/v2/buckets", json: ["orgID": orgID, "name": "gone"]).decoded(BucketBody.self)
        let made = try await request(
            "POST", "/api/v2/authorizations",
            json: ["orgID": orgID, "permissions": [["action": "read", "resource": ["type": "buckets", "orgID": orgID, "id": bucket.id]]]])
        XCTAssertEqual(made.status, 201, made.text)
        XCTAssertTrue(made.text.contains("\"name\": \"gone\""), made.text)
        let id = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(made.text.utf8)) as? [String: Any])?["id"] as? String)
        let deleted = try await request("DELETE", "/api/v2/buckets/\(bucket.id)").status
        XCTAssertEqual(deleted, 204)
        let text = try await request("GET", "/api/v2/authorizations/\(id)").text
        let permissions = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["permissions"] as? [[String: Any]]
        let resource = permissions?.first?["resource"] as? [String: String]
        XCTAssertEqual(resource, ["type": "buckets", "id": bucket.id, "orgID": orgID], text)
    }

    func testListGetPatchDelete() async throws {
        let auth = try await createAuthorization([("read", "tasks")])
        let list = try await request("GET", "/api/v2/authorizations").decoded(AuthorizationList.self)
        XCTAssertEqual(list.links, ["self": "/api/v2/authorizations"])
        XCTAssertEqual(list.authorizations.map(\.token), [target.token, auth.token])
        XCTAssertEqual(list.authorizations[0].description, "admin's Token")
        XCTAssertEqual(list.authorizations[0].permissions.count, 44)
        let awaited3 = try await request("GET", "/api/v2/authorizations?orgID=\(orgID)&user=admin").decoded(AuthorizationList.self).authorizations.count
        XCTAssertEqual(awaited3, 2)
        try assertError(try await request("GET", "/api/v2/authorizations?user=nobody"), 404, "not found", "user not found")
        let awaited4 = try await request("GET", "/api/v2/authorizations/\(auth.id)").decoded(AuthorizationBody.self).token
        XCTAssertEqual(awaited4, auth.token)
        try assertError(try await request("GET", "/api/v2/authorizations/00000000000000ff"), 404, "not found", "authorization not found")
        let patched = try await request("PATCH", "/api/v2/authorizations/\(auth.id)", json: ["status": "inactive", "description": "off"]).decoded(AuthorizationBody.self)
        XCTAssertEqual([patched.status, patched.description], ["inactive", "off"])
        // Inactive: it authenticates, and its list of tasks is empty (§19.10).
        let inactiveList = try await request("GET", "/api/v2/tasks", auth: "Token \(auth.token)")
        XCTAssertEqual(inactiveList.status, 200, inactiveList.text)
        XCTAssertTrue(inactiveList.text.hasSuffix(#""tasks":[]}"# + "\n"), inactiveList.text)
        let awaited5 = try await request("DELETE", "/api/v2/authorizations/\(auth.id)").status
        XCTAssertEqual(awaited5, 204)
        try assertError(try await request("GET", "/api/v2/tasks", auth: "Token \(auth.token)"), 401, "unauthorized", "unauthorized access")
        try assertError(try await request("DELETE", "/api/v2/authorizations/\(auth.id)"), 404, "not found", "authorization not found")
    }
}
