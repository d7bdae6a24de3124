import Foundation
import XCTest

/// Issue 20 item 3: the checks against the server through the real CLI and a served sandbox —
/// a bucket or secret key the org does not have is a warning at its `file:line:column` (an
/// error with `--strict`, and then apply sends no write), `--no-server-checks` sends no extra
/// read, and a token that may not read buckets degrades to one warning.
final class ServerCheckTests: XCTestCase {
    /// A new token of `sandbox`'s org with exactly `permissions` (JSON objects), made through
    /// `POST /api/v2/authorizations`.
    private static func token(in sandbox: SandboxHarness, orgID: String, permissions: [String]) async throws -> String {
        let (status, body) = try await sandbox.raw("POST", "/api/v2/authorizations", json: #"{"orgID":"\#(orgID)","permissions":[\#(permissions.joined(separator: ","))]}"#)
        XCTAssertEqual(status, 201, String(decoding: body, as: UTF8.self))
        return try XCTUnwrap((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["token"] as? String)
    }

    private let manifest = """
        apiVersion: influxdata.com/v2alpha1
        kind: Task
        metadata:
          name: cpu
        spec:
          every: 1h
          query: |
            import "influxdata/influxdb/secrets"

            token = secrets.get(key: "SLACK_TOKEN")

            from(bucket: "telegraf")
                |> range(start: -1h)
                |> to(bucket: "telegraf-ds")

        """

    private func addBucket(_ sandbox: SandboxHarness, _ name: String) async throws {
        let (status, body) = try await sandbox.raw("POST", "/sandbox/buckets", json: #"{"name":"\#(name)","org":"acme"}"#)
        XCTAssertEqual(status, 201, String(decoding: body, as: UTF8.self))
    }

    private func warnings(_ path: String) -> String {
        """
        \(path):10:30: warning: secret key "SLACK_TOKEN" (secrets.get) is not set in org "acme": every run of the task would fail [missing-secret] (task "cpu")
        \(path):14:23: warning: bucket "telegraf-ds" (to) does not exist in org "acme": every run of the task would fail [missing-bucket] (task "cpu")
        """
    }

    func testMissingBucketsAndSecretsAreWarningsAtTheirPlaceAndCostTwoReads() async throws {
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            let path = try workspace.write("tasks.yml", self.manifest)
            try await sandbox.clearRequests()
            let plan = try await sandbox.cli("plan", [path, "--detailed-exitcode"])
            XCTAssertEqual(plan.exitCode, 2, "\(plan)")
            XCTAssertTrue(plan.stdout.hasSuffix("\n" + self.warnings(path) + "\n\nPlan: 2 to add, 0 to change, 0 to destroy.\n"), plan.stdout)
            let orgID = try await sandbox.orgID()
            let checks = try await sandbox.requests().map { "\($0.method) \($0.path)" }.filter { $0.contains("buckets") || $0.contains("secrets") }
            // Two pages of the list, one lookup by name of the bucket it lacks, the secret keys.
            XCTAssertEqual(
                checks.sorted(),
                [
                    "GET /api/v2/buckets", "GET /api/v2/buckets", "GET /api/v2/buckets",
                    "GET /api/v2/orgs/\(orgID)/secrets",
                ].sorted())

            let json = try await sandbox.cli("plan", [path, "--format", "json"])
            XCTAssertEqual(json.exitCode, 0, "\(json)")
            let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let findings = try XCTUnwrap(document["findings"] as? [[String: Any]])
            XCTAssertEqual(findings.map { "\($0["severity"]!) \($0["code"]!) \($0["task"]!)" }, ["warning missing-secret cpu", "warning missing-bucket cpu"])

            // In GitHub Actions each finding is also an annotation on its manifest line.
            let annotated = try await sandbox.cli("plan", [path], environment: ["NO_COLOR": "1", "GITHUB_ACTIONS": "true"])
            XCTAssertEqual(annotated.exitCode, 0, "\(annotated)")
            XCTAssertEqual(
                annotated.stderr.split(separator: "\n").filter { $0.hasPrefix("::") }.map(String.init),
                [
                    #"::warning file=\#(path),line=10,col=30,title=influxsync manifest::secret key "SLACK_TOKEN" (secrets.get) is not set in org "acme": every run of the task would fail [missing-secret]"#,
                    #"::warning file=\#(path),line=14,col=23,title=influxsync manifest::bucket "telegraf-ds" (to) does not exist in org "acme": every run of the task would fail [missing-bucket]"#,
                ])

            // Once the org has them, the plan is clean.
            try await self.addBucket(sandbox, "telegraf-ds")
            let (status, body) = try await sandbox.raw("PATCH", "/sandbox/secrets", json: #"{"org":"acme","secrets":{"SLACK_TOKEN":"x"}}"#)
            XCTAssertEqual(status, 204, String(decoding: body, as: UTF8.self))
            let clean = try await sandbox.cli("plan", [path])
            XCTAssertEqual(clean.exitCode, 0, "\(clean)")
            XCTAssertFalse(clean.stdout.contains("warning:"), clean.stdout)
            XCTAssertEqual(clean.stderr, "")
        }
    }

    func testStrictStopsThePlanAndApplySendsNoWrite() async throws {
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            let path = try workspace.write("tasks.yml", self.manifest)
            let plan = try await sandbox.cli("plan", [path, "--strict"])
            XCTAssertEqual(plan.exitCode, 1, "\(plan)")
            XCTAssertEqual(plan.stdout, "")
            XCTAssertEqual(
                plan.stderr,
                self.warnings(path).replacingOccurrences(of: ": warning: ", with: ": error: ")
                    .replacingOccurrences(of: " (task \"cpu\")", with: "") + "\n2 names in the scripts the org does not have (--strict).\nNo plan was made; nothing was changed.\n")
            try await sandbox.clearRequests()
            let apply = try await sandbox.cli("apply", [path, "--strict", "--auto-approve"])
            XCTAssertEqual(apply.exitCode, 1, "\(apply)")
            let writes = try await sandbox.writes()
            XCTAssertEqual(writes, [], "refused before the apply lock: not even the lock label is written")
            let tasks = try await sandbox.tasks()
            XCTAssertEqual(tasks.map(\.name), [])
        }
    }

    func testNoServerChecksSendsNoExtraRead() async throws {
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            let path = try workspace.write("tasks.yml", self.manifest)
            try await sandbox.clearRequests()
            let plan = try await sandbox.cli("plan", [path, "--no-server-checks"])
            XCTAssertEqual(plan.exitCode, 0, "\(plan)")
            XCTAssertFalse(plan.stdout.contains("warning:"), plan.stdout)
            let paths = try await sandbox.requests().map(\.path)
            XCTAssertEqual(paths.filter { $0.contains("buckets") || $0.contains("secrets") }, [])
        }
    }

    func testATokenThatCannotReadBucketsGetsOneWarningNotAFailedPlan() async throws {
        try await SandboxHarness.with { sandbox in
            let orgID = try await sandbox.orgID()
            let permissions =
                [#"{"action":"read","resource":{"type":"orgs","id":"\#(orgID)"}}"#]
                + ["tasks", "labels"].map { #"{"action":"read","resource":{"type":"\#($0)","orgID":"\#(orgID)"}}"# }
            let token = try await Self.token(in: sandbox, orgID: orgID, permissions: permissions)
            let workspace = try Workspace()
            let path = try workspace.write("tasks.yml", self.manifest)
            let plan = try await CLIProcess.run(
                ["plan", path, "--host", sandbox.baseURL, "--token", token, "--org", SandboxHarness.org],
                environment: ["NO_COLOR": "1"])
            XCTAssertEqual(plan.exitCode, 0, "\(plan)")
            XCTAssertEqual(
                plan.stderr,
                """
                warning: the secret keys were not checked: GET /api/v2/orgs/\(orgID)/secrets: 401 unauthorized: read:orgs/\(orgID)/secrets is unauthorized; the token needs read:secrets for this check (or pass --no-server-checks)

                """)
            // "telegraf" exists but this token cannot list it: looked up by name, it is not called
            // missing; "telegraf-ds" really is missing.
            XCTAssertEqual(
                plan.stdout.components(separatedBy: "\n").filter { $0.contains("[missing-") },
                ["\(path):14:23: warning: bucket \"telegraf-ds\" (to) does not exist in org \"acme\": every run of the task would fail [missing-bucket] (task \"cpu\")"])
        }
    }

    /// A token with task and label permissions but not `read:orgs/<orgID>` cannot find the org
    /// by name (§11: the org is returned only to a token that may read it): the hint names the
    /// permission, not the user's membership.
    func testATokenThatCannotReadTheOrgIsToldWhichPermissionItLacks() async throws {
        try await SandboxHarness.with { sandbox in
            let orgID = try await sandbox.orgID()
            let permissions = ["tasks", "labels"].map { #"{"action":"read","resource":{"type":"\#($0)","orgID":"\#(orgID)"}}"# }
            let token = try await Self.token(in: sandbox, orgID: orgID, permissions: permissions)
            let workspace = try Workspace()
            let path = try workspace.write("tasks.yml", self.manifest)
            let plan = try await CLIProcess.run(
                ["plan", path, "--host", sandbox.baseURL, "--token", token, "--org", SandboxHarness.org], environment: ["NO_COLOR": "1"])
            XCTAssertEqual(plan.exitCode, 1, "\(plan)")
            XCTAssertEqual(
                plan.stderr.split(separator: "\n").last,
                "  hint: the token can see no org: it needs read permission on the org (read:orgs/<orgID>; `influx auth create --org NAME --read-orgs …`)")
        }
    }

    func testDriftReportsAManagedTaskWhoseBucketHasGone() async throws {
        try await SandboxHarness.with { sandbox in
            try await self.addBucket(sandbox, "telegraf-ds")
            let (status, body) = try await sandbox.raw("PATCH", "/sandbox/secrets", json: #"{"org":"acme","secrets":{"SLACK_TOKEN":"x"}}"#)
            XCTAssertEqual(status, 204, String(decoding: body, as: UTF8.self))
            let workspace = try Workspace()
            let path = try workspace.write("tasks.yml", self.manifest)
            let apply = try await sandbox.cli("apply", [path, "--auto-approve"])
            XCTAssertEqual(apply.exitCode, 0, "\(apply)")
            XCTAssertFalse(apply.stdout.contains("[missing-"), apply.stdout)
            // Someone deletes the bucket the task writes to.
            let orgID = try await sandbox.orgID()
            let (listed, list) = try await sandbox.raw("GET", "/api/v2/buckets?orgID=\(orgID)&name=telegraf-ds")
            XCTAssertEqual(listed, 200)
            let buckets = try XCTUnwrap((try JSONSerialization.jsonObject(with: list) as? [String: Any])?["buckets"] as? [[String: Any]])
            let bucketID = try XCTUnwrap(buckets.first?["id"] as? String)
            let (deleted, _) = try await sandbox.raw("DELETE", "/api/v2/buckets/\(bucketID)")
            XCTAssertEqual(deleted, 204)

            let drift = try await sandbox.cli("drift", [path])
            XCTAssertEqual(drift.exitCode, 0, "\(drift)")
            XCTAssertTrue(
                drift.stdout.contains(
                    """

                    What the scripts name that the org does not have (their runs fail):
                      \(path):14:23: bucket "telegraf-ds" (to) does not exist in org "acme": every run of the task would fail [missing-bucket] (task "cpu")

                    Run health (1 managed task):
                    """), drift.stdout)
            let json = try await sandbox.cli("drift", [path, "--format", "json"])
            let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            XCTAssertEqual((document["scriptFindings"] as? [[String: Any]])?.map { "\($0["code"]!) \($0["line"]!):\($0["column"]!)" }, ["missing-bucket 14:23"])
            // `drift --no-server-checks` skips the reads, as the access-refusal warning says
            // (drift refused the flag its own warning named).
            try await sandbox.clearRequests()
            let unchecked = try await sandbox.cli("drift", [path, "--no-server-checks"])
            XCTAssertEqual(unchecked.exitCode, 0, "\(unchecked)")
            XCTAssertFalse(unchecked.stdout.contains("[missing-bucket]"), unchecked.stdout)
            let reads = try await sandbox.requests().map(\.path)
            XCTAssertFalse(reads.contains { $0.hasPrefix("/api/v2/buckets") || $0.contains("/secrets") }, "\(reads)")
        }
    }
}
