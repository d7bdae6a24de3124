import InfluxSync
import XCTest

@testable import influxsync

/// `DuplicateRepair` in-process: the `apply … --prune` command its hint shows repeats every
/// input of the plan (manifests, `--env-ref`, connection, org, a non-default owner label).
final class DuplicateRepairTests: XCTestCase {
    func testApplyWordsRepeatEveryInputOfThePlan() throws {
        let settings = ConnectionSettings(
            target: .sandbox(file: "state.json"), token: "t0ken", org: .id("0000000000000a0a"), verbose: false,
            hintFlags: ["--sandbox", "state.json", "--token-file", "/run/token"])
        let words = DuplicateRepair.applyWords(
            manifests: try ManifestOptions.parse(["tasks/", "extra.yml", "--env-ref", "REGION=eu"]),
            planning: try PlanningOptions.parse(["--owner-label", "team-a"]),
            session: Session(client: FakeRunsClient(), settings: settings))
        XCTAssertEqual(
            words,
            [
                "influxsync", "apply", "tasks/", "extra.yml", "--env-ref", "REGION=eu", "--sandbox", "state.json",
                "--token-file", "/run/token", "--org-id", "0000000000000a0a", "--owner-label", "team-a",
            ])
    }

    func testApplyWordsLeaveOutTheDefaultOwnerLabel() throws {
        let words = DuplicateRepair.applyWords(
            manifests: try ManifestOptions.parse(["a.yml"]), planning: try PlanningOptions.parse([]),
            session: TestSessions.session(FakeRunsClient()))
        XCTAssertEqual(words, ["influxsync", "apply", "a.yml", "--host", "http://localhost:8086", "--org", "acme"])
    }

    func testHintCountsTheCopiesAndTheOtherPrunes() throws {
        let plan = Plan(
            orgID: "0000000000000a0a", ownerLabel: "influxsync",
            changes: [
                ResourceChange(action: .wouldPrune, resource: ResourceRef(kind: .task, name: "nightly", id: "0000000000000002"), duplicateOf: "0000000000000001"),
                ResourceChange(action: .wouldPrune, resource: ResourceRef(kind: .label, name: "old", id: "0000000000000b0b")),
            ])
        let hint = DuplicateRepair.hint(
            plan: plan, manifests: try ManifestOptions.parse(["a.yml"]), planning: try PlanningOptions.parse([]),
            session: TestSessions.session(FakeRunsClient()))
        XCTAssertEqual(
            hint,
            """
            note: 1 live task is an owned duplicate of a declared task (the copy named on each line is kept); --prune deletes the copies (and the 1 other owned resource listed as would prune)
              hint: to repair, run: influxsync apply a.yml --host http://localhost:8086 --org acme --prune
            """)
    }

    func testNoHintWithoutDuplicates() throws {
        let plan = Plan(
            orgID: "0000000000000a0a", ownerLabel: "influxsync",
            changes: [
                ResourceChange(action: .wouldPrune, resource: ResourceRef(kind: .label, name: "old", id: "0000000000000b0b"))
            ])
        XCTAssertNil(
            DuplicateRepair.hint(
                plan: plan, manifests: try ManifestOptions.parse(["a.yml"]), planning: try PlanningOptions.parse([]),
                session: TestSessions.session(FakeRunsClient())))
    }
}
