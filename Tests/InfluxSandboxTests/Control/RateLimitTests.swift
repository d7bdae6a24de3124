import XCTest

@testable import InfluxSandbox

/// The sandbox's per-token request rate (`--rate-limit N/s`, control API
/// `/sandbox/rate-limit`): 429 with `Retry-After` and the `too many requests` envelope past it,
/// as InfluxDB Cloud answers a token over its quota (§15.1).
final class RateLimitTests: ConformanceTestCase, @unchecked Sendable {
    private func setRate(_ json: [String: Any]) async throws -> HTTPResult {
        try await request("PUT", "/sandbox/rate-limit", json: json, auth: nil)
    }

    func testPastTheRateARequestGets429WithRetryAfterAndTheEnvelope() async throws {
        _ = try requireSandbox()
        // One request per 10 s: the bucket holds one, the second request finds it empty.
        let set = try await setRate(["requestsPerSecond": 0.1])
        XCTAssertEqual(set.status, 204, set.text)
        _ = try await request("DELETE", "/sandbox/requests", auth: nil)
        let first = try await request("GET", "/api/v2/orgs?org=\(target.orgName)")
        XCTAssertEqual(first.status, 200)
        let second = try await request("GET", "/api/v2/orgs?org=\(target.orgName)")
        XCTAssertEqual(second.status, 429)
        XCTAssertEqual(second.header("Retry-After"), "10")
        XCTAssertEqual(second.header("Content-Type"), "application/json; charset=utf-8")
        XCTAssertEqual(second.header("X-Platform-Error-Code"), "too many requests")
        XCTAssertEqual(second.text, #"{"code":"too many requests","message":"rate limit exceeded: this token may send 0.1 requests per second; retry after 10 s"}"#)
        // A write is refused the same way and nothing is stored.
        let create = try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "flux": script("limited")])
        try assertError(create, 429, "too many requests", "rate limit exceeded: this token may send 0.1 requests per second; retry after 10 s")
        let log = try await request("GET", "/sandbox/requests", auth: nil).object()["requests"] as? [[String: Any]] ?? []
        XCTAssertEqual(
            log.map { "\($0["method"]!) \($0["path"]!) \($0["status"]!)" },
            ["GET /api/v2/orgs 200", "GET /api/v2/orgs 429", "POST /api/v2/tasks 429"])
        _ = try await request("DELETE", "/sandbox/rate-limit", auth: nil)
        let tasks = try await request("GET", "/api/v2/tasks?orgID=\(orgID)").object()["tasks"] as? [[String: Any]]
        XCTAssertEqual(tasks?.count, 0)
    }

    func testEachTokenHasItsOwnBucket() async throws {
        _ = try requireSandbox()
        let other = try await request("POST", "/sandbox/tokens", json: ["token": "second-token"], auth: nil)
        XCTAssertEqual(other.status, 201, other.text)
        _ = try await setRate(["requestsPerSecond": 0.1])
        let a1 = try await request("GET", "/api/v2/orgs")
        let a2 = try await request("GET", "/api/v2/orgs")
        let b1 = try await request("GET", "/api/v2/orgs", auth: "Token second-token")
        let b2 = try await request("GET", "/api/v2/orgs", auth: "Token second-token")
        XCTAssertEqual([a1.status, a2.status, b1.status, b2.status], [200, 429, 200, 429])
        // No token: not limited (refused as unauthenticated instead).
        let anonymous = try await request("GET", "/api/v2/orgs", auth: nil)
        XCTAssertEqual(anonymous.status, 401)
    }

    func testTheControlAPIShowsChangesAndLiftsTheLimitAndResetRestoresTheStartingOne() async throws {
        _ = try requireSandbox()
        let none = try await request("GET", "/sandbox/rate-limit", auth: nil)
        XCTAssertEqual(none.text, #"{"requestsPerSecond":null,"burst":null}"# + "\n")
        _ = try await setRate(["requestsPerSecond": 200])
        let set = try await request("GET", "/sandbox/rate-limit", auth: nil)
        XCTAssertEqual(set.text, #"{"requestsPerSecond":200,"burst":200}"# + "\n")
        _ = try await setRate(["requestsPerSecond": 0.5])
        let slow = try await request("GET", "/sandbox/rate-limit", auth: nil)
        XCTAssertEqual(slow.text, #"{"requestsPerSecond":0.5,"burst":1}"# + "\n")
        let lifted = try await request("DELETE", "/sandbox/rate-limit", auth: nil)
        XCTAssertEqual(lifted.status, 204)
        let statuses = try await (0..<5).asyncMap { _ in try await self.request("GET", "/api/v2/orgs").status }
        XCTAssertEqual(statuses, [200, 200, 200, 200, 200])
        _ = try await setRate(["requestsPerSecond": 0.1])
        _ = try await request("POST", "/sandbox/reset", auth: nil)
        let afterReset = try await request("GET", "/sandbox/rate-limit", auth: nil)
        XCTAssertEqual(afterReset.text, #"{"requestsPerSecond":null,"burst":null}"# + "\n")
    }

    func testARateThatIsNotAPositiveNumberIsRefused() async throws {
        _ = try requireSandbox()
        for body: [String: Any] in [["requestsPerSecond": 0], ["requestsPerSecond": -3], ["requestsPerSecond": "fast"], [:]] {
            let r = try await setRate(body)
            try assertError(r, 400, "invalid", "invalid control request: requestsPerSecond must be a number greater than 0")
        }
    }

    func testASandboxStartedWithALimitEnforcesItAndKeepsItAcrossReset() async throws {
        _ = try requireSandbox()
        var configuration = SandboxConfiguration(port: 0, orgName: "limited-org", token: "limited-token")
        configuration.rateLimit = SandboxRateLimit(parsing: "0.1/s")
        let limited = try await Sandbox.start(configuration)
        let saved = target
        target = ConformanceTarget(baseURL: limited.baseURL, token: "limited-token", orgName: "limited-org", sandbox: limited)
        let a = try await request("GET", "/api/v2/orgs")
        let b = try await request("GET", "/api/v2/orgs")
        _ = try await request("POST", "/sandbox/reset", auth: nil)
        let limit = try await request("GET", "/sandbox/rate-limit", auth: nil)
        target = saved
        await limited.stop()
        XCTAssertEqual([a.status, b.status], [200, 429])
        XCTAssertEqual(b.header("Retry-After"), "10")
        XCTAssertEqual(limit.text, #"{"requestsPerSecond":0.1,"burst":1}"# + "\n")
    }

    func testTheBucketRefillsAtTheRateUpToOneSecondsWorth() {
        let limit = SandboxRateLimit(requestsPerSecond: 2)
        var bucket = TokenBucket(available: limit.burst, refilledAt: 0)
        XCTAssertEqual(
            [0.0, 0, 0, 0.5, 0.5, 10, 10, 10].map { bucket.take(at: $0, limit: limit) },
            [nil, nil, 1, nil, 1, nil, nil, 1])
        let slow = SandboxRateLimit(requestsPerSecond: 0.1)
        var sparse = TokenBucket(available: slow.burst, refilledAt: 0)
        XCTAssertEqual([0.0, 0, 5, 9.5].map { sparse.take(at: $0, limit: slow) }, [nil, 10, 5, 1])
        XCTAssertNil(sparse.take(at: 10, limit: slow))
    }

    func testRatesParseAsNumbersPerSecond() {
        XCTAssertEqual(SandboxRateLimit(parsing: "200/s"), SandboxRateLimit(requestsPerSecond: 200))
        XCTAssertEqual(SandboxRateLimit(parsing: "1000"), SandboxRateLimit(requestsPerSecond: 1000))
        XCTAssertEqual(SandboxRateLimit(parsing: "0.5/s")?.text, "0.5/s")
        XCTAssertEqual(SandboxRateLimit(parsing: "200/s")?.text, "200/s")
        for bad in ["0", "-1/s", "fast", "", "200/m", "inf"] { XCTAssertNil(SandboxRateLimit(parsing: bad), bad) }
    }
}

private extension Range where Bound == Int {
    func asyncMap<T>(_ transform: (Int) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for i in self { out.append(try await transform(i)) }
        return out
    }
}
