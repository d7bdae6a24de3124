import Flux
import InfluxAPI
import XCTest

@testable import InfluxSync

final class PlannerTaskTests: XCTestCase {
    typealias F = Fixture

    func testEmptyOrgCreatesOwnerLabelThenTaskWithAssociations() throws {
        let desired = DesiredState(labels: [F.desiredLabel("team", color: "#ff0000")], tasks: [F.desiredTask("cpu", labels: ["team"])])
        let plan = try Planner.plan(desired: desired, live: F.live(labels: []))
        XCTAssertEqual(
            plan.operations,
            [
                .createLabel(LabelCreateRequest(orgID: F.org.id, name: "influxsync", properties: Ownership.ownerLabelProperties("influxsync"))),
                .createLabel(LabelCreateRequest(orgID: F.org.id, name: "team", properties: ["color": "#ff0000", Ownership.ownerProperty: "influxsync"])),
                .createTask(key: "cpu", TaskCreateRequest(orgID: F.org.id, flux: F.desiredTask("cpu").script, status: "active")),
                .addTaskLabel(task: .newTask("cpu"), label: .newLabel("influxsync")),
                .addTaskLabel(task: .newTask("cpu"), label: .newLabel("team")),
            ])
        XCTAssertEqual(plan.changes.map(\.action), [.create, .create, .create])
        XCTAssertEqual(plan.summary.add, 3)
    }

    func testMatchingTaskProducesNoChange() throws {
        let plan = try Planner.plan(desired: DesiredState(tasks: [F.desiredTask("cpu")]), live: F.live(tasks: [F.liveTask("0000000000000010", "cpu")]))
        XCTAssertTrue(plan.isEmpty)
        XCTAssertEqual(plan.changes, [])
    }

    func testEqualByValueDurationsAndReformattedScriptAreNoChange() throws {
        let live = F.liveTask("0000000000000010", "cpu", flux: "option task = {\n  name: \"cpu\",\n  every: 1h0m0s,\n}\nfrom(bucket:\"cpu\")\n    |> range(start:-1h,)\n")
        let plan = try Planner.plan(desired: DesiredState(tasks: [F.desiredTask("cpu", every: "60m")]), live: F.live(tasks: [live]))
        XCTAssertEqual(plan.changes, [])
    }

    func testEveryChangeIsOnePatchWithFluxAndStatus() throws {
        let desired = F.desiredTask("cpu", every: "2h")
        let plan = try Planner.plan(desired: DesiredState(tasks: [desired]), live: F.live(tasks: [F.liveTask("0000000000000010", "cpu")]))
        XCTAssertEqual(plan.operations, [.updateTask(id: "0000000000000010", TaskUpdateRequest(flux: desired.script, status: "active"))])
        XCTAssertEqual(plan.changes.first?.fields, [FieldChange(field: "every", old: "1h", new: "2h")])
        XCTAssertEqual(plan.changes.first?.action, .update)
    }

    func testEveryToCronShowsBothFields() throws {
        let desired = F.desiredTask("cpu", cron: "0 * * * *")
        let plan = try Planner.plan(desired: DesiredState(tasks: [desired]), live: F.live(tasks: [F.liveTask("0000000000000010", "cpu")]))
        XCTAssertEqual(
            plan.changes.first?.fields,
            [
                FieldChange(field: "every", old: "1h", new: nil), FieldChange(field: "cron", old: nil, new: "0 * * * *"),
            ])
        XCTAssertEqual(plan.operations, [.updateTask(id: "0000000000000010", TaskUpdateRequest(flux: desired.script, status: "active"))])
    }

    func testDescriptionOnlyChangeSendsStatusToo() throws {
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask("cpu", description: "Downsample CPU")]),
            live: F.live(tasks: [F.liveTask("0000000000000010", "cpu")]))
        XCTAssertEqual(plan.operations, [.updateTask(id: "0000000000000010", TaskUpdateRequest(status: "active", description: "Downsample CPU"))])
        XCTAssertEqual(plan.changes.first?.fields, [FieldChange(field: "description", old: nil, new: "Downsample CPU")])
    }

    func testBodyChangeCarriesUnifiedDiff() throws {
        let desired = F.desiredTask("cpu", body: "from(bucket: \"cpu\")\n    |> range(start: -2h)")
        let plan = try Planner.plan(desired: DesiredState(tasks: [desired]), live: F.live(tasks: [F.liveTask("0000000000000010", "cpu")]))
        let change = try XCTUnwrap(plan.changes.first)
        XCTAssertEqual(
            change.fluxDiff,
            """
            --- live
            +++ manifest
            @@ -1,1 +1,2 @@
            -from(bucket: "cpu") |> range(start: -1h)
            +from(bucket: "cpu")
            +    |> range(start: -2h)

            """)
        XCTAssertEqual(change.fields.map(\.field), ["query"])
    }

    func testCommentChangeCounts() throws {
        let desired = F.desiredTask("cpu", body: "// keep an hour\nfrom(bucket: \"cpu\") |> range(start: -1h)")
        let plan = try Planner.plan(desired: DesiredState(tasks: [desired]), live: F.live(tasks: [F.liveTask("0000000000000010", "cpu")]))
        XCTAssertEqual(plan.operations.count, 1)
    }

    func testStatusChange() throws {
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask("cpu", status: .inactive)]),
            live: F.live(tasks: [F.liveTask("0000000000000010", "cpu")]))
        XCTAssertEqual(plan.operations, [.updateTask(id: "0000000000000010", TaskUpdateRequest(status: "inactive"))])
    }

    func testAddOneAssociationIsOnePost() throws {
        let team = F.label("0000000000000002", "team")
        let plan = try Planner.plan(
            desired: DesiredState(labels: [F.desiredLabel("team")], tasks: [F.desiredTask("cpu", labels: ["team"])]),
            live: F.live(labels: [F.owner, team], tasks: [F.liveTask("0000000000000010", "cpu")]))
        XCTAssertEqual(plan.operations, [.addTaskLabel(task: .id("0000000000000010"), label: .id("0000000000000002"))])
        XCTAssertEqual(plan.changes.first?.labelsAdded, ["team"])
    }

    func testExtraAssociationIsRemoved() throws {
        let team = F.label("0000000000000002", "team")
        let plan = try Planner.plan(
            desired: DesiredState(labels: [F.desiredLabel("team")], tasks: [F.desiredTask("cpu")]),
            live: F.live(labels: [F.owner, team], tasks: [F.liveTask("0000000000000010", "cpu", labels: [F.owner, team])]))
        XCTAssertEqual(plan.operations, [.removeTaskLabel(task: "0000000000000010", label: "0000000000000002")])
        XCTAssertEqual(plan.changes.first?.labelsRemoved, ["team"])
    }

    func testUndeclaredButLiveLabelIsUsedNotManaged() throws {
        let shared = F.label("0000000000000003", "Shared", owned: false)
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask("cpu", labels: ["shared"])]),
            live: F.live(labels: [F.owner, shared], tasks: [F.liveTask("0000000000000010", "cpu")]))
        XCTAssertEqual(plan.operations, [.addTaskLabel(task: .id("0000000000000010"), label: .id("0000000000000003"))])
    }

    func testAssociationWithUnknownLabelFails() {
        XCTAssertThrowsError(try Planner.plan(desired: DesiredState(tasks: [F.desiredTask("cpu", labels: ["nope"])]), live: F.live())) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "tasks.yml:1:1: task \"cpu\" is associated with label \"nope\", which is neither declared in the manifests nor present in the org"
                ])
        }
    }

    func testUnownedMatchingTaskIsAdopted() throws {
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask("cpu")]),
            live: F.live(tasks: [F.liveTask("0000000000000010", "cpu", labels: [])]))
        XCTAssertEqual(plan.changes.map(\.action), [.adopt])
        XCTAssertEqual(plan.operations, [.addTaskLabel(task: .id("0000000000000010"), label: .id(F.owner.id))])
        XCTAssertEqual(plan.summary.adopt, 1)
    }

    func testAdoptionInEmptyOrgCreatesOwnerLabelFirst() throws {
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask("cpu")]),
            live: F.live(labels: [], tasks: [F.liveTask("0000000000000010", "cpu", labels: [])]))
        XCTAssertEqual(
            plan.operations,
            [
                .createLabel(LabelCreateRequest(orgID: F.org.id, name: "influxsync", properties: Ownership.ownerLabelProperties("influxsync"))),
                .addTaskLabel(task: .id("0000000000000010"), label: .newLabel("influxsync")),
            ])
    }

    func testTaskOwnedByAnotherOwnerLabelIsRefused() {
        let other = InfluxLabel(id: "0000000000000009", orgID: F.org.id, name: "team-b-sync", properties: [Ownership.roleProperty: Ownership.ownerLabelRole])
        XCTAssertThrowsError(
            try Planner.plan(
                desired: DesiredState(tasks: [F.desiredTask("cpu")]),
                live: F.live(labels: [F.owner, other], tasks: [F.liveTask("0000000000000010", "cpu", labels: [other])]))
        ) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "tasks.yml:1:1: task \"cpu\" matches live task 0000000000000010, which is owned by owner label \"team-b-sync\"; it is not adopted silently (use that owner label, or remove it from the task first)"
                ])
        }
    }

    func testTwoLiveTasksWithOneNameFailNamingBothIDs() {
        XCTAssertThrowsError(
            try Planner.plan(
                desired: DesiredState(tasks: [F.desiredTask("cpu")]),
                live: F.live(tasks: [F.liveTask("0000000000000011", "cpu"), F.liveTask("0000000000000010", "cpu", labels: [])]))
        ) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "tasks.yml:1:1: task \"cpu\" matches 2 live tasks: 0000000000000010 (\"cpu\", not ours), 0000000000000011 (\"cpu\", ours); delete or rename the extra ones, or pin one with spec.id. To keep ours, delete the others with the influx CLI: influx task delete --id 0000000000000010 (influxsync never deletes a task it does not own), or add `id: 0000000000000011` under spec"
                ])
        }
    }

    func testPinnedIDDisambiguates() throws {
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask("cpu", pinnedID: "0000000000000011")]),
            live: F.live(tasks: [F.liveTask("0000000000000011", "cpu"), F.liveTask("0000000000000010", "cpu", labels: [])]))
        XCTAssertEqual(plan.changes, [])
        XCTAssertEqual(plan.unmanaged, [ResourceRef(kind: .task, name: "cpu", id: "0000000000000010")])
    }

    func testPreviousNameRenamesInPlace() throws {
        let desired = F.desiredTask("cpu v2", previousNames: ["cpu"])
        let plan = try Planner.plan(desired: DesiredState(tasks: [desired]), live: F.live(tasks: [F.liveTask("0000000000000010", "cpu")]))
        XCTAssertEqual(plan.operations, [.updateTask(id: "0000000000000010", TaskUpdateRequest(flux: desired.script, status: "active"))])
        XCTAssertEqual(plan.changes.first?.fields, [FieldChange(field: "name", old: "cpu", new: "cpu v2")])
    }

    func testOwnedUndeclaredTaskWouldPruneWithoutPruneFlag() throws {
        let plan = try Planner.plan(desired: DesiredState(), live: F.live(tasks: [F.liveTask("0000000000000010", "old")]))
        XCTAssertEqual(plan.changes, [ResourceChange(action: .wouldPrune, resource: ResourceRef(kind: .task, name: "old", id: "0000000000000010"))])
        XCTAssertTrue(plan.isEmpty)
    }

    func testOwnedUndeclaredTaskIsDeletedWithPrune() throws {
        let plan = try Planner.plan(desired: DesiredState(), live: F.live(tasks: [F.liveTask("0000000000000010", "old")]), options: PlanOptions(prune: true))
        XCTAssertEqual(plan.operations, [.deleteTask(id: "0000000000000010")])
        XCTAssertEqual(plan.summary.destroy, 1)
    }

    func testUnownedUndeclaredTaskIsNeverTouched() throws {
        let plan = try Planner.plan(desired: DesiredState(), live: F.live(tasks: [F.liveTask("0000000000000010", "manual", labels: [])]), options: PlanOptions(prune: true))
        XCTAssertEqual(plan.operations, [])
        XCTAssertEqual(plan.unmanaged, [ResourceRef(kind: .task, name: "manual", id: "0000000000000010")])
    }

    func testOffsetRemovedAndAbsentOffsetEqualsZero() throws {
        let live = F.liveTask("0000000000000010", "cpu", flux: F.script(name: "cpu", schedule: "every: 1h, offset: 0s"))
        XCTAssertEqual(try Planner.plan(desired: DesiredState(tasks: [F.desiredTask("cpu")]), live: F.live(tasks: [live])).changes, [])
        let live5 = F.liveTask("0000000000000010", "cpu", flux: F.script(name: "cpu", schedule: "every: 1h, offset: 5m"))
        let plan = try Planner.plan(desired: DesiredState(tasks: [F.desiredTask("cpu")]), live: F.live(tasks: [live5]))
        XCTAssertEqual(plan.changes.first?.fields, [FieldChange(field: "offset", old: "5m", new: nil)])
    }

    func testCalendarMonthIsNeverFourWeeks() throws {
        let live = F.liveTask("0000000000000010", "cpu", flux: F.script(name: "cpu", schedule: "every: 4w"))
        let plan = try Planner.plan(desired: DesiredState(tasks: [F.desiredTask("cpu", every: "1mo")]), live: F.live(tasks: [live]))
        XCTAssertEqual(plan.changes.first?.fields, [FieldChange(field: "every", old: "4w", new: "1mo")])
    }
}

/// The `option task` record's other properties (`task.bucket`), which the script reads at run
/// time: a change to them is a change of the task.
final class PlannerOptionExtrasTests: XCTestCase {
    typealias F = Fixture

    private func desired(_ record: String) throws -> DesiredTask {
        let query = "option task = {name: \"cpu\", every: 1h\(record)}\nfrom(bucket: task.b) |> range(start: -1h)"
        let parsed = try FluxScript(parsing: query)
        let script = try FluxScript.compose(options: parsed.options!, replacingOptionsOf: parsed)
        return DesiredTask(key: "cpu", options: parsed.options!, query: parsed.textWithoutOptions, script: script, location: F.location(1))
    }

    private func live(_ record: String) -> InfluxTask {
        F.liveTask("0000000000000010", "cpu", flux: "option task = {name: \"cpu\", every: 1h\(record)}\n\nfrom(bucket: task.b) |> range(start: -1h)\n")
    }

    func testAChangedAddedOrRemovedPropertyIsAChange() throws {
        let cases: [(live: String, desired: String, fields: [FieldChange])] = [
            (", b: \"raw\"", ", b: \"other\"", [FieldChange(field: "task.b", old: "\"raw\"", new: "\"other\"")]),
            ("", ", b: \"raw\"", [FieldChange(field: "task.b", old: nil, new: "\"raw\"")]),
            (", b: \"raw\", c: 1", ", c: 2", [FieldChange(field: "task.c", old: "1", new: "2"), FieldChange(field: "task.b", old: "\"raw\"", new: nil)]),
            // A key written twice compares all its values.
            (", b: \"x\", b: \"y\"", ", b: \"x\"", [FieldChange(field: "task.b", old: "\"x\", \"y\"", new: "\"x\"")]),
            (", b: \"x\", b: \"y\"", ", b: \"x\", b: \"z\"", [FieldChange(field: "task.b", old: "\"x\", \"y\"", new: "\"x\", \"z\"")]),
        ]
        for (liveRecord, desiredRecord, fields) in cases {
            let task = try desired(desiredRecord)
            let plan = try Planner.plan(desired: DesiredState(tasks: [task]), live: F.live(tasks: [live(liveRecord)]))
            XCTAssertEqual(plan.changes.first?.fields, fields, liveRecord)
            XCTAssertEqual(plan.operations, [.updateTask(id: "0000000000000010", TaskUpdateRequest(flux: task.script, status: "active"))], liveRecord)
        }
    }

    func testTheSamePropertiesWrittenDifferentlyAreNoChange() throws {
        let task = try desired(", b: \"raw\", l: [1, 2]")
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [task]), live: F.live(tasks: [live(",\n  l: [ 1,\n 2 ], // two\n  \"b\": \"raw\",\n")]))
        XCTAssertEqual(plan.changes, [])
    }
}
