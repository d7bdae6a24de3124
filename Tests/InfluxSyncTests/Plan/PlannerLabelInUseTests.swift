import Foundation
import InfluxAPI
import XCTest

@testable import InfluxSync

/// Issue 18 item 6: `--prune` never strips an owned label from tasks influxsync does not
/// manage; `--prune-labels-in-use` does, and names every task that loses it.
final class PlannerLabelInUseTests: XCTestCase {
    typealias F = Fixture

    /// An owned label, declared by no manifest; a person's task (no owner label) carries it, and
    /// so does an owned task that is being pruned (that one does not count).
    private let team = F.label("0000000000000002", "team")
    private var live: LiveState {
        F.live(
            labels: [F.owner, team],
            tasks: [
                F.liveTask("0000000000000020", "person's task", labels: [team]),
                F.liveTask("0000000000000021", "old owned task", labels: [F.owner, team]),
                F.liveTask("0000000000000022", "another person's task", labels: [team]),
            ])
    }
    private let people = [
        ResourceRef(kind: .task, name: "person's task", id: "0000000000000020"),
        ResourceRef(kind: .task, name: "another person's task", id: "0000000000000022"),
    ]
    private var labelRef: ResourceRef { ResourceRef(kind: .label, name: "team", id: "0000000000000002") }

    func testPruneKeepsAnOwnedLabelThatUnmanagedTasksCarry() throws {
        let plan = try Planner.plan(desired: DesiredState(), live: live, options: PlanOptions(prune: true))
        XCTAssertEqual(
            plan.changes,
            [
                ResourceChange(
                    action: .delete, resource: ResourceRef(kind: .task, name: "old owned task", id: "0000000000000021"),
                    operations: [.deleteTask(id: "0000000000000021")]),
                ResourceChange(action: .kept, resource: labelRef, unmanagedTasks: people),
            ])
        XCTAssertEqual(plan.operations, [.deleteTask(id: "0000000000000021")])
        XCTAssertEqual(plan.summary.kept, 1)
        XCTAssertEqual(plan.summary.destroy, 1)
    }

    func testWithoutPruneTheLabelIsKeptToo() throws {
        let plan = try Planner.plan(desired: DesiredState(), live: live)
        XCTAssertEqual(plan.changes.last, ResourceChange(action: .kept, resource: labelRef, unmanagedTasks: people))
        XCTAssertEqual(plan.operations, [])
    }

    func testPruneLabelsInUseDeletesItAndNamesTheTasksThatLoseIt() throws {
        let plan = try Planner.plan(desired: DesiredState(), live: live, options: PlanOptions(prune: true, pruneLabelsInUse: true))
        XCTAssertEqual(plan.changes.last, ResourceChange(action: .delete, resource: labelRef, operations: [.deleteLabel(id: "0000000000000002")], unmanagedTasks: people))
        XCTAssertEqual(plan.operations, [.deleteTask(id: "0000000000000021"), .deleteLabel(id: "0000000000000002")])
    }

    func testPruneLabelsInUseWithoutPruneIsAWouldPruneNamingTheTasks() throws {
        let plan = try Planner.plan(desired: DesiredState(), live: live, options: PlanOptions(pruneLabelsInUse: true))
        XCTAssertEqual(plan.changes.last, ResourceChange(action: .wouldPrune, resource: labelRef, unmanagedTasks: people))
    }

    func testALabelOnlyOwnedTasksCarryIsPrunedAsBefore() throws {
        let live = F.live(labels: [F.owner, team], tasks: [F.liveTask("0000000000000021", "old owned task", labels: [F.owner, team])])
        let plan = try Planner.plan(desired: DesiredState(), live: live, options: PlanOptions(prune: true))
        XCTAssertEqual(plan.changes.last, ResourceChange(action: .delete, resource: labelRef, operations: [.deleteLabel(id: "0000000000000002")]))
    }

    func testTextJSONAndMarkdownListTheKeptLabel() throws {
        let plan = try Planner.plan(desired: DesiredState(), live: live, options: PlanOptions(prune: true))
        XCTAssertEqual(
            TextPlanRenderer.render(plan),
            """
            - Task "old owned task" 0000000000000021
                owned by "influxsync", declared by no manifest: will be deleted (--prune)

            = Label "team" 0000000000000002 (kept)
                kept: on 2 tasks not managed by us (owned by "influxsync", declared by no manifest; --prune-labels-in-use deletes it):
                  Task "person's task" 0000000000000020
                  Task "another person's task" 0000000000000022

            Unmanaged: 2 live tasks not declared and not owned by "influxsync" (never touched):
                Task "person's task" 0000000000000020
                Task "another person's task" 0000000000000022

            Plan: 0 to add, 0 to change, 1 to destroy.

            """)
        let json = JSONPlanRenderer.render(plan)
        XCTAssertTrue(json.contains("\"kept\" : 1"), json)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let changes = try XCTUnwrap(document["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.last?["action"] as? String, "kept")
        let tasks = try XCTUnwrap(changes.last?["unmanagedTasks"] as? [[String: Any]])
        XCTAssertEqual(tasks.map { $0["name"] as? String }, ["person's task", "another person's task"])
        XCTAssertEqual(tasks.map { $0["id"] as? String }, ["0000000000000020", "0000000000000022"])
        let markdown = MarkdownPlanRenderer.render(plan)
        XCTAssertTrue(
            markdown.contains(
                """
                <summary><code>=</code> <b>kept</b> Label <code>team</code></summary>

                ID <code>0000000000000002</code>

                Kept: on 2 tasks not managed by us (owned but declared by no manifest; `--prune-labels-in-use` deletes it).

                Carried by: Task <code>person's task</code> (<code>0000000000000020</code>), Task <code>another person's task</code> (<code>0000000000000022</code>)

                </details>
                """), markdown)
    }

    func testTextNamesTheTasksThatLoseTheLabel() throws {
        let plan = try Planner.plan(desired: DesiredState(), live: live, options: PlanOptions(prune: true, pruneLabelsInUse: true))
        XCTAssertTrue(
            TextPlanRenderer.render(plan).contains(
                """
                - Label "team" 0000000000000002
                    owned by "influxsync", declared by no manifest: will be deleted (--prune)
                    will be taken off 2 tasks not managed by us (--prune-labels-in-use):
                      Task "person's task" 0000000000000020
                      Task "another person's task" 0000000000000022

                """))
    }
}
