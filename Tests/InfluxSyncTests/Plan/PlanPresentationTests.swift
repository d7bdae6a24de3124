import Flux
import InfluxAPI
import XCTest

@testable import InfluxSync

/// Issue 21 item 9, what a plan shows: a comment-only change on a re-indented script, the
/// owner property a label adopt PATCHes, a rename without `previousNames`, a `.flux` header
/// above its imports, the duplicate-label hint, and drift with same-named labels.
final class PlanPresentationTests: XCTestCase {
    typealias F = Fixture

    func testACommentChangeOnAReindentedScriptShowsOnlyTheCommentLines() throws {
        let live = F.liveTask(
            "0000000000000010", "cpu",
            flux: F.script(
                name: "cpu",
                body: """
                    from(bucket: "b")
                        |> range(start: -1h)
                        // keep the cpu measurement only
                        |> filter(fn: (r) => r._measurement == "cpu")
                        |> to(bucket: "c")
                    """))
        let desired = F.desiredTask(
            "cpu",
            body: """
                from(bucket: "b")
                  |> range(start: -1h)
                  // keep cpu only
                  |> filter(fn: (r) => r._measurement == "cpu")
                  |> to(bucket: "c")
                """)
        let plan = try Planner.plan(desired: DesiredState(tasks: [desired]), live: F.live(tasks: [live]))
        XCTAssertEqual(
            plan.changes.first?.fluxDiff,
            """
            --- live
            +++ manifest
            @@ -1,5 +1,5 @@
             from(bucket: "b")
               |> range(start: -1h)
            -    // keep the cpu measurement only
            +  // keep cpu only
               |> filter(fn: (r) => r._measurement == "cpu")
               |> to(bucket: "c")

            """)
    }

    func testAFluxHeaderStaysAboveItsImportsInTheDiff() throws {
        let header = "// Downsample CPU usage.\n// Owner: ops\nimport \"strings\"\n\n"
        let live = F.liveTask("0000000000000010", "cpu", flux: header + F.script(name: "cpu", body: "from(bucket: \"a\") |> range(start: -1h)"))
        var desired = F.desiredTask("cpu", body: "from(bucket: \"b\") |> range(start: -1h)")
        desired.script = header + F.script(name: "cpu", body: "from(bucket: \"b\") |> range(start: -1h)")
        let plan = try Planner.plan(desired: DesiredState(tasks: [desired]), live: F.live(tasks: [live]))
        XCTAssertEqual(
            plan.changes.first?.fluxDiff,
            """
            --- live
            +++ manifest
            @@ -2,4 +2,4 @@
             // Owner: ops
             import "strings"
             
            -from(bucket: "a") |> range(start: -1h)
            +from(bucket: "b") |> range(start: -1h)

            """)
        XCTAssertEqual(
            try FluxScript(parsing: header + "option task = {name: \"x\", every: 1h}\n\nfrom(bucket: \"a\")\n").textWithoutOptions,
            "// Downsample CPU usage.\n// Owner: ops\nimport \"strings\"\n\nfrom(bucket: \"a\")")
    }

    func testALabelAdoptShowsTheOwnerPropertyItsPatchSets() throws {
        let plan = try Planner.plan(
            desired: DesiredState(labels: [F.desiredLabel("team")]),
            live: F.live(labels: [F.owner, F.label("0000000000000002", "team", owned: false)]))
        XCTAssertEqual(plan.changes.first?.fields, [FieldChange(field: "property \(Ownership.ownerProperty)", old: nil, new: "influxsync")])
        XCTAssertEqual(plan.changes.first?.operations, [.updateLabel(id: "0000000000000002", LabelUpdateRequest(properties: [Ownership.ownerProperty: "influxsync"]))])
        XCTAssertEqual(
            TextPlanRenderer.render(plan),
            """
            ~ Label "team" 0000000000000002 (adopt) (tasks.yml:1:1)
                property influxsync.owner: (none) → influxsync

            Plan: 0 to add, 1 to change, 0 to destroy. (1 to adopt)

            """)
    }

    func testARenameWithoutPreviousNamesGetsAHintNamingTheOldName() throws {
        let live = F.live(tasks: [F.liveTask("0000000000000010", "cpu")])
        let desired = DesiredState(tasks: [F.desiredTask("cpu usage")])
        let plan = try Planner.plan(desired: desired, live: live)
        XCTAssertEqual(plan.changes.map(\.action), [.create, .wouldPrune])
        XCTAssertEqual(
            RenameHints.notes(plan: plan, desired: desired, live: live),
            [
                "note: task \"cpu usage\" (tasks.yml:1:1) is created while owned task \"cpu\" 0000000000000010 would be pruned, and both have the same query and schedule\n"
                    + "  hint: if this is a rename, add `previousNames: [\"cpu\"]` under spec of \"cpu usage\" to rename the task in place (it keeps its ID and run history)"
            ])
        let other = DesiredState(tasks: [F.desiredTask("cpu usage", every: "2h")])
        XCTAssertEqual(RenameHints.notes(plan: try Planner.plan(desired: other, live: live), desired: other, live: live), [], "a different schedule is not a rename")
    }

    func testTheDuplicateLabelHintPinsTheCopyInUse() {
        let stray = F.label("0000000000000002", "CPU", owned: false)
        let used = F.label("0000000000000003", "cpu ", owned: false)
        var task = F.liveTask("0000000000000010", "load", labels: [F.owner, used])
        task.labels = [F.owner, used]
        XCTAssertThrowsError(
            try Planner.plan(
                desired: DesiredState(labels: [F.desiredLabel("cpu")]),
                live: F.live(labels: [F.owner, stray, used], tasks: [task]))
        ) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems,
                [
                    "tasks.yml:1:1: label \"cpu\" matches 2 live labels: 0000000000000002 (\"CPU\"), 0000000000000003 (\"cpu \"); pin one with spec.id (e.g. `id: 0000000000000003` under spec, the one tasks carry), or delete the extra ones"
                ])
        }
    }

    func testDriftReportsDuplicateLabelsADeclaredLabelSharesInsteadOfStopping() throws {
        let stray = F.label("0000000000000002", "CPU", owned: false)
        let used = F.label("0000000000000003", "cpu ", owned: false)
        let task = F.liveTask("0000000000000010", "load", labels: [F.owner, used])
        let report = try DriftDetector.detect(
            desired: DesiredState(labels: [F.desiredLabel("cpu")], tasks: [F.desiredTask("load", labels: ["cpu"])]),
            live: F.live(labels: [F.owner, stray, used], tasks: [task]), checkedAt: Date(timeIntervalSince1970: 0))
        XCTAssertEqual(report.findings.map(\.kind), [.notOwned, .duplicate])
        XCTAssertEqual(report.findings[0].resource.id, "0000000000000003")
        XCTAssertEqual(
            report.findings[1], DriftFinding(kind: .duplicate, resource: ResourceRef(kind: .label, name: "CPU", id: "0000000000000002"), duplicateOf: "0000000000000003"))
    }
}
