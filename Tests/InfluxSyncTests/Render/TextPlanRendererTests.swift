import InfluxAPI
import XCTest

@testable import InfluxSync

final class TextPlanRendererTests: XCTestCase {
    private let loc = SourceLocation(file: "examples/tasks.yml", line: 3, column: 1)

    func testEveryKindOfChange() {
        let plan = Plan(
            orgID: "00000000000000aa", ownerLabel: "influxsync",
            changes: [
                ResourceChange(
                    action: .create, resource: ResourceRef(kind: .task, name: "cpu", location: loc),
                    fields: [
                        FieldChange(field: "name", old: nil, new: "cpu"), FieldChange(field: "every", old: nil, new: "1h"),
                        FieldChange(field: "status", old: nil, new: "active"), FieldChange(field: "query", old: nil, new: "from(bucket: \"a\")\n    |> range(start: -1h)"),
                    ],
                    labelsAdded: ["team"],
                    operations: [.deleteTask(id: "x")]),
                ResourceChange(
                    action: .update, resource: ResourceRef(kind: .task, name: "mem", id: "0000000000000010", location: loc),
                    fields: [FieldChange(field: "every", old: "1h", new: "2h"), FieldChange(field: "description", old: nil, new: "Memory")],
                    fluxDiff: "--- live\n+++ manifest\n@@ -1,1 +1,1 @@\n-a\n+b\n",
                    labelsAdded: ["ops"], labelsRemoved: ["old"],
                    operations: [.deleteTask(id: "x")]),
                ResourceChange(
                    action: .adopt, resource: ResourceRef(kind: .task, name: "disk", id: "0000000000000011", location: loc),
                    fields: [FieldChange(field: "owner label", old: nil, new: "influxsync")], operations: [.deleteTask(id: "x")]),
                ResourceChange(action: .delete, resource: ResourceRef(kind: .task, name: "gone", id: "0000000000000012"), operations: [.deleteTask(id: "x")]),
                ResourceChange(action: .wouldPrune, resource: ResourceRef(kind: .label, name: "stale", id: "0000000000000013")),
            ], unmanaged: [ResourceRef(kind: .task, name: "manual", id: "0000000000000014")])
        XCTAssertEqual(
            TextPlanRenderer.render(plan),
            """
            + Task "cpu" (examples/tasks.yml:3:1)
                name:   "cpu"
                every:  1h
                status: active
                labels: + "team"
                query:
                  from(bucket: "a")
                      |> range(start: -1h)

            ~ Task "mem" 0000000000000010 (examples/tasks.yml:3:1)
                every:       1h → 2h
                description: (none) → "Memory"
                labels:      + "ops", - "old"
                query:
                  --- live
                  +++ manifest
                  @@ -1,1 +1,1 @@
                  -a
                  +b

            ~ Task "disk" 0000000000000011 (adopt) (examples/tasks.yml:3:1)
                owner label: (none) → influxsync

            - Task "gone" 0000000000000012
                owned by "influxsync", declared by no manifest: will be deleted (--prune)

            ? Label "stale" 0000000000000013 (would prune)
                owned by "influxsync", declared by no manifest: run with --prune to delete it

            Unmanaged: 1 live task not declared and not owned by "influxsync" (never touched):
                Task "manual" 0000000000000014

            Plan: 1 to add, 2 to change, 1 to destroy. (1 to adopt)
            1 owned resource declared by no manifest would be pruned with --prune.

            """)
    }

    func testNoChanges() {
        XCTAssertEqual(TextPlanRenderer.render(Plan(orgID: "a", ownerLabel: "influxsync")), "No changes. Live state matches the manifests.\n")
    }

    func testColourOnlyWhenAsked() {
        let plan = Plan(
            orgID: "a", ownerLabel: "influxsync",
            changes: [
                ResourceChange(action: .delete, resource: ResourceRef(kind: .task, name: "gone", id: "1"), operations: [.deleteTask(id: "1")])
            ])
        XCTAssertFalse(TextPlanRenderer.render(plan).contains("\u{1B}["))
        XCTAssertTrue(TextPlanRenderer.render(plan, color: true).contains("\u{1B}[31m- Task \"gone\" 1\u{1B}[0m"))
    }
}
