import Flux
import InfluxAPI
import TestSupport
import XCTest

@testable import InfluxSync

/// The checks against the server, pure and with a fake client: which names are missing, how
/// the lists are read, and how a refused read degrades.
final class ServerReferenceCheckTests: XCTestCase {
    private func task(_ key: String, _ references: [ScriptReference]) -> DesiredTask {
        var task = DesiredTask(
            key: key, options: TaskOptions(name: key, schedule: .every(FluxDuration(nanoseconds: 3_600_000_000_000))), query: "", script: "",
            location: SourceLocation(file: "t.yml", line: 1, column: 1))
        task.references = references
        return task
    }

    private func ref(_ kind: ScriptReference.Kind, _ name: String, _ function: String, line: Int) -> ScriptReference {
        ScriptReference(kind: kind, name: name, function: function, location: SourceLocation(file: "t.yml", line: line, column: 5))
    }

    func testEachMissingNameIsOneFindingPerTaskWithASuggestion() {
        let tasks = [
            task(
                "cpu",
                [
                    ref(.bucket, "telegraf", "from", line: 8), ref(.bucket, "telegraf_ds", "to", line: 10), ref(.bucket, "telegraf_ds", "to", line: 12),
                    ref(.secret, "SLACK_TOKN", "secrets.get", line: 7),
                ]),
            task("mem", [ref(.bucketID, "0123456789abcdef", "from", line: 20), ref(.bucketID, "00000000000000aa", "from", line: 21)]),
        ]
        let facts = ServerFacts(bucketNames: ["telegraf", "telegraf-ds"], bucketIDs: ["0123456789abcdef"], secretKeys: ["SLACK_TOKEN"])
        let findings = ServerReferenceCheck.findings(tasks: tasks, facts: facts, org: "acme", strict: false)
        XCTAssertEqual(
            findings.map { "\($0.severity) \($0.code) \($0.task) \($0.location.line) \($0.suggestion ?? "-")" },
            [
                "warning missing-bucket cpu 10 telegraf-ds",
                "warning missing-secret cpu 7 SLACK_TOKEN",
                "warning missing-bucket mem 21 -",
            ])
        XCTAssertEqual(findings[0].message, "bucket \"telegraf_ds\" (to) does not exist in org \"acme\": every run of the task would fail")
        XCTAssertEqual(findings[1].message, "secret key \"SLACK_TOKN\" (secrets.get) is not set in org \"acme\": every run of the task would fail")
        XCTAssertEqual(findings[2].message, "no bucket with ID \"00000000000000aa\" (from) in org \"acme\": every run of the task would fail")
        XCTAssertEqual(ServerReferenceCheck.findings(tasks: tasks, facts: facts, org: "acme", strict: true).map(\.severity), [.error, .error, .error])
    }

    func testAPartThatWasNotReadIsNeverReported() {
        let tasks = [task("cpu", [ref(.bucket, "nope", "from", line: 8), ref(.secret, "K", "secrets.get", line: 9)])]
        XCTAssertEqual(ServerReferenceCheck.findings(tasks: tasks, facts: ServerFacts(), org: "acme", strict: true), [])
        XCTAssertEqual(ServerReferenceCheck.findings(tasks: tasks, facts: ServerFacts(secretKeys: ["K"]), org: "acme", strict: false), [])
        XCTAssertTrue(ServerReferenceCheck.needsFacts(tasks))
        XCTAssertFalse(ServerReferenceCheck.needsFacts([task("x", [])]))
        XCTAssertEqual(ServerReferenceCheck.bucketNames(tasks), ["nope"])
    }

    /// A fake server: one bucket the token can list, one it cannot (found only by name).
    final class Server: UnusedCallsClient, @unchecked Sendable {
        var calls: [String] = []
        var secretsStatus: Int? = nil
        func listBuckets(orgID: String) async throws -> [InfluxBucket] {
            calls.append("listBuckets \(orgID)")
            return [InfluxBucket(id: "00000000000000b1", name: "listed"), InfluxBucket(id: "00000000000000b2", name: "_tasks")]
        }
        func bucketExists(orgID: String, name: String) async throws -> Bool? {
            calls.append("bucketExists \(name)")
            return name == "hidden"
        }
        func listSecretKeys(orgID: String) async throws -> [String] {
            calls.append("listSecretKeys \(orgID)")
            if let secretsStatus {
                throw InfluxAPIError(
                    method: "GET", path: "/api/v2/orgs/\(orgID)/secrets", status: secretsStatus, code: "unauthorized",
                    message: "read:orgs/\(orgID)/secrets is unauthorized")
            }
            return ["K"]
        }
    }

    func testTheFetcherLooksUpOnlyTheNamesTheListLacksAndDegradesARefusal() async {
        let server = Server()
        let facts = await ServerFactsFetcher.fetch(client: server, orgID: "o1", referencedBuckets: ["listed", "hidden", "gone"])
        XCTAssertEqual(facts.bucketNames, ["listed", "_tasks", "hidden"])
        XCTAssertEqual(facts.bucketIDs, ["00000000000000b1", "00000000000000b2"])
        XCTAssertEqual(facts.secretKeys, ["K"])
        XCTAssertEqual(facts.unavailable, [])
        XCTAssertEqual(server.calls.filter { $0.hasPrefix("bucketExists") }, ["bucketExists gone", "bucketExists hidden"])

        let refused = Server()
        refused.secretsStatus = 401
        let partial = await ServerFactsFetcher.fetch(client: refused, orgID: "o1")
        XCTAssertNil(partial.secretKeys)
        XCTAssertEqual(
            partial.unavailable,
            [
                "the secret keys were not checked: GET /api/v2/orgs/o1/secrets: 401 unauthorized: read:orgs/o1/secrets is unauthorized; the token needs read:secrets for this check (or pass --no-server-checks)"
            ])
        XCTAssertEqual(refused.calls.filter { $0.hasPrefix("bucketExists") }, [], "no name to look up")
    }
}
