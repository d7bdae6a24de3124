import Flux
import InfluxAPI
import XCTest

@testable import InfluxSync

/// Issue 21 items 10 and 11: `ignore` and `protect` policies as planner input (`PolicyFilter`).
final class PlannerPolicyTests: XCTestCase {
    typealias F = Fixture

    private func ignore(_ kind: PolicySelector.Kind, _ patterns: [String], _ fields: [PolicyField], line: Int = 3) -> Policies {
        Policies(ignore: [IgnoreRule(selector: PolicySelector(kind, patterns), fields: fields, location: "influxsync.yaml:\(line)")])
    }

    private func protect(_ kind: PolicySelector.Kind, _ patterns: [String], line: Int = 9) -> Policies {
        Policies(protect: [ProtectRule(selector: PolicySelector(kind, patterns), location: "influxsync.yaml:\(line)")])
    }

    // MARK: ignore

    func testIgnoredStatusOnlyDifferenceIsNoChangeAndIsListedAsIgnored() throws {
        let live = F.live(tasks: [F.liveTask("0000000000000010", "noisy-cpu", status: "inactive")])
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask("noisy-cpu")]), live: live,
            options: PlanOptions(policies: ignore(.tasks, ["noisy-*"], [.status])))
        XCTAssertEqual(plan.changes, [])
        XCTAssertTrue(plan.isEmpty)
        XCTAssertEqual(
            plan.ignored,
            [
                IgnoredResource(
                    resource: ResourceRef(kind: .task, name: "noisy-cpu", id: "0000000000000010", location: F.location()),
                    fields: [IgnoredDifference(field: "status", live: "inactive", manifest: "active", rule: "influxsync.yaml:3")])
            ])
    }

    func testIgnoredStatusKeepsTheLiveStatusInThePatchOfOtherChanges() throws {
        let live = F.live(tasks: [F.liveTask("0000000000000010", "cpu", status: "inactive")])
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask("cpu", description: "CPU")]), live: live,
            options: PlanOptions(policies: ignore(.tasks, ["cpu"], [.status])))
        XCTAssertEqual(plan.operations, [.updateTask(id: "0000000000000010", TaskUpdateRequest(status: "inactive", description: "CPU"))])
        XCTAssertEqual(plan.changes.map(\.fields), [[FieldChange(field: "description", old: nil, new: "CPU")]])
        XCTAssertEqual(plan.ignored?.map(\.fields), [[IgnoredDifference(field: "status", live: "inactive", manifest: "active", rule: "influxsync.yaml:3")]])
    }

    func testIgnoredDescriptionIsNotSent() throws {
        let live = F.live(tasks: [F.liveTask("0000000000000010", "cpu", description: "edited in the UI")])
        let desired = F.desiredTask("cpu", every: "2h", description: "from git")
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [desired]), live: live,
            options: PlanOptions(policies: ignore(.tasks, ["cpu"], [.description])))
        XCTAssertEqual(plan.operations, [.updateTask(id: "0000000000000010", TaskUpdateRequest(flux: desired.script, status: "active"))])
        XCTAssertEqual(plan.changes.map(\.fields), [[FieldChange(field: "every", old: "1h", new: "2h")]])
        XCTAssertEqual(plan.ignored?.first?.fields, [IgnoredDifference(field: "description", live: "edited in the UI", manifest: "from git", rule: "influxsync.yaml:3")])
    }

    func testIgnoredScheduleOnlyDifferenceIsNoChange() throws {
        let live = F.live(tasks: [F.liveTask("0000000000000010", "cpu", flux: F.script(name: "cpu", schedule: "every: 30m, offset: 5m"))])
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask("cpu", every: "1h")]), live: live,
            options: PlanOptions(policies: ignore(.withLabels, ["influxsync"], [.schedule])))
        XCTAssertEqual(plan.changes, [])
        XCTAssertEqual(
            plan.ignored?.first?.fields,
            [
                IgnoredDifference(field: "every", live: "30m", manifest: "1h", rule: "influxsync.yaml:3"),
                IgnoredDifference(field: "offset", live: "5m", manifest: nil, rule: "influxsync.yaml:3"),
            ])
    }

    func testIgnoredScheduleWithABodyChangeSendsTheScriptWithTheLiveSchedule() throws {
        let live = F.live(tasks: [F.liveTask("0000000000000010", "cpu", flux: F.script(name: "cpu", schedule: "every: 30m"))])
        let desired = F.desiredTask("cpu", every: "1h", body: "from(bucket: \"cpu2\") |> range(start: -1h)")
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [desired]), live: live,
            options: PlanOptions(policies: ignore(.tasks, ["cpu"], [.schedule])))
        XCTAssertEqual(plan.changes.map { $0.fields.map(\.field) }, [["query"]])
        guard case .updateTask(_, let request) = plan.operations.first else { return XCTFail("\(plan.operations)") }
        XCTAssertEqual(request.flux, "option task = {name: \"cpu\", every: 30m}\n\nfrom(bucket: \"cpu2\") |> range(start: -1h)\n")
        XCTAssertEqual(request.status, "active")
        // Applied, the next plan has nothing left to send.
        let after = F.live(tasks: [F.liveTask("0000000000000010", "cpu", flux: request.flux)])
        let next = try Planner.plan(
            desired: DesiredState(tasks: [desired]), live: after,
            options: PlanOptions(policies: ignore(.tasks, ["cpu"], [.schedule])))
        XCTAssertEqual(next.changes, [])
    }

    func testIgnoredLabelsAreNeitherAddedNorRemovedButTheOwnerLabelStillIs() throws {
        let oncall = F.label("0000000000000020", "on-call", owned: false)
        let team = F.label("0000000000000021", "team", owned: false)
        let live = F.live(labels: [F.owner, oncall, team], tasks: [F.liveTask("0000000000000010", "cpu", labels: [oncall])])
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask("cpu", labels: ["team"])]), live: live,
            options: PlanOptions(policies: ignore(.withLabels, ["ON-CALL"], [.labels])))
        XCTAssertEqual(plan.changes.map(\.action), [.adopt])
        XCTAssertEqual(plan.operations, [.addTaskLabel(task: .id("0000000000000010"), label: .id(F.owner.id))])
        XCTAssertEqual(plan.changes.first?.labelsAdded, [])
        XCTAssertEqual(plan.changes.first?.labelsRemoved, [])
        XCTAssertEqual(plan.ignored?.first?.fields, [IgnoredDifference(field: "labels", live: "on-call", manifest: "team", rule: "influxsync.yaml:3")])
    }

    /// A label prune never takes a label off a task whose labels are ignored: the owned label
    /// `prod` that the manifest no longer declares (nor associates) stays, with and without
    /// `--prune`, listed as an ignored deletion; an owned label no such task carries is still
    /// pruned. (It was deleted, and with it the association the rule keeps.)
    func testALabelThatAnIgnoredTaskCarriesIsNotPruned() throws {
        let prod = F.label("0000000000000020", "prod")
        let stale = F.label("0000000000000021", "stale")
        let live = F.live(labels: [F.owner, prod, stale], tasks: [F.liveTask("0000000000000010", "noisy-cpu", labels: [F.owner, prod])])
        for prune in [true, false] {
            let plan = try Planner.plan(
                desired: DesiredState(tasks: [F.desiredTask("noisy-cpu")]), live: live,
                options: PlanOptions(prune: prune, policies: ignore(.tasks, ["noisy-*"], [.labels])))
            XCTAssertEqual(plan.changes.map { "\($0.action) \($0.resource.name)" }, [prune ? "delete stale" : "wouldPrune stale"], "prune \(prune)")
            XCTAssertEqual(plan.operations, prune ? [.deleteLabel(id: stale.id)] : [], "prune \(prune)")
            XCTAssertEqual(
                plan.ignored?.map { "\($0.resource.kind) \($0.resource.name)" }, ["task noisy-cpu", "label prod"], "prune \(prune)")
            XCTAssertEqual(
                plan.ignored?.last?.fields,
                [IgnoredDifference(field: "deletion", live: "on task \"noisy-cpu\", whose labels are ignored", manifest: "declared by no manifest", rule: "influxsync.yaml:3")])
        }
    }

    func testIgnoreNeverAppliesToCreates() throws {
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask("noisy", status: .inactive)]), live: F.live(),
            options: PlanOptions(policies: ignore(.tasks, ["*"], [.status])))
        XCTAssertEqual(plan.changes.map(\.action), [.create])
        XCTAssertNil(plan.ignored)
    }

    func testIgnoredLabelColorIsNotSent() throws {
        let live = F.live(labels: [F.owner, F.label("0000000000000020", "team", color: "#abc", description: "old")])
        let plan = try Planner.plan(
            desired: DesiredState(labels: [F.desiredLabel("team", color: "#ff0000", description: "new")]), live: live,
            options: PlanOptions(policies: ignore(.labels, ["team"], [.color])))
        XCTAssertEqual(plan.operations, [.updateLabel(id: "0000000000000020", LabelUpdateRequest(properties: ["description": "new"]))])
        XCTAssertEqual(plan.ignored?.first?.fields, [IgnoredDifference(field: "color", live: "#abc", manifest: "#ff0000", rule: "influxsync.yaml:3")])
    }

    func testARuleForOtherTasksChangesNothing() throws {
        let live = F.live(tasks: [F.liveTask("0000000000000010", "cpu", status: "inactive")])
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask("cpu")]), live: live,
            options: PlanOptions(policies: ignore(.tasks, ["noisy-*"], [.status])))
        XCTAssertEqual(plan.operations, [.updateTask(id: "0000000000000010", TaskUpdateRequest(status: "active"))])
        XCTAssertNil(plan.ignored)
    }

    // MARK: protect

    func testPruningAProtectedTaskIsRefusedNamingTheRuleAndTheTask() throws {
        let live = F.live(tasks: [F.liveTask("0000000000000010", "billing-daily"), F.liveTask("0000000000000011", "other")])
        XCTAssertThrowsError(
            try Planner.plan(
                desired: DesiredState(), live: live,
                options: PlanOptions(prune: true, policies: protect(.tasks, ["billing-*"])))
        ) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "influxsync.yaml:9: protect rule (tasks: billing-*) forbids deleting task \"billing-daily\" (0000000000000010), which this plan deletes (owned, declared by no manifest, --prune); nothing is deleted whatever --prune says\n  hint: declare it again (a renamed task keeps its ID when its old name is in spec.previousNames), or remove the rule from influxsync.yaml"
                ])
        }
        // Without --prune nothing is deleted: the plan is made.
        let plan = try Planner.plan(desired: DesiredState(), live: live, options: PlanOptions(policies: protect(.tasks, ["billing-*"])))
        XCTAssertEqual(plan.changes.map(\.action), [.wouldPrune, .wouldPrune])
        XCTAssertEqual(plan.changes.map(\.protectedBy), ["influxsync.yaml:9", nil])
    }

    func testARenameWithoutPreviousNamesOfATaskCarryingAProtectedLabelIsRefused() throws {
        let prod = F.label("0000000000000020", "prod", owned: false)
        let live = F.live(labels: [F.owner, prod], tasks: [F.liveTask("0000000000000010", "cpu", labels: [F.owner, prod])])
        XCTAssertThrowsError(
            try Planner.plan(
                desired: DesiredState(tasks: [F.desiredTask("cpu-v2", labels: ["prod"])]), live: live,
                options: PlanOptions(prune: true, policies: protect(.withLabels, ["Prod"])))
        ) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems.map { $0.components(separatedBy: "\n")[0] },
                [
                    "influxsync.yaml:9: protect rule (withLabels: Prod) forbids deleting task \"cpu\" (0000000000000010), which this plan deletes (owned, declared by no manifest, --prune); nothing is deleted whatever --prune says"
                ])
        }
    }

    func testPruningAProtectedLabelIsRefused() throws {
        let live = F.live(labels: [F.owner, F.label("0000000000000020", "prod")])
        XCTAssertThrowsError(
            try Planner.plan(
                desired: DesiredState(), live: live,
                options: PlanOptions(prune: true, policies: protect(.labels, ["PROD"])))
        ) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "influxsync.yaml:9: protect rule (labels: PROD) forbids deleting label \"prod\" (0000000000000020), which this plan deletes (owned, declared by no manifest, --prune); nothing is deleted whatever --prune says\n  hint: declare it again, or remove the rule from influxsync.yaml"
                ])
        }
    }

    func testGlobs() {
        XCTAssertTrue(Glob.matches("nightly-*", "nightly-"))
        XCTAssertTrue(Glob.matches("nightly-*", "nightly-cpu"))
        XCTAssertTrue(Glob.matches("*-cpu-?", "a-cpu-1"))
        XCTAssertTrue(Glob.matches("a*b*c", "aXbYbc"))
        XCTAssertFalse(Glob.matches("nightly-*", "Nightly-cpu"))
        XCTAssertFalse(Glob.matches("*-cpu-?", "a-cpu-12"))
        XCTAssertFalse(Glob.matches("cpu", "cpu2"))
    }
}
