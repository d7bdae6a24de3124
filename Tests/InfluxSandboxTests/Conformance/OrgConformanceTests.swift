import XCTest

/// influxdb-api.md §11: /api/v2/orgs.
final class OrgConformanceTests: ConformanceTestCase, @unchecked Sendable {
    func testOrgByNameReturnsOneOrgWithLinksTabIndented() async throws {
        let r = try await request("GET", "/api/v2/orgs?org=\(target.orgName)")
        XCTAssertEqual(r.status, 200)
        XCTAssertTrue(r.text.hasPrefix("{\n\t\"links\": {\n\t\t\""), r.text)
        let o = try r.object()
        XCTAssertEqual((o["links"] as? [String: String])?["self"], "/api/v2/orgs")
        let org = try XCTUnwrap((o["orgs"] as? [[String: Any]])?.first)
        XCTAssertEqual(org["name"] as? String, target.orgName)
        XCTAssertEqual(org["id"] as? String, orgID)
        XCTAssertNotNil(org["description"] as? String)
        let links = try XCTUnwrap(org["links"] as? [String: String])
        XCTAssertEqual(links["self"], "/api/v2/orgs/\(orgID)")
        XCTAssertEqual(links["tasks"], "/api/v2/tasks?org=\(target.orgName)")
        XCTAssertEqual(links["labels"], "/api/v2/orgs/\(orgID)/labels")
    }

    func testOrgNameLookupIgnoresSurroundingSpaces() async throws {
        let r = try await request("GET", "/api/v2/orgs?org=%20\(target.orgName)%20")
        XCTAssertEqual(r.status, 200, r.text)
        XCTAssertEqual(((try r.object()["orgs"] as? [[String: Any]])?.first?["id"]) as? String, orgID)
    }

    func testOrgNameLookupIsCaseSensitive() async throws {
        let name = target.orgName.uppercased()
        let r = try await request("GET", "/api/v2/orgs?org=\(name)")
        try assertError(r, 404, "not found", "organization name \"\(name)\" not found")
    }

    func testUnknownOrgNameIs404() async throws {
        let r = try await request("GET", "/api/v2/orgs?org=no-such-org-xyz")
        try assertError(r, 404, "not found", "organization name \"no-such-org-xyz\" not found")
    }

    func testGetOrgByID() async throws {
        let r = try await request("GET", "/api/v2/orgs/\(orgID)")
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(try r.object()["name"] as? String, target.orgName)
    }

    func testUnknownOrgIDIs404() async throws {
        let r = try await request("GET", "/api/v2/orgs/00000000000000ff")
        try assertError(r, 404, "not found", "organization not found")
    }

    func testOrgListLimitAbove100Is400() async throws {
        let r = try await request("GET", "/api/v2/orgs?limit=101")
        try assertError(r, 400, "invalid", "limit must be between 1 and 100")
    }

    func testOrgTimestampsAreRFC3339() async throws {
        let org = try await request("GET", "/api/v2/orgs/\(orgID)").object()
        let created = try XCTUnwrap(org["createdAt"] as? String)
        XCTAssertNotNil(ISO8601DateFormatter.withFraction.date(from: created) ?? ISO8601DateFormatter().date(from: created), created)
    }

    // A well-formed orgID that names no org is a 404, not an empty list (2.7's FindOrganizations
    // looks the ID up first).
    func testOrgListWithUnknownOrgIDIs404() async throws {
        try assertError(try await request("GET", "/api/v2/orgs?orgID=00000000000000ff"), 404, "not found", "organization not found")
    }

    func testOrgListWithMalformedOrgIDIgnoresIt() async throws {
        let r = try await request("GET", "/api/v2/orgs?orgID=zz")
        XCTAssertEqual(r.status, 200, r.text)
    }

    func testOrgListLinksAreExactlySelf() async throws {
        for query in ["", "?limit=1", "?limit=1&offset=0", "?orgID=\(orgID)"] {
            let r = try await request("GET", "/api/v2/orgs\(query)")
            XCTAssertEqual(r.status, 200, r.text)
            XCTAssertEqual(try r.object()["links"] as? [String: String], ["self": "/api/v2/orgs"], query)
        }
    }

    func testOrgListParameterValidationInInfluxDBOrder() async throws {
        try assertError(try await request("GET", "/api/v2/orgs?offset=x"), 400, "invalid", "offset is invalid")
        try assertError(try await request("GET", "/api/v2/orgs?after=zz"), 400, "invalid", "decoding after: id must have a length of 16 bytes")
        try assertError(try await request("GET", "/api/v2/orgs?limit=x"), 400, "invalid", "limit is invalid")
        try assertError(try await request("GET", "/api/v2/orgs?limit=0"), 400, "invalid", "limit must be between 1 and 100")
        try assertError(try await request("GET", "/api/v2/orgs?descending=maybe"), 400, "invalid", "descending is invalid")
        // offset is checked first, then after, limit, descending.
        try assertError(try await request("GET", "/api/v2/orgs?descending=maybe&limit=0&offset=x"), 400, "invalid", "offset is invalid")
        try assertError(try await request("GET", "/api/v2/orgs?descending=maybe&limit=0"), 400, "invalid", "limit must be between 1 and 100")
        let ok = try await request("GET", "/api/v2/orgs?descending=T&offset=0&limit=100")
        XCTAssertEqual(ok.status, 200, ok.text)
    }
}

extension ISO8601DateFormatter {
    static var withFraction: ISO8601DateFormatter {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }

}
