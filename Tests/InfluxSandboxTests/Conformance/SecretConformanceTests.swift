import XCTest

/// influxdb-api.md §18: /api/v2/orgs/{orgID}/secrets.
final class SecretConformanceTests: ConformanceTestCase, @unchecked Sendable {
    func testSetListAndDeleteBothWays() async throws {
        let empty = try await request("GET", "/api/v2/orgs/\(orgID)/secrets")
        XCTAssertEqual(
            try empty.decoded(SecretList.self),
            SecretList(
                links: ["org": "/api/v2/orgs/\(orgID)", "self": "/api/v2/orgs/\(orgID)/secrets"], secrets: []))
        let awaited1 = try await request("PATCH", "/api/v2/orgs/\(orgID)/secrets", json: ["b": "1", "a": "2", "c": "3"]).status
        XCTAssertEqual(awaited1, 204)
        let awaited2 = try await request("PATCH", "/api/v2/orgs/\(orgID)/secrets", json: ["b": "4"]).status
        XCTAssertEqual(awaited2, 204)
        let awaited3 = try await request("GET", "/api/v2/orgs/\(orgID)/secrets").decoded(SecretList.self).secrets
        XCTAssertEqual(awaited3, ["a", "b", "c"])
        let awaited4 = try await request("POST", "/api/v2/orgs/\(orgID)/secrets/delete", json: ["secrets": ["a", "missing"]]).status
        XCTAssertEqual(awaited4, 204)
        let awaited5 = try await request("DELETE", "/api/v2/orgs/\(orgID)/secrets/b").status
        XCTAssertEqual(awaited5, 204)
        let awaited6 = try await request("DELETE", "/api/v2/orgs/\(orgID)/secrets/missing").status
        XCTAssertEqual(awaited6, 204)
        let awaited7 = try await request("GET", "/api/v2/orgs/\(orgID)/secrets").decoded(SecretList.self).secrets
        XCTAssertEqual(awaited7, ["c"])
    }

    func testErrors() async throws {
        try assertError(
            try await request("PATCH", "/api/v2/orgs/\(orgID)/secrets", body: #"{"a": 1}"#), 400, "invalid",
            "failed to unmarshal json: json: cannot unmarshal number into Go value of type string")
        try assertError(try await request("GET", "/api/v2/orgs/00000000000000ff/secrets"), 404, "not found", "404 page not found")
        try assertError(try await request("GET", "/api/v2/orgs/xyz/secrets"), 400, "invalid", "corrupt ID provided: id must have a length of 16 bytes")
    }
}
