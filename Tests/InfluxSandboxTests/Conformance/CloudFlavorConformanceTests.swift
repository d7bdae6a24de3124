import Foundation
import InfluxSandbox
import XCTest

/// InfluxDB Cloud's differences (influxdb-api.md §15.1) in `sandbox serve --flavor cloud`:
/// script tasks, the task list's `limit=-1` and `sortBy=name`, and cancel refused with 405.
/// Runs against the Cloud account named by `INFLUX_TEST_CLOUD_URL` / `_TOKEN` / `_ORG` when
/// set, else against a cloud-flavoured sandbox.
final class CloudFlavorConformanceTests: ConformanceTestCase, @unchecked Sendable {
    /// A script ID (Cloud: an invokable script of the account; the sandbox does not check it).
    var scriptID: String { ProcessInfo.processInfo.environment["INFLUX_TEST_CLOUD_SCRIPT_ID"] ?? "0000000000000abc" }

    override func setUp() async throws {
        let env = ProcessInfo.processInfo.environment
        if let url = env["INFLUX_TEST_CLOUD_URL"], let token = env["INFLUX_TEST_CLOUD_TOKEN"], let org = env["INFLUX_TEST_CLOUD_ORG"] {
            target = ConformanceTarget(baseURL: url, token: token, orgName: org)
        } else {
            var configuration = SandboxConfiguration(port: 0, orgName: "cloud-org", token: "cloud-token")
            configuration.flavor = .cloud
            let sandbox = try await Sandbox.start(configuration)
            target = ConformanceTarget(baseURL: sandbox.baseURL, token: "cloud-token", orgName: "cloud-org", sandbox: sandbox)
        }
        let orgs = try await request("GET", "/api/v2/orgs?org=\(target.orgName)")
        XCTAssertEqual(orgs.status, 200, orgs.text)
        orgID = try XCTUnwrap(((try orgs.object()["orgs"] as? [[String: Any]])?.first?["id"]) as? String)
    }

    func createScriptTask(_ name: String, parameters: [String: Any] = ["bucket": "telegraf", "window": 5]) async throws -> [String: Any] {
        let r = try await request(
            "POST", "/api/v2/tasks",
            json: [
                "orgID": orgID, "scriptID": scriptID, "scriptParameters": parameters, "name": name, "every": "1h", "offset": "5m",
            ])
        XCTAssertEqual(r.status, 201, r.text)
        return try r.object()
    }

    func testScriptTaskCreateTakesTheScheduleAsJSONFields() async throws {
        let name = unique("script")
        let t = try await createScriptTask(name)
        XCTAssertEqual(t["scriptID"] as? String, scriptID)
        XCTAssertEqual(t["name"] as? String, name)
        XCTAssertEqual(t["every"] as? String, "1h")
        XCTAssertEqual(t["offset"] as? String, "5m")
        let parameters = try XCTUnwrap(t["scriptParameters"] as? [String: Any])
        XCTAssertEqual(parameters["bucket"] as? String, "telegraf")
        XCTAssertEqual(parameters["window"] as? Int, 5)
        let read = try await request("GET", "/api/v2/tasks/\(t.string("id"))").object()
        XCTAssertEqual(read["scriptID"] as? String, scriptID)
    }

    func testBothScriptIDAndFluxIs400() async throws {
        let r = try await request(
            "POST", "/api/v2/tasks",
            json: [
                "orgID": orgID, "scriptID": scriptID, "name": "x", "every": "1h",
                "flux": script("x"),
            ])
        try assertError(r, 400, "invalid", "failed to decode request: can not provide both scriptID and flux")
    }

    func testNeitherScriptIDNorFluxIs400FluxRequired() async throws {
        try assertError(
            try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "name": "x", "every": "1h"]),
            400, "invalid", "failed to decode request: flux required")
    }

    func testPatchOfScriptParametersKeepsTheRest() async throws {
        let name = unique("patch")
        let t = try await createScriptTask(name)
        let id = t.string("id")
        let r = try await request("PATCH", "/api/v2/tasks/\(id)", json: ["status": "active", "scriptParameters": ["bucket": "other"]])
        XCTAssertEqual(r.status, 200, r.text)
        let o = try r.object()
        XCTAssertEqual(o["scriptParameters"] as? [String: String], ["bucket": "other"])
        XCTAssertEqual(o["name"] as? String, name)
        XCTAssertEqual(o["every"] as? String, "1h")
        let every = try await request("PATCH", "/api/v2/tasks/\(id)", json: ["status": "active", "every": "2h"]).object()
        XCTAssertEqual(every["every"] as? String, "2h")
    }

    func testTaskListTakesLimitMinusOneAndSortByName() async throws {
        let prefix = unique("list")
        for n in ["c", "a", "b"] { _ = try await createScriptTask("\(prefix)-\(n)") }
        let r = try await request("GET", "/api/v2/tasks?orgID=\(orgID)&limit=-1&sortBy=name")
        XCTAssertEqual(r.status, 200, r.text)
        let names = (try r.object()["tasks"] as? [[String: Any]] ?? []).map { $0.string("name") }.filter { $0.hasPrefix(prefix) }
        XCTAssertEqual(names, ["\(prefix)-a", "\(prefix)-b", "\(prefix)-c"])
    }

    func testCancelIs405() async throws {
        let t = try await createScriptTask(unique("cancel"))
        let id = t.string("id")
        let run = try await request("POST", "/api/v2/tasks/\(id)/runs")
        XCTAssertEqual(run.status, 201, run.text)
        let runID = try run.object().string("id")
        let r = try await request("DELETE", "/api/v2/tasks/\(id)/runs/\(runID)")
        XCTAssertEqual(r.status, 405, r.text)
    }
}

/// The same requests against the OSS flavor: `scriptID` is ignored (§15.1).
final class ScriptTaskOnOSSConformanceTests: ConformanceTestCase, @unchecked Sendable {
    func testScriptIDWithoutFluxIsMissingFluxOnOSS() async throws {
        try assertError(
            try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "scriptID": "0000000000000abc", "name": "x", "every": "1h"]),
            400, "invalid", "failed to decode request: missing flux")
    }

    func testTaskListRefusesLimitMinusOneOnOSS() async throws {
        try assertError(
            try await request("GET", "/api/v2/tasks?orgID=\(orgID)&limit=-1"), 400, "invalid",
            "failed to decode request: limit must be between 1 and 500")
    }
}
