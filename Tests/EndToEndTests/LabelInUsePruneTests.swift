import Foundation
import InfluxAPI
import XCTest

/// Issue 18 item 6 end to end: `apply --prune` keeps an owned label that a person attached to
/// their own task, and says so; `--prune-labels-in-use` deletes it and names their task.
final class LabelInUsePruneTests: SandboxTestCase {
    /// Applies a label and a task using it, then removes both from the manifests while a
    /// person's task (created outside influxsync) carries the label.
    func setUpPersonsTask() async throws -> InfluxTask {
        try workspace.write("main.yml", Manifests.file(Manifests.label("team-ops"), Manifests.task("cpu", labels: ["team-ops"])))
        let first = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(first.exitCode, 0, "\(first)")
        let persons = try await sandbox.createTask(flux: "option task = {name: \"persons\", every: 1h}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n", labels: ["team-ops"])
        try workspace.write("main.yml", Manifests.task("mem"))
        return persons
    }

    func testPruneKeepsTheLabelOnThePersonsTask() async throws {
        let persons = try await setUpPersonsTask()
        let label = try await sandbox.label(named: "team-ops")
        let cpu = try await sandbox.task(named: "cpu")
        let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--prune"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        XCTAssertTrue(
            apply.stdout.contains(
                """
                = Label "team-ops" \(label.id) (kept)
                    kept: on 1 task not managed by us (owned by "influxsync", declared by no manifest; --prune-labels-in-use deletes it):
                      Task "persons" \(persons.id)

                """), apply.stdout)
        XCTAssertTrue(apply.stdout.contains("done           - Task \"cpu\"\n"), apply.stdout)
        XCTAssertFalse(apply.stdout.contains("Label \"team-ops\"\n"), "no outcome line for the kept label: \(apply.stdout)")
        let kept = try await sandbox.task(named: "persons")
        XCTAssertEqual(kept.labels.map(\.name), ["team-ops"], "the person's task keeps the label")
        let writes = try await sandbox.resourceWrites()
        XCTAssertFalse(writes.contains("DELETE /api/v2/labels/\(label.id) 204"), "\(writes)")
        XCTAssertTrue(writes.contains("DELETE /api/v2/tasks/\(cpu.id) 204"), "\(writes)")

        let json = try await sandbox.cli("plan", [workspace.path(), "--prune", "--format", "json"])
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let change = try XCTUnwrap((document["changes"] as? [[String: Any]])?.first { ($0["resource"] as? [String: Any])?["name"] as? String == "team-ops" })
        XCTAssertEqual(change["action"] as? String, "kept")
        XCTAssertEqual((change["unmanagedTasks"] as? [[String: Any]])?.map { $0["id"] as? String }, [persons.id])
        XCTAssertEqual((document["summary"] as? [String: Any])?["kept"] as? Int, 1)

        // Drift says the same: kept, not "would delete it".
        let drift = try await sandbox.cli("drift", [workspace.path()])
        XCTAssertTrue(
            drift.stdout.contains("\n- Label \"team-ops\" (\(label.id)) is owned but declared by no manifest (apply --prune keeps it: 1 task not managed by us carries it)\n"),
            "\(drift)")
        let driftJSON = try await sandbox.cli("drift", [workspace.path(), "--format", "json"])
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(driftJSON.stdout.utf8)) as? [String: Any])
        let finding = try XCTUnwrap((report["findings"] as? [[String: Any]])?.first { ($0["resource"] as? [String: Any])?["name"] as? String == "team-ops" })
        XCTAssertEqual((finding["unmanagedTasks"] as? [[String: Any]])?.map { $0["id"] as? String }, [persons.id])
    }

    func testPruneLabelsInUseDeletesItAndNamesThePersonsTask() async throws {
        let persons = try await setUpPersonsTask()
        let label = try await sandbox.label(named: "team-ops")
        let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--prune", "--prune-labels-in-use"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        XCTAssertTrue(
            apply.stdout.contains(
                """
                - Label "team-ops" \(label.id)
                    owned by "influxsync", declared by no manifest: will be deleted (--prune)
                    will be taken off 1 task not managed by us (--prune-labels-in-use):
                      Task "persons" \(persons.id)

                """), apply.stdout)
        let after = try await sandbox.task(named: "persons")
        XCTAssertEqual(after.labels, [])
    }
}
