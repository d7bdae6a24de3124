import XCTest

/// Issue 21 item 9: an association written `Team-Ops` for the label `team-ops` is the same
/// label in validate, plan and apply (label identity: trimmed, case-insensitive); before, validate
/// passed and plan failed.
final class AssociationIdentityTests: SandboxTestCase {
    func testAssociationNameInAnotherCaseIsTheSameLabelEverywhere() async throws {
        let path = try workspace.write("main.yml", Manifests.file(Manifests.label("team-ops"), Manifests.task("cpu", labels: ["Team-Ops"])))
        let validate = try await CLIProcess.run(["validate", path], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(validate.exitCode, 0, "\(validate)")
        XCTAssertEqual(validate.stdout, "Manifests are valid: 1 label, 1 task.\n")

        let plan = try await sandbox.cli("plan", [path])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        XCTAssertEqual(plan.stderr, "")
        XCTAssertTrue(plan.stdout.hasSuffix("Plan: 3 to add, 0 to change, 0 to destroy.\n"), plan.stdout)

        let apply = try await sandbox.cli("apply", [path, "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        let task = try await sandbox.task(named: "cpu")
        XCTAssertEqual(task.labels.map(\.name).sorted(), ["influxsync", "team-ops"])
        let again = try await sandbox.cli("plan", [path, "--detailed-exitcode"])
        XCTAssertEqual(again.exitCode, 0, "\(again)")
    }
}
