import InfluxAPI
import XCTest

@testable import InfluxSync

/// Without manifests (`status`, `retry-failed` without PATHS) the managed tasks are those that
/// carry the org's owner label itself: a label of another org, or one of this org without the
/// owner role, that merely shares the name does not make a task managed (`retry-failed`
/// retried such tasks), and the second one is refused as plan refuses it.
final class ManagedTasksTests: XCTestCase {
    typealias F = Fixture

    func testOnlyTheOwnerLabelItselfMakesATaskManaged() {
        let foreign = InfluxLabel(id: "0000000000000999", orgID: "00000000000000b2", name: "InfluxSync", properties: [:])
        let live = F.live(
            labels: [F.owner],
            tasks: [
                F.liveTask("00000000000000c1", "ours", labels: [F.owner]),
                F.liveTask("00000000000000c3", "not-ours", labels: [foreign]),
                F.liveTask("00000000000000c4", "unlabelled", labels: []),
            ])
        let managed = DriftDetector.managedTasks(plan: Plan(orgID: F.org.id, ownerLabel: "influxsync"), live: live)
        XCTAssertEqual(managed.map(\.name), ["ours"])
        XCTAssertNil(DriftDetector.ownerLabelProblem(ownerLabel: " InfluxSync", live: live))
    }

    func testALabelOfTheOwnerLabelsNameWithoutTheRoleIsRefused() {
        let team = F.label("0000000000000020", "influxsync", owned: false)
        let live = F.live(labels: [team], tasks: [F.liveTask("00000000000000c1", "team task", labels: [team])])
        XCTAssertEqual(DriftDetector.managedTasks(plan: Plan(orgID: F.org.id, ownerLabel: "influxsync"), live: live).map(\.name), [])
        XCTAssertEqual(
            DriftDetector.ownerLabelProblem(ownerLabel: "influxsync", live: live),
            "the org has a label \"influxsync\" (0000000000000020) that is not an influxsync owner label (it lacks the property influxsync.role=owner-label); choose another --owner-label, or delete or rename that label"
        )
        XCTAssertNil(DriftDetector.ownerLabelProblem(ownerLabel: "gitops", live: live))
    }
}
