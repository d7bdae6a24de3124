import Foundation
import XCTest

/// Issue 21 item 9: a live label that shares its name with a declared label (InfluxDB accepted
/// such copies until late 2019) is a drift finding naming the copy in use; `drift` does not
/// stop, while `plan` refuses and its hint pins the copy in use, not the stray one.
final class DriftDuplicateLabelTests: XCTestCase {
    func testDriftReportsTheStrayCopyAndPlanPinsTheOneInUse() async throws {
        let workspace = try Workspace()
        let manifests = try workspace.write(
            "cpu.yml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Label
            metadata:
              name: cpu
            spec:
              color: "#ff0000"
            ---
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: load
            spec:
              every: 1h
              associations:
                - kind: Label
                  name: cpu
              query: |-
                from(bucket: "b") |> range(start: -1h)

            """)
        let data = workspace.path("sandbox.json")
        let apply = try await CLIProcess.run(["apply", manifests, "--sandbox", data, "--auto-approve"], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        // A stray copy with a lower ID, as an old server let it be created.
        var state = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: data))) as? [String: Any])
        var labels = try XCTUnwrap(state["labels"] as? [String: Any])
        let inUse = try XCTUnwrap(labels.values.compactMap { $0 as? [String: Any] }.first { $0["name"] as? String == "cpu" }?["id"] as? String)
        let orgID = try XCTUnwrap((state["orgs"] as? [[String: Any]])?.first?["id"] as? String)
        labels["0aaaaaaaaaaaaaa1"] = ["id": "0aaaaaaaaaaaaaa1", "name": "CPU", "orgID": orgID, "properties": [String: String]()]
        state["labels"] = labels
        try JSONSerialization.data(withJSONObject: state).write(to: URL(fileURLWithPath: data))

        let drift = try await CLIProcess.run(["drift", manifests, "--sandbox", data], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(drift.exitCode, 0, "\(drift)")
        XCTAssertTrue(
            drift.stdout.contains(
                "\n= Label \"CPU\" (0aaaaaaaaaaaaaa1) is a duplicate: label \(inUse) has the same name (ignoring case and spaces); pin one with spec.id and delete the others\n"),
            drift.stdout)
        XCTAssertTrue(drift.stdout.contains("0 changed, 0 missing, 0 unmanaged, 0 owned but undeclared, 0 not owned, 1 duplicate;"), drift.stdout)

        let plan = try await CLIProcess.run(["plan", manifests, "--sandbox", data], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(plan.exitCode, 1, "\(plan)")
        XCTAssertEqual(
            plan.stderr,
            """
            error: \(manifests):1:1: label "cpu" matches 2 live labels: 0aaaaaaaaaaaaaa1 ("CPU"), \(inUse) ("cpu"); pin one with spec.id (e.g. `id: \(inUse)` under spec, the one managed by "influxsync"), or delete the extra ones
            error: \(manifests):8:1: task "load" is associated with label "cpu", which matches 2 live labels: 0aaaaaaaaaaaaaa1 ("CPU"), \(inUse) ("cpu"); declare the label with spec.id to pick one (e.g. `id: \(inUse)`, the one managed by "influxsync"), or delete the extra ones
            No plan was made; nothing was changed.

            """)
    }

    /// A `spec.name` rename without `previousNames`: the plan's note names `previousNames`
    /// with the old name.
    func testARenameWithoutPreviousNamesIsHinted() async throws {
        let workspace = try Workspace()
        let task = { (name: String) in
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: load
            spec:
              name: \(name)
              every: 1h
              query: |-
                from(bucket: "b") |> range(start: -1h)

            """
        }
        let manifests = try workspace.write("load.yml", task("load"))
        let data = workspace.path("sandbox.json")
        let apply = try await CLIProcess.run(["apply", manifests, "--sandbox", data, "--auto-approve"], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        _ = try workspace.write("load.yml", task("system load"))
        let plan = try await CLIProcess.run(["plan", manifests, "--sandbox", data, "--prune"], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        let old = try XCTUnwrap(plan.stdout.split(separator: "\n").first { $0.hasPrefix("- Task \"load\" ") }?.split(separator: " ")[3])
        XCTAssertEqual(
            plan.stderr,
            """
            note: task "system load" (\(manifests):1:1) is created while owned task "load" \(old) is deleted, and both have the same query and schedule
              hint: if this is a rename, add `previousNames: ["load"]` under spec of "system load" to rename the task in place (it keeps its ID and run history)

            """)
    }
}
