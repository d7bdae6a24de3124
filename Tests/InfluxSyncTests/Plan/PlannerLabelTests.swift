import InfluxAPI
import XCTest

@testable import InfluxSync

final class PlannerLabelTests: XCTestCase {
    typealias F = Fixture

    func testLabelsOnlyDoNotCreateTheOwnerLabel() throws {
        let plan = try Planner.plan(desired: DesiredState(labels: [F.desiredLabel("team")]), live: F.live(labels: []))
        XCTAssertEqual(
            plan.operations,
            [
                .createLabel(LabelCreateRequest(orgID: F.org.id, name: "team", properties: [Ownership.ownerProperty: "influxsync"]))
            ])
    }

    /// `color: ""` equals no color: not sent on create, where the server would keep `""` (§10.1)
    /// and the applier's response check would then report a failed create.
    func testEmptyColorAndDescriptionAreNotSentOnCreate() throws {
        let plan = try Planner.plan(
            desired: DesiredState(labels: [F.desiredLabel("team", color: "", description: "")]), live: F.live(labels: []))
        XCTAssertEqual(
            plan.operations,
            [.createLabel(LabelCreateRequest(orgID: F.org.id, name: "team", properties: [Ownership.ownerProperty: "influxsync"]))])
        XCTAssertEqual(plan.changes.first?.fields, [FieldChange(field: "name", old: nil, new: "team")])
    }

    func testLabelMatchesTrimmedCaseInsensitiveAndRenamesDisplayText() throws {
        let live = F.label("0000000000000002", "Team", color: "#ff0000")
        let plan = try Planner.plan(desired: DesiredState(labels: [F.desiredLabel("team ", color: "#ff0000")]), live: F.live(labels: [F.owner, live]))
        XCTAssertEqual(plan.operations, [.updateLabel(id: "0000000000000002", LabelUpdateRequest(name: "team"))])
        XCTAssertEqual(plan.changes.first?.fields, [FieldChange(field: "name", old: "Team", new: "team")])
    }

    func testColorChangeAndDescriptionRemoval() throws {
        let live = F.label("0000000000000002", "team", color: "#ff0000", description: "old")
        let plan = try Planner.plan(desired: DesiredState(labels: [F.desiredLabel("team", color: "#00ff00")]), live: F.live(labels: [F.owner, live]))
        XCTAssertEqual(plan.operations, [.updateLabel(id: "0000000000000002", LabelUpdateRequest(properties: ["color": "#00ff00", "description": ""]))])
    }

    func testUnchangedLabelIsNoChange() throws {
        let live = F.label("0000000000000002", "team", color: "#ff0000")
        let plan = try Planner.plan(desired: DesiredState(labels: [F.desiredLabel("team", color: "#ff0000")]), live: F.live(labels: [F.owner, live]))
        XCTAssertEqual(plan.changes, [])
    }

    func testUnownedLabelIsAdopted() throws {
        let live = F.label("0000000000000002", "team", owned: false)
        let plan = try Planner.plan(desired: DesiredState(labels: [F.desiredLabel("team")]), live: F.live(labels: [F.owner, live]))
        XCTAssertEqual(plan.changes.map(\.action), [.adopt])
        XCTAssertEqual(plan.operations, [.updateLabel(id: "0000000000000002", LabelUpdateRequest(properties: [Ownership.ownerProperty: "influxsync"]))])
    }

    func testOwnedUndeclaredLabelPrunedOnlyWithPrune() throws {
        let live = F.label("0000000000000002", "old")
        let without = try Planner.plan(desired: DesiredState(), live: F.live(labels: [F.owner, live]))
        XCTAssertEqual(without.changes.map(\.action), [.wouldPrune])
        XCTAssertEqual(without.operations, [])
        let with = try Planner.plan(desired: DesiredState(), live: F.live(labels: [F.owner, live]), options: PlanOptions(prune: true))
        XCTAssertEqual(with.operations, [.deleteLabel(id: "0000000000000002")])
    }

    func testOwnerLabelItselfIsNeverPruned() throws {
        let plan = try Planner.plan(desired: DesiredState(), live: F.live(labels: [F.owner]), options: PlanOptions(prune: true))
        XCTAssertEqual(plan.changes, [])
    }

    func testLabelManagedByAnotherOwnerIsRefused() {
        var live = F.label("0000000000000002", "team")
        live.properties[Ownership.ownerProperty] = "other"
        XCTAssertThrowsError(try Planner.plan(desired: DesiredState(labels: [F.desiredLabel("team")]), live: F.live(labels: [F.owner, live]))) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "tasks.yml:1:1: label \"team\" (0000000000000002) is managed by owner label \"other\", not \"influxsync\"; it is not adopted silently"
                ])
        }
    }

    func testPhasesOrderDeletesLast() throws {
        let oldLabel = F.label("0000000000000002", "old")
        let plan = try Planner.plan(
            desired: DesiredState(labels: [F.desiredLabel("new")], tasks: [F.desiredTask("cpu")]),
            live: F.live(labels: [F.owner, oldLabel], tasks: [F.liveTask("0000000000000010", "gone")]),
            options: PlanOptions(prune: true))
        XCTAssertEqual(plan.operations.map(\.phase), [.labels, .tasks, .associations, .taskDeletes, .labelDeletes])
    }
}
