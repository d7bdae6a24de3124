import AsyncHTTPClient
import Foundation
import InfluxSandbox
import NIOCore
import NIOHTTP1
import XCTest

/// The server a conformance test talks to: a fresh `Sandbox` on an ephemeral loopback port by
/// default, or the InfluxDB named by `INFLUX_TEST_URL` / `INFLUX_TEST_TOKEN` / `INFLUX_TEST_ORG`.
struct ConformanceTarget: Sendable {
    var baseURL: String
    var token: String
    var orgName: String
    /// Set when the target is our sandbox (control API available).
    var sandbox: Sandbox?

    /// True when testing a real InfluxDB given by the environment.
    var isExternal: Bool { sandbox == nil }

    static var environmentTarget: ConformanceTarget? {
        let env = ProcessInfo.processInfo.environment
        guard let url = env["INFLUX_TEST_URL"], let token = env["INFLUX_TEST_TOKEN"], let org = env["INFLUX_TEST_ORG"],
            !url.isEmpty, !token.isEmpty, !org.isEmpty
        else { return nil }
        return ConformanceTarget(baseURL: url.hasSuffix("/") ? String(url.dropLast()) : url, token: token, orgName: org)
    }
}

/// A response as the tests see it.
struct HTTPResult: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (fails the test when it is not one).
    func object(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        return try XCTUnwrap(value as? [String: Any], "not a JSON object: \(text)", file: file, line: line)
    }

    /// The error envelope `{"code","message"}` as a dictionary of strings.
    func envelope() throws -> [String: String] {
        let o = try object()
        var out: [String: String] = [:]
        for (k, v) in o { out[k] = "\(v)" }
        return out
    }

    func header(_ name: String) -> String? { headers.first(name: name) }
}

/// Base class: starts the target before each test and offers HTTP helpers.
class ConformanceTestCase: XCTestCase, @unchecked Sendable {
    var target: ConformanceTarget!
    var orgID = ""
    var userID = ""

    override func setUp() async throws {
        if let external = ConformanceTarget.environmentTarget {
            target = external
        } else {
            var configuration = SandboxConfiguration(port: 0, orgName: "conformance-org", token: "conformance-token")
            // The bucket `script(_:)` reads: runs of a task whose bucket is missing fail (§23.3).
            configuration.buckets = ["conformance-bucket", "b"]
            let sandbox = try await Sandbox.start(configuration)
            target = ConformanceTarget(baseURL: sandbox.baseURL, token: "conformance-token", orgName: "conformance-org", sandbox: sandbox)
        }
        let orgs = try await request("GET", "/api/v2/orgs?org=\(target.orgName)")
        XCTAssertEqual(orgs.status, 200, orgs.text)
        orgID = try XCTUnwrap(((try orgs.object()["orgs"] as? [[String: Any]])?.first?["id"]) as? String)
    }

    override func tearDown() async throws {
        await target?.sandbox?.stop()
    }

    /// Skips a test of the sandbox-only control API when running against a real InfluxDB.
    func requireSandbox() throws -> Sandbox {
        try XCTSkipIf(target.isExternal, "sandbox-only: uses the /sandbox control API, not part of InfluxDB")
        return target.sandbox!
    }

    /// Sends a request. `auth` nil sends no Authorization header; default `Token <token>`.
    func request(
        _ method: String, _ path: String, body: String? = nil, auth: String? = "default",
        headers extra: [(String, String)] = []
    ) async throws -> HTTPResult {
        var req = HTTPClientRequest(url: target.baseURL + path)
        req.method = HTTPMethod(rawValue: method)
        if let auth { req.headers.add(name: "Authorization", value: auth == "default" ? "Token \(target.token)" : auth) }
        for (n, v) in extra { req.headers.add(name: n, value: v) }
        if let body {
            req.headers.add(name: "Content-Type", value: "application/json")
            req.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(req, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return HTTPResult(status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
    }

    /// Sends a JSON body built from a dictionary.
    func request(_ method: String, _ path: String, json: [String: Any], auth: String? = "default") async throws -> HTTPResult {
        let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        return try await request(method, path, body: String(decoding: data, as: UTF8.self), auth: auth)
    }

    /// Asserts an error response: status, code, message, and the `X-Platform-Error-Code` header.
    func assertError(
        _ r: HTTPResult, _ status: Int, _ code: String, _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        XCTAssertEqual(r.status, status, r.text, file: file, line: line)
        XCTAssertEqual(try r.envelope(), ["code": code, "message": message], file: file, line: line)
        XCTAssertEqual(r.header("X-Platform-Error-Code"), code, file: file, line: line)
    }

    /// A script with an `option task` record.
    func script(_ name: String, every: String = "1h", extra: String = "") -> String {
        "option task = {name: \"\(name)\", every: \(every)\(extra)}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n"
    }

    /// Creates a task and returns its object.
    @discardableResult
    func createTask(
        _ name: String, every: String = "1h", status: String? = nil, flux: String? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) async throws -> [String: Any] {
        var body: [String: Any] = ["orgID": orgID, "flux": flux ?? script(name, every: every)]
        if let status { body["status"] = status }
        let r = try await request("POST", "/api/v2/tasks", json: body)
        XCTAssertEqual(r.status, 201, r.text, file: file, line: line)
        return try r.object()
    }

    /// Creates a label and returns its object.
    @discardableResult
    func createLabel(_ name: String, properties: [String: String] = [:], orgID: String? = nil) async throws -> [String: Any] {
        var body: [String: Any] = ["orgID": orgID ?? self.orgID, "name": name]
        if !properties.isEmpty { body["properties"] = properties }
        let r = try await request("POST", "/api/v2/labels", json: body)
        XCTAssertEqual(r.status, 201, r.text)
        return try XCTUnwrap(try r.object()["label"] as? [String: Any])
    }

    /// A name unique to this test run (real servers keep state between runs).
    func unique(_ base: String) -> String { "\(base)-\(UInt32.random(in: 0...UInt32.max))" }
}

/// Typed reads of a decoded JSON object: a missing key or a value of another type fails the
/// test at the caller's line and yields a placeholder, so one unexpected answer fails its own
/// assertion instead of crashing the whole suite (as a forced cast would).
extension Dictionary where Key == String, Value == Any {
    /// The string at `key`; `"<no string at key>"` (after an XCTFail) when absent or not a string.
    func string(_ key: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        if let value = self[key] as? String { return value }
        XCTFail("expected a string at \"\(key)\", found \(self[key].map { "\($0)" } ?? "nothing") in \(self)", file: file, line: line)
        return "<no string at \(key)>"
    }

    /// The integer at `key`; `Int.min` (after an XCTFail) when absent or not an integer.
    func int(_ key: String, file: StaticString = #filePath, line: UInt = #line) -> Int {
        if let value = self[key] as? Int { return value }
        XCTFail("expected an integer at \"\(key)\", found \(self[key].map { "\($0)" } ?? "nothing") in \(self)", file: file, line: line)
        return Int.min
    }
}
