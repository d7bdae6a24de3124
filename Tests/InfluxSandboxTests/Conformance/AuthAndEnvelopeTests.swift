import Foundation
import XCTest

/// influxdb-api.md §1.2–§1.3 (envelope, headers, routing) and §2 (authentication).
final class AuthAndEnvelopeTests: ConformanceTestCase, @unchecked Sendable {
    func testMissingAuthorizationIs401UnauthorizedAccess() async throws {
        let r = try await request("GET", "/api/v2/tasks", auth: nil)
        try assertError(r, 401, "unauthorized", "unauthorized access")
    }

    func testUnknownTokenIs401() async throws {
        let r = try await request("GET", "/api/v2/orgs", auth: "Token not-a-token")
        try assertError(r, 401, "unauthorized", "unauthorized access")
    }

    func testUnknownSchemeIs401() async throws {
        let r = try await request("GET", "/api/v2/orgs", auth: "Basic \(target.token)")
        try assertError(r, 401, "unauthorized", "unauthorized access")
    }

    func testBearerSchemeAcceptsAnAPIToken() async throws {
        let r = try await request("GET", "/api/v2/orgs?org=\(target.orgName)", auth: "Bearer \(target.token)")
        XCTAssertEqual(r.status, 200, r.text)
    }

    func testSchemeWordIsCaseInsensitive() async throws {
        let r = try await request("GET", "/api/v2/orgs?org=\(target.orgName)", auth: "tOKEN \(target.token)")
        XCTAssertEqual(r.status, 200, r.text)
    }

    func testTokenAfterTwoSpacesIsNotTrimmed() async throws {
        let r = try await request("GET", "/api/v2/orgs", auth: "Token  \(target.token)")
        try assertError(r, 401, "unauthorized", "unauthorized access")
    }

    func testErrorEnvelopeHasOnlyCodeAndMessageAndJSONContentType() async throws {
        let r = try await request("GET", "/api/v2/tasks/0000000000000001")
        XCTAssertEqual(Set(try r.object().keys), ["code", "message"])
        XCTAssertEqual(r.header("Content-Type"), "application/json; charset=utf-8")
    }

    func testEveryResponseCarriesInfluxDBBuildAndVersionHeaders() async throws {
        let ok = try await request("GET", "/api/v2/orgs?org=\(target.orgName)")
        let failed = try await request("GET", "/api/v2/tasks", auth: nil)
        for r in [ok, failed] {
            XCTAssertEqual(r.header("X-Influxdb-Build"), "OSS")
            XCTAssertNotNil(r.header("X-Influxdb-Version"))
        }
    }

    func testUnknownPathUnderAPIv2Is404PathNotFound() async throws {
        let r = try await request("GET", "/api/v2/no-such-thing")
        try assertError(r, 404, "not found", "path not found")
    }

    // [UNVERIFIED] exact `allow:` list wording; the sandbox lists the route's methods sorted.
    func testWrongMethodIs405WithAllowMessage() async throws {
        let r = try await request("PUT", "/api/v2/tasks")
        try assertError(r, 405, "method not allowed", "allow: GET, POST")
    }

    func testTrailingSlashIsStrippedBeforeRouting() async throws {
        let r = try await request("GET", "/api/v2/orgs/?org=\(target.orgName)")
        XCTAssertEqual(r.status, 200, r.text)
        XCTAssertEqual((try r.object()["orgs"] as? [Any])?.count, 1)
    }

    func testTaskErrorsAreCompactAndLabelErrorsTabIndented() async throws {
        let task = try await request("GET", "/api/v2/tasks/0000000000000001")
        XCTAssertEqual(task.text, #"{"code":"not found","message":"failed to find task: task not found"}"#)
        let label = try await request("GET", "/api/v2/labels/0000000000000001")
        XCTAssertEqual(label.text, "{\n\t\"code\": \"not found\",\n\t\"message\": \"label not found\"\n}\n")
    }

    // §19.10: an inactive token still authenticates, but every permission check fails: lists
    // come back empty (200), a single object is refused as `token is inactive` (401), and what
    // needs no permission (`/query/analyze`, §22.1) works. (It was refused at the door.)
    func testInactiveTokenFailsEveryPermissionCheck() async throws {
        _ = try requireSandbox()
        let made = try await request("POST", "/sandbox/tokens", json: ["token": "disabled-token", "status": "inactive"]).status
        XCTAssertEqual(made, 201)
        for (path, key) in [("/api/v2/orgs", "orgs"), ("/api/v2/tasks?orgID=\(orgID)", "tasks"), ("/api/v2/labels?orgID=\(orgID)", "labels"), ("/api/v2/buckets", "buckets")] {
            let list = try await request("GET", path, auth: "Token disabled-token")
            XCTAssertEqual(list.status, 200, path)
            let object = try JSONSerialization.jsonObject(with: Data(list.text.utf8)) as? [String: Any]
            XCTAssertEqual((object?[key] as? [Any])?.count, 0, "\(path): \(list.text)")
        }
        for path in ["/api/v2/orgs/\(orgID)", "/api/v2/me"] {
            try assertError(try await request("GET", path, auth: "Token disabled-token"), 401, "unauthorized", "token is inactive")
        }
        let analyzed = try await request("POST", "/api/v2/query/analyze", json: ["query": "x = 1", "type": "flux"], auth: "Token disabled-token")
        XCTAssertEqual(analyzed.status, 200)
        XCTAssertEqual(analyzed.text, #"{"errors":[]}"# + "\n")
    }
}
