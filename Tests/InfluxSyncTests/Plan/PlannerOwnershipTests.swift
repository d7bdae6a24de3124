import InfluxAPI
import XCTest

@testable import InfluxSync

/// Ownership edge cases: nothing that influxsync does not own is ever pruned or silently taken.
final class PlannerOwnershipTests: XCTestCase {
    typealias F = Fixture
    let plainInfluxsync = InfluxLabel(id: "0000000000000005", orgID: Fixture.org.id, name: "InfluxSync")

    /// Another configuration's owner label (`--owner-label teamb`).
    private let teamb = InfluxLabel(
        id: "0000000000000b0b", orgID: Fixture.org.id, name: "teamb",
        properties: [Ownership.roleProperty: Ownership.ownerLabelRole])

    /// A manifest cannot put another configuration's owner label on its task: that
    /// configuration would own the task too, and its `--prune` delete it.
    func testAnAssociationWithAnotherConfigurationsOwnerLabelIsRefused() {
        XCTAssertThrowsError(
            try Planner.plan(desired: DesiredState(tasks: [F.desiredTask("a-task", labels: ["TeamB "])]), live: F.live(labels: [F.owner, teamb]))
        ) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "tasks.yml:1:1: task \"a-task\" is associated with label \"TeamB \" (0000000000000b0b), the owner label of another influxsync configuration; a task carries one owner label, that of the configuration that manages it"
                ])
        }
    }

    /// A task carrying our owner label and another configuration's is not ours alone: `--prune`
    /// leaves it (it was deleted, and the other configuration created it again, for ever).
    func testATaskCarryingTwoOwnerLabelsIsNeverPruned() throws {
        let plan = try Planner.plan(
            desired: DesiredState(),
            live: F.live(labels: [F.owner, teamb], tasks: [F.liveTask("0000000000000010", "a-task", labels: [F.owner, teamb])]),
            options: PlanOptions(prune: true))
        XCTAssertEqual(plan.operations, [])
        XCTAssertEqual(plan.unmanaged, [ResourceRef(kind: .task, name: "a-task", id: "0000000000000010")])
    }

    /// In an org two configurations share, the other one's tasks are managed (by it): not
    /// listed as unmanaged, never pruned, and a label they carry is kept from our prune.
    func testAnotherConfigurationsTasksAreNotUnmanaged() throws {
        let shared = F.label("0000000000000003", "shared")
        let plan = try Planner.plan(
            desired: DesiredState(),
            live: F.live(
                labels: [F.owner, teamb, shared],
                tasks: [
                    F.liveTask("0000000000000010", "theirs", labels: [teamb, shared]),
                    F.liveTask("0000000000000011", "nobodys", labels: []),
                ]),
            options: PlanOptions(prune: true))
        XCTAssertEqual(plan.unmanaged, [ResourceRef(kind: .task, name: "nobodys", id: "0000000000000011")])
        XCTAssertEqual(plan.operations, [])
    }

    func testTasksCarryingAPlainLabelWithTheOwnerNameAreNeverPruned() throws {
        let plan = try Planner.plan(
            desired: DesiredState(),
            live: F.live(labels: [plainInfluxsync], tasks: [F.liveTask("0000000000000010", "manual", labels: [plainInfluxsync])]),
            options: PlanOptions(prune: true))
        XCTAssertEqual(plan.operations, [])
        XCTAssertEqual(plan.unmanaged, [ResourceRef(kind: .task, name: "manual", id: "0000000000000010")])
    }

    func testAPlainLabelWithTheOwnerNameIsNotTakenOverAsOwnerLabel() {
        XCTAssertThrowsError(try Planner.plan(desired: DesiredState(tasks: [F.desiredTask("cpu")]), live: F.live(labels: [plainInfluxsync]))) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "the org has a label \"InfluxSync\" (0000000000000005) that is not an influxsync owner label (it lacks the property influxsync.role=owner-label); choose another --owner-label, or delete or rename that label"
                ])
        }
    }

    func testLabelStillAssociatedIsNotPrunedWhenItsDocumentIsRemoved() throws {
        let team = F.label("0000000000000002", "team")
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask("cpu", labels: ["team"])]),
            live: F.live(labels: [F.owner, team], tasks: [F.liveTask("0000000000000010", "cpu", labels: [F.owner, team])]),
            options: PlanOptions(prune: true))
        XCTAssertEqual(plan.changes, [])
    }

    func testOwnerLabelNameComparesLikeInfluxDB() throws {
        let team = F.label("0000000000000002", "team")
        let plan = try Planner.plan(
            desired: DesiredState(labels: [F.desiredLabel("team")], tasks: [F.desiredTask("cpu", labels: ["team"])]),
            live: F.live(labels: [F.owner, team], tasks: [F.liveTask("0000000000000010", "cpu", labels: [F.owner, team])]),
            options: PlanOptions(ownerLabel: " InfluxSync "))
        XCTAssertEqual(plan.changes, [])
    }

    func testAnotherConfigurationsOwnerLabelCannotBeDeclaredAsALabel() {
        let other = InfluxLabel(id: "0000000000000009", orgID: F.org.id, name: "team-a", properties: [Ownership.roleProperty: Ownership.ownerLabelRole])
        XCTAssertThrowsError(try Planner.plan(desired: DesiredState(labels: [F.desiredLabel("team-a")]), live: F.live(labels: [F.owner, other]))) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "tasks.yml:1:1: label \"team-a\" (0000000000000009) is the owner label of another influxsync configuration; it cannot be managed as an ordinary label"
                ])
        }
    }

    func testEmptyOwnerLabelIsRefused() {
        XCTAssertThrowsError(try Planner.plan(desired: DesiredState(), live: F.live(), options: PlanOptions(ownerLabel: "  "))) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "the owner label name is empty; pass a name with --owner-label (default \"influxsync\")"
                ])
        }
    }
}
