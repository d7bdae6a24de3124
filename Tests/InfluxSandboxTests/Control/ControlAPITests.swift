import AsyncHTTPClient
import XCTest

/// The sandbox-only control API under /sandbox (skipped against a real InfluxDB).
final class ControlAPITests: ConformanceTestCase, @unchecked Sendable {
    private func requests() async throws -> [[String: Any]] {
        try await request("GET", "/sandbox/requests", auth: nil).object()["requests"] as? [[String: Any]] ?? []
    }

    func testThirdTaskCreateGets429WithRetryAfterAndTheLogShowsIt() async throws {
        _ = try requireSandbox()
        let awaited7 = try await request("DELETE", "/sandbox/requests", auth: nil).status
        XCTAssertEqual(awaited7, 204)
        let fault = try await request(
            "POST", "/sandbox/faults",
            json: [
                "method": "POST", "path": "/api/v2/tasks", "skip": 2, "count": 1, "status": 429, "retryAfter": 1,
            ], auth: nil)
        XCTAssertEqual(fault.status, 201, fault.text)
        var statuses: [Int] = []
        var retryAfter: [String?] = []
        for i in 0..<4 {
            let r = try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "flux": script("t\(i)")])
            statuses.append(r.status)
            retryAfter.append(r.header("Retry-After"))
            if r.status == 429 { try assertError(r, 429, "too many requests", "injected fault: 429") }
        }
        XCTAssertEqual(statuses, [201, 201, 429, 201])
        XCTAssertEqual(retryAfter, [nil, nil, "1", nil])
        let log = try await requests()
        XCTAssertEqual(log.map { $0.string("method") }, ["POST", "POST", "POST", "POST"])
        XCTAssertEqual(log.map { $0.string("path") }, Array(repeating: "/api/v2/tasks", count: 4))
        XCTAssertEqual(log.map { $0.int("status") }, [201, 201, 429, 201])
    }

    func testRequestLogHasMethodPathQueryStatusAndSkipsControlRoutes() async throws {
        _ = try requireSandbox()
        let awaited6 = try await request("DELETE", "/sandbox/requests", auth: nil).status
        XCTAssertEqual(awaited6, 204)
        _ = try await request("GET", "/api/v2/tasks?orgID=\(orgID)&limit=5")
        _ = try await request("GET", "/sandbox/faults", auth: nil)
        let log = try await requests()
        XCTAssertEqual(log.count, 1)
        XCTAssertEqual(log.first?["method"] as? String, "GET")
        XCTAssertEqual(log.first?["path"] as? String, "/api/v2/tasks")
        XCTAssertEqual(log.first?["query"] as? String, "orgID=\(orgID)&limit=5")
        XCTAssertEqual(log.first?["status"] as? Int, 200)
    }

    func testStatusFaultForNextNRequestsThenNormal() async throws {
        _ = try requireSandbox()
        _ = try await request("POST", "/sandbox/faults", json: ["path": "/api/v2/orgs", "count": 2, "status": 503, "message": "down"], auth: nil)
        let a = try await request("GET", "/api/v2/orgs")
        let b = try await request("GET", "/api/v2/orgs")
        let c = try await request("GET", "/api/v2/orgs")
        try assertError(a, 503, "unavailable", "down")
        try assertError(b, 503, "unavailable", "down")
        XCTAssertEqual(c.status, 200)
    }

    func testFaultMatchesRouteTemplate() async throws {
        _ = try requireSandbox()
        _ = try await request("POST", "/sandbox/faults", json: ["method": "GET", "path": "/api/v2/tasks/:id", "status": 500], auth: nil)
        let r = try await request("GET", "/api/v2/tasks/0000000000000001")
        try assertError(r, 500, "internal error", "injected fault: 500")
    }

    /// `"method": "*"` matches any method, as `"path": "*"` matches any path (it matched none).
    func testStarMethodMatchesAnyMethod() async throws {
        _ = try requireSandbox()
        _ = try await request("POST", "/sandbox/faults", json: ["method": "*", "path": "/api/v2/orgs", "count": 1, "status": 503], auth: nil)
        let r = try await request("GET", "/api/v2/orgs")
        try assertError(r, 503, "unavailable", "injected fault: 503")
        let after = try await request("GET", "/api/v2/orgs").status
        XCTAssertEqual(after, 200)
    }

    func testLatencyFaultDelaysButServes() async throws {
        _ = try requireSandbox()
        _ = try await request("POST", "/sandbox/faults", json: ["path": "/api/v2/orgs", "latencyMs": 50], auth: nil)
        let r = try await request("GET", "/api/v2/orgs?org=\(target.orgName)")
        XCTAssertEqual(r.status, 200)
        let faults = try await request("GET", "/sandbox/faults", auth: nil).object()["faults"] as? [[String: Any]]
        XCTAssertEqual(faults?.first?["seen"] as? Int, 1)
    }

    func testDroppedConnectionFailsTheClientAndIsLoggedAsZero() async throws {
        _ = try requireSandbox()
        _ = try await request("DELETE", "/sandbox/requests", auth: nil)
        _ = try await request("POST", "/sandbox/faults", json: ["path": "/api/v2/orgs", "drop": true], auth: nil)
        do {
            let r = try await request("GET", "/api/v2/orgs")
            XCTFail("expected a connection error, got \(r.status)")
        } catch {}
        let awaited5 = try await requests().map { $0.int("status") }
        XCTAssertEqual(awaited5, [0])
        let awaited4 = try await request("GET", "/api/v2/orgs").status
        XCTAssertEqual(awaited4, 200)
    }

    func testTruncatedBodyFailsTheClient() async throws {
        _ = try requireSandbox()
        _ = try await request("POST", "/sandbox/faults", json: ["path": "/api/v2/orgs", "truncate": true], auth: nil)
        do {
            let r = try await request("GET", "/api/v2/orgs?org=\(target.orgName)")
            XCTAssertThrowsError(try r.object(), "a truncated body is not JSON")
        } catch {}
        let awaited3 = try await request("GET", "/api/v2/orgs").status
        XCTAssertEqual(awaited3, 200)
    }

    func testResetRestoresTheSeed() async throws {
        _ = try requireSandbox()
        let t = try await createTask("before-reset")
        let awaited2 = try await request("POST", "/sandbox/reset", auth: nil).status
        XCTAssertEqual(awaited2, 204)
        try assertError(try await request("GET", "/api/v2/tasks/\(t.string("id"))"), 404, "not found", "failed to find task: task not found")
        let awaited1 = try await request("GET", "/api/v2/orgs?org=\(target.orgName)").status
        XCTAssertEqual(awaited1, 200)
    }

    // [UNVERIFIED] permission-failure statuses on task endpoints follow from type analysis (§2).
    func testSeededTokenRestrictedToAnotherOrgCannotReadThisOrgsTask() async throws {
        _ = try requireSandbox()
        let other = try await request("POST", "/sandbox/orgs", json: ["name": "elsewhere"]).object()
        let token = try await request("POST", "/sandbox/tokens", json: ["token": "narrow", "orgID": other.string("id")], auth: nil)
        XCTAssertEqual(token.status, 201, token.text)
        let t = try await createTask("private")
        try assertError(
            try await request("GET", "/api/v2/tasks/\(t.string("id"))", auth: "Token narrow"), 404, "not found",
            "failed to find task: unauthorized")
    }

    func testInactiveUserGets403() async throws {
        _ = try requireSandbox()
        _ = try await request("POST", "/sandbox/users", json: ["name": "sleepy", "status": "inactive"], auth: nil)
        _ = try await request("POST", "/sandbox/tokens", json: ["token": "sleepy-token", "userName": "sleepy"], auth: nil)
        try assertError(try await request("GET", "/api/v2/orgs", auth: "Token sleepy-token"), 403, "forbidden", "User is inactive")
    }

    func testControlAPIRejectsMalformedBodies() async throws {
        _ = try requireSandbox()
        let r = try await request("POST", "/sandbox/faults", body: "{", auth: nil)
        try assertError(r, 400, "invalid", "invalid control request: unexpected EOF")
    }
}
