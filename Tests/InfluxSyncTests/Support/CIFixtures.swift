import Foundation
import InfluxAPI

@testable import InfluxSync

/// Hand-built values shared by the renderer, drift and saved-plan tests: a plan with every
/// kind of change.
enum CIFixtures {
    static let orgID = "0a0b0c0d0e0f1011"

    static func loc(_ file: String, _ line: Int) -> SourceLocation { SourceLocation(file: file, line: line, column: 1) }

    static let cpuFlux = "option task = {name: \"cpu\", every: 2h}\n\nfrom(bucket: \"telegraf\")\n    |> range(start: -task.every)\n"

    /// create label, update label, create task, update task (fields + flux diff + labels),
    /// adopt, delete task, delete label, would-prune; and one unmanaged task.
    static var everyKindPlan: Plan {
        Plan(
            orgID: orgID, ownerLabel: "influxsync",
            changes: [
                ResourceChange(
                    action: .create, resource: ResourceRef(kind: .label, name: "team-a", location: loc("labels.yml", 1)),
                    fields: [FieldChange(field: "color", old: nil, new: "#ff0000"), FieldChange(field: "description", old: nil, new: "Team A")],
                    operations: [
                        .createLabel(LabelCreateRequest(orgID: orgID, name: "team-a", properties: ["color": "#ff0000", "description": "Team A", "influxsync/owner": "influxsync"]))
                    ]),
                ResourceChange(
                    action: .update, resource: ResourceRef(kind: .label, name: "prod", id: "0000000000000a01", location: loc("labels.yml", 8)),
                    fields: [FieldChange(field: "color", old: "#00ff00", new: "#0000ff")],
                    operations: [.updateLabel(id: "0000000000000a01", LabelUpdateRequest(properties: ["color": "#0000ff"]))]),
                ResourceChange(
                    action: .create, resource: ResourceRef(kind: .task, name: "downsample", location: loc("tasks/downsample.yml", 1)),
                    fields: [FieldChange(field: "every", old: nil, new: "1h")],
                    labelsAdded: ["influxsync", "team-a"],
                    operations: [
                        .createTask(
                            key: "downsample",
                            TaskCreateRequest(
                                orgID: orgID, flux: "option task = {name: \"downsample\", every: 1h}\n\nfrom(bucket: \"a\") |> to(bucket: \"b\")\n", status: "active",
                                description: "Downsample")),
                        .addTaskLabel(task: .newTask("downsample"), label: .id("0000000000000a00")),
                        .addTaskLabel(task: .newTask("downsample"), label: .newLabel("team-a")),
                    ]),
                ResourceChange(
                    action: .update, resource: ResourceRef(kind: .task, name: "cpu", id: "0000000000000b01", location: loc("tasks/cpu.yml", 3)),
                    fields: [FieldChange(field: "every", old: "2h", new: "1h"), FieldChange(field: "description", old: "old | text", new: nil)],
                    fluxDiff: "--- live\n+++ manifest\n@@ -1,2 +1,2 @@\n from(bucket: \"telegraf\")\n-    |> range(start: -task.every)\n+    |> range(start: -1h)\n",
                    labelsAdded: ["team-a"], labelsRemoved: ["prod"],
                    operations: [
                        .updateTask(
                            id: "0000000000000b01",
                            TaskUpdateRequest(
                                flux: "option task = {name: \"cpu\", every: 1h}\n\nfrom(bucket: \"telegraf\")\n    |> range(start: -1h)\n", status: "active", description: "")),
                        .addTaskLabel(task: .id("0000000000000b01"), label: .newLabel("team-a")),
                        .removeTaskLabel(task: "0000000000000b01", label: "0000000000000a01"),
                    ]),
                ResourceChange(
                    action: .adopt, resource: ResourceRef(kind: .task, name: "mem", id: "0000000000000b02", location: loc("tasks/mem.yml", 1)),
                    labelsAdded: ["influxsync"],
                    operations: [.addTaskLabel(task: .id("0000000000000b02"), label: .id("0000000000000a00"))]),
                ResourceChange(
                    action: .delete, resource: ResourceRef(kind: .task, name: "old", id: "0000000000000b03"),
                    operations: [.deleteTask(id: "0000000000000b03")]),
                ResourceChange(
                    action: .delete, resource: ResourceRef(kind: .label, name: "legacy", id: "0000000000000a02"),
                    operations: [.deleteLabel(id: "0000000000000a02")]),
                ResourceChange(action: .wouldPrune, resource: ResourceRef(kind: .task, name: "stale", id: "0000000000000b04")),
                ResourceChange(
                    action: .convert, resource: ResourceRef(kind: .task, name: "rollup", id: "0000000000000b06", location: loc("tasks/rollup.yml", 1)),
                    fields: [FieldChange(field: "every", old: nil, new: "1h"), FieldChange(field: "scriptID", old: "0000000000000c01", new: nil)],
                    labelsAdded: [],
                    operations: [
                        .createTask(
                            key: "rollup",
                            TaskCreateRequest(orgID: orgID, flux: "option task = {name: \"rollup\", every: 1h}\n\nfrom(bucket: \"a\")\n", status: "active", description: nil)),
                        .addTaskLabel(task: .newTask("rollup"), label: .id("0000000000000a00")),
                        .deleteTask(id: "0000000000000b06"),
                    ],
                    conversion: TaskConversion(direction: .scriptToFlux, scriptID: "0000000000000c01", replacedTaskID: "0000000000000b06")),
            ], unmanaged: [ResourceRef(kind: .task, name: "ui-made", id: "0000000000000b05")])
    }

    /// The org's owner label (the role property makes it one, `Ownership`).
    static let ownerLabel = InfluxLabel(
        id: "0000000000000a00", orgID: orgID, name: "influxsync", properties: [Ownership.roleProperty: Ownership.ownerLabelRole])

    static func task(
        _ id: String, _ name: String, every: String? = "1h", owned: Bool = true, status: String = "active",
        latestCompleted: String? = nil, lastRunStatus: String? = nil, lastRunError: String? = nil,
        updatedAt: String? = nil, flux: String? = nil
    ) -> InfluxTask {
        InfluxTask(
            id: id, orgID: orgID, name: name, status: status,
            flux: flux ?? "option task = {name: \"\(name)\", every: \(every ?? "1h")}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n",
            every: every, labels: owned ? [ownerLabel] : [], latestCompleted: latestCompleted,
            lastRunStatus: lastRunStatus, lastRunError: lastRunError, createdAt: "2026-11-01T00:00:00Z", updatedAt: updatedAt)
    }

    /// The repository root (for `schemas/`).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("influxsync-ci-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
