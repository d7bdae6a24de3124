import InfluxAPI
import XCTest

@testable import InfluxSync

/// Identity is never guessed (issue 10 item 2): same-named live labels, owned duplicate tasks,
/// and the apply lock label that plans never see.
final class PlannerDuplicateTests: XCTestCase {
    typealias F = Fixture
    let cpuUpper = Fixture.label("0000000000000002", "CPU", owned: false)
    let cpuLower = Fixture.label("0000000000000003", "cpu ", owned: false)

    func testTwoLiveLabelsMatchingADeclaredLabelAreAnErrorNamingBoth() {
        XCTAssertThrowsError(try Planner.plan(desired: DesiredState(labels: [F.desiredLabel("cpu")]), live: F.live(labels: [F.owner, cpuUpper, cpuLower]))) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "tasks.yml:1:1: label \"cpu\" matches 2 live labels: 0000000000000002 (\"CPU\"), 0000000000000003 (\"cpu \"); pin one with spec.id (e.g. `id: 0000000000000002` under spec, the one with the lowest ID), or delete the extra ones"
                ])
        }
    }

    func testSpecIDPinsOneOfTheDuplicateLabels() throws {
        var label = F.desiredLabel("cpu", color: "#ffffff")
        label.pinnedID = "0000000000000003"
        let plan = try Planner.plan(desired: DesiredState(labels: [label]), live: F.live(labels: [F.owner, cpuUpper, cpuLower]))
        XCTAssertEqual(
            plan.changes,
            [
                ResourceChange(
                    action: .adopt,
                    resource: ResourceRef(kind: .label, name: "cpu", id: "0000000000000003", location: F.location()),
                    fields: [
                        FieldChange(field: "name", old: "cpu ", new: "cpu"), FieldChange(field: "color", old: nil, new: "#ffffff"),
                        FieldChange(field: "property \(Ownership.ownerProperty)", old: nil, new: "influxsync"),
                    ],
                    operations: [.updateLabel(id: "0000000000000003", LabelUpdateRequest(name: "cpu", properties: ["color": "#ffffff", Ownership.ownerProperty: "influxsync"]))])
            ])
    }

    func testPinnedLabelThatDoesNotExistIsAnError() {
        var label = F.desiredLabel("cpu")
        label.pinnedID = "00000000000000ff"
        XCTAssertThrowsError(try Planner.plan(desired: DesiredState(labels: [label]), live: F.live(labels: [F.owner, cpuUpper]))) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "tasks.yml:1:1: label \"cpu\" is pinned by spec.id to 00000000000000ff, which does not exist in the org"
                ])
        }
    }

    func testAssociationToAnUndeclaredDuplicatedLabelIsAnError() {
        XCTAssertThrowsError(
            try Planner.plan(
                desired: DesiredState(tasks: [F.desiredTask("load", labels: ["cpu"])]),
                live: F.live(labels: [F.owner, cpuUpper, cpuLower]))
        ) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "tasks.yml:1:1: task \"load\" is associated with label \"cpu\", which matches 2 live labels: 0000000000000002 (\"CPU\"), 0000000000000003 (\"cpu \"); declare the label with spec.id to pick one (e.g. `id: 0000000000000002`, the one with the lowest ID), or delete the extra ones"
                ])
        }
    }

    func testOwnedDuplicateTasksKeepTheLowestIDAndPruneDeletesTheCopies() throws {
        let live = F.live(tasks: [
            F.liveTask("0000000000000012", "cpu"), F.liveTask("0000000000000010", "cpu"), F.liveTask("0000000000000011", "cpu"),
        ])
        let plan = try Planner.plan(desired: DesiredState(tasks: [F.desiredTask("cpu")]), live: live, options: PlanOptions(prune: true))
        XCTAssertEqual(
            plan.changes,
            [
                ResourceChange(
                    action: .delete, resource: ResourceRef(kind: .task, name: "cpu", id: "0000000000000011", location: F.location()),
                    operations: [.deleteTask(id: "0000000000000011")], duplicateOf: "0000000000000010"),
                ResourceChange(
                    action: .delete, resource: ResourceRef(kind: .task, name: "cpu", id: "0000000000000012", location: F.location()),
                    operations: [.deleteTask(id: "0000000000000012")], duplicateOf: "0000000000000010"),
            ])
        XCTAssertEqual(plan.summary.destroy, 2)
    }

    func testOwnedDuplicateTasksWithoutPruneAreWouldPruneAndTheKeptTaskIsStillUpdated() throws {
        let live = F.live(tasks: [
            F.liveTask("0000000000000010", "cpu", description: "old"), F.liveTask("0000000000000011", "cpu"),
        ])
        let plan = try Planner.plan(desired: DesiredState(tasks: [F.desiredTask("cpu", description: "new")]), live: live)
        XCTAssertEqual(plan.changes.map(\.action), [.update, .wouldPrune])
        XCTAssertEqual(plan.changes[0].resource.id, "0000000000000010")
        XCTAssertEqual(plan.changes[0].operations, [.updateTask(id: "0000000000000010", TaskUpdateRequest(status: "active", description: "new"))])
        XCTAssertEqual(
            plan.changes[1],
            ResourceChange(
                action: .wouldPrune, resource: ResourceRef(kind: .task, name: "cpu", id: "0000000000000011", location: F.location()),
                duplicateOf: "0000000000000010"))
        XCTAssertEqual(plan.unmanaged, [])
        XCTAssertEqual(
            TextPlanRenderer.render(plan),
            """
            ~ Task "cpu" 0000000000000010 (tasks.yml:1:1)
                description: "old" → "new"

            ? Task "cpu" 0000000000000011 (duplicate) (would prune) (tasks.yml:1:1)
                owned copy of task 0000000000000010, which is kept: run with --prune to delete it

            Plan: 0 to add, 1 to change, 0 to destroy.
            1 owned resource declared by no manifest would be pruned with --prune.

            """)
    }

    func testUnownedDuplicatesStayAnAmbiguityError() {
        let live = F.live(tasks: [F.liveTask("0000000000000010", "cpu"), F.liveTask("0000000000000011", "cpu", labels: [])])
        XCTAssertThrowsError(try Planner.plan(desired: DesiredState(tasks: [F.desiredTask("cpu")]), live: live, options: PlanOptions(prune: true))) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "tasks.yml:1:1: task \"cpu\" matches 2 live tasks: 0000000000000010 (\"cpu\", ours), 0000000000000011 (\"cpu\", not ours); delete or rename the extra ones, or pin one with spec.id. To keep ours, delete the others with the influx CLI: influx task delete --id 0000000000000011 (influxsync never deletes a task it does not own), or add `id: 0000000000000010` under spec"
                ])
        }
    }

    func testADeclaredLabelWithTheLockNameIsRefused() {
        XCTAssertThrowsError(try Planner.plan(desired: DesiredState(labels: [F.desiredLabel("InfluxSync.lock")]), live: F.live())) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "tasks.yml:1:1: label \"InfluxSync.lock\" has the name reserved for the apply lock of owner label \"influxsync\"; rename it"
                ])
        }
    }

    func testDriftReportsDuplicateLabelsAndOwnedDuplicateTasks() throws {
        let live = F.live(labels: [F.owner, cpuUpper, cpuLower], tasks: [F.liveTask("0000000000000010", "load"), F.liveTask("0000000000000011", "load")])
        let report = try DriftDetector.detect(desired: DesiredState(tasks: [F.desiredTask("load")]), live: live, checkedAt: Date(timeIntervalSince1970: 0))
        XCTAssertEqual(
            report.findings,
            [
                DriftFinding(kind: .duplicate, resource: ResourceRef(kind: .task, name: "load", id: "0000000000000011", location: F.location()), duplicateOf: "0000000000000010"),
                DriftFinding(kind: .duplicate, resource: ResourceRef(kind: .label, name: "cpu ", id: "0000000000000003"), duplicateOf: "0000000000000002"),
            ])
        XCTAssertEqual(report.count(.drift), 2)
        XCTAssertTrue(report.summaryLine.hasPrefix("0 changed, 0 missing, 0 unmanaged, 0 owned but undeclared, 0 not owned, 2 duplicate;"), report.summaryLine)
    }
}
