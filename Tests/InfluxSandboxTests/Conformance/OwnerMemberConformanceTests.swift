import XCTest

/// The deprecated `/api/v2/tasks/{id}/owners` and `/members` routes as InfluxDB 2.7 keeps them:
/// no mapping is written on task create; mappings are keyed by (resource, user) whatever the
/// role. The 500 message below is from issue 12 (the probe of 2.7's source), not yet in
/// influxdb-api.md.
final class OwnerMemberConformanceTests: ConformanceTestCase, @unchecked Sendable {
    func users(_ id: String, _ role: String) async throws -> [String] {
        let r = try await request("GET", "/api/v2/tasks/\(id)/\(role)")
        XCTAssertEqual(r.status, 200, r.text)
        let o = try r.object()
        XCTAssertEqual(o["links"] as? [String: String], ["self": "/api/v2/tasks/\(id)/\(role)"])
        return try XCTUnwrap(o["users"] as? [[String: Any]], r.text).map { $0.string("id") }
    }

    func testNewTaskHasNoOwnersAndNoMembers() async throws {
        let t = try await createTask(unique("fresh"))
        let id = t.string("id")
        let owners = try await users(id, "owners")
        XCTAssertEqual(owners, [])
        let members = try await users(id, "members")
        XCTAssertEqual(members, [])
    }

    func testCreatorCanBeAddedAsOwnerOfANewTask() async throws {
        let t = try await createTask(unique("own"))
        let id = t.string("id"), creator = t.string("ownerID")
        let added = try await request("POST", "/api/v2/tasks/\(id)/owners", json: ["id": creator])
        XCTAssertEqual(added.status, 201, added.text)
        XCTAssertEqual(try added.object()["role"] as? String, "owner")
        let owners = try await users(id, "owners")
        XCTAssertEqual(owners, [creator])
    }

    // From issue 12: 500 "internal error", whatever the role of either mapping.
    func testSecondMappingOfOneUserIs500InternalErrorFromIssue12() async throws {
        let t = try await createTask(unique("twice"))
        let id = t.string("id"), creator = t.string("ownerID")
        let first = try await request("POST", "/api/v2/tasks/\(id)/owners", json: ["id": creator]).status
        XCTAssertEqual(first, 201)
        let message = "Unexpected error when assigning user to a resource: mapping for user \(creator) already exists"
        try assertError(try await request("POST", "/api/v2/tasks/\(id)/owners", json: ["id": creator]), 500, "internal error", message)
        try assertError(try await request("POST", "/api/v2/tasks/\(id)/members", json: ["id": creator]), 500, "internal error", message)
        let members = try await users(id, "members")
        XCTAssertEqual(members, [])
    }

    func testMemberThenOwnerOfOneUserIs500AndDeleteRemovesTheMapping() async throws {
        _ = try requireSandbox()
        let t = try await createTask(unique("member"))
        let id = t.string("id")
        let user = try await request("POST", "/sandbox/users", json: ["name": unique("member-user")]).object()
        let userID = user.string("id")
        let added = try await request("POST", "/api/v2/tasks/\(id)/members", json: ["id": userID])
        XCTAssertEqual(added.status, 201, added.text)
        XCTAssertEqual(try added.object()["role"] as? String, "member")
        try assertError(
            try await request("POST", "/api/v2/tasks/\(id)/owners", json: ["id": userID]), 500, "internal error",
            "Unexpected error when assigning user to a resource: mapping for user \(userID) already exists")
        let members = try await users(id, "members")
        XCTAssertEqual(members, [userID])
        let owners = try await users(id, "owners")
        XCTAssertEqual(owners, [])
        let deleted = try await request("DELETE", "/api/v2/tasks/\(id)/members/\(userID)").status
        XCTAssertEqual(deleted, 204)
        let after = try await users(id, "members")
        XCTAssertEqual(after, [])
        let readd = try await request("POST", "/api/v2/tasks/\(id)/owners", json: ["id": userID]).status
        XCTAssertEqual(readd, 201)
    }
}
