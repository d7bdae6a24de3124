import Foundation
import InfluxAPI
import XCTest

@testable import InfluxSync

final class MarkdownPlanRendererTests: XCTestCase {
    func testSmallPlanExactOutput() {
        let plan = Plan(
            orgID: CIFixtures.orgID, ownerLabel: "influxsync",
            changes: [
                ResourceChange(
                    action: .update, resource: ResourceRef(kind: .task, name: "cpu", id: "0000000000000b01", location: CIFixtures.loc("tasks/cpu.yml", 3)),
                    fields: [FieldChange(field: "every", old: "2h", new: "1h"), FieldChange(field: "description", old: "a | b", new: nil)],
                    fluxDiff: "--- live\n+++ manifest\n@@ -1 +1 @@\n-x\n+y\n",
                    labelsRemoved: ["prod"],
                    operations: [
                        .updateTask(id: "0000000000000b01", TaskUpdateRequest(flux: "f", status: "active")),
                        .removeTaskLabel(task: "0000000000000b01", label: "0000000000000a01"),
                    ]),
                ResourceChange(
                    action: .delete, resource: ResourceRef(kind: .task, name: "old <x>", id: "0000000000000b03"),
                    operations: [.deleteTask(id: "0000000000000b03")]),
            ], unmanaged: [ResourceRef(kind: .task, name: "ui-made", id: "0000000000000b05")])
        let expected = """
            ## influxsync plan

            > [!WARNING]
            > **This plan deletes 1 resource:** Task <code>old &lt;x&gt;</code>.

            **Plan: 0 to add, 1 to change, 1 to destroy.**

            | Add | Change | Destroy | Adopt | Would prune |
            |---:|---:|---:|---:|---:|
            | 0 | 1 | 1 | 0 | 0 |

            <details>
            <summary><code>~</code> <b>update</b> Task <code>cpu</code></summary>

            ID <code>0000000000000b01</code> · declared at <code>tasks/cpu.yml:3:1</code>

            | Field | Live | Manifest |
            |---|---|---|
            | every | <code>2h</code> | <code>1h</code> |
            | description | <code>a &#124; b</code> | _(none)_ |

            Labels detached: <code>prod</code>

            ```diff
            --- live
            +++ manifest
            @@ -1 +1 @@
            -x
            +y
            ```

            Requests:
            - <code>PATCH /api/v2/tasks/0000000000000b01</code>
            - <code>DELETE /api/v2/tasks/0000000000000b01/labels/0000000000000a01</code>

            </details>

            <details>
            <summary><code>-</code> <b>delete</b> Task <code>old &lt;x&gt;</code></summary>

            ID <code>0000000000000b03</code>

            Owned but declared by no manifest: **will be deleted**.

            Requests:
            - <code>DELETE /api/v2/tasks/0000000000000b03</code>

            </details>

            ### Unmanaged tasks (1)

            In the org, declared by no manifest and not owned: reported, never touched.

            - Task <code>ui-made</code> (<code>0000000000000b05</code>)

            <sub>org <code>0a0b0c0d0e0f1011</code> · owner label <code>influxsync</code> · rendered by influxsync</sub>

            """
        XCTAssertEqual(MarkdownPlanRenderer.render(plan), expected)
    }

    func testNoChanges() {
        let md = MarkdownPlanRenderer.render(Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync"))
        XCTAssertEqual(
            md,
            """
            ## influxsync plan

            **No changes. Live state matches the manifests.**

            | Add | Change | Destroy | Adopt | Would prune |
            |---:|---:|---:|---:|---:|
            | 0 | 0 | 0 | 0 | 0 |

            <sub>org <code>0a0b0c0d0e0f1011</code> · owner label <code>influxsync</code> · rendered by influxsync</sub>

            """)
    }

    func testDiffContainingBackticksGetsALongerFence() {
        XCTAssertEqual(MarkdownText.fenced("+a ``` b\n", language: "diff"), "````diff\n+a ``` b\n````\n")
    }

    func testEveryKindPlanHasOneSectionPerResourceAndSummaryCounts() {
        let md = MarkdownPlanRenderer.render(CIFixtures.everyKindPlan)
        XCTAssertEqual(md.components(separatedBy: "<details>").count - 1, 9)
        XCTAssertTrue(md.contains("| 3 | 3 | 3 | 1 | 1 |\n"), md)
        XCTAssertTrue(md.contains("> **This plan converts 1 task between a script task and a Flux task:** Task <code>rollup</code>; each is replaced (a new ID).\n"), md)
        XCTAssertTrue(md.contains("> **This plan deletes 2 resources:** Task <code>old</code>, Label <code>legacy</code>.\n"), md)
        XCTAssertFalse(md.contains("[!NOTE]"))
    }

    /// 3,000 tasks to create: the output stays under GitHub's cap and says what it left out.
    func testThreeThousandTaskPlanStaysUnderTheCap() throws {
        let changes = (0..<3000).map { i -> ResourceChange in
            let name = String(format: "task-%04d", i)
            let flux = "option task = {name: \"\(name)\", every: 1h}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n"
            return ResourceChange(
                action: i < 2990 ? .create : .update,
                resource: ResourceRef(kind: .task, name: name, id: i < 2990 ? nil : String(format: "%016x", i + 1), location: CIFixtures.loc("tasks.yml", 1 + i * 10)),
                fields: [FieldChange(field: "every", old: i < 2990 ? nil : "2h", new: "1h")],
                operations: [.createTask(key: name, TaskCreateRequest(orgID: CIFixtures.orgID, flux: flux, status: "active"))])
        }
        let plan = Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync", changes: changes)
        let md = MarkdownPlanRenderer.render(plan)
        XCTAssertLessThanOrEqual(md.utf16.count, 65_536)
        let shown = md.components(separatedBy: "<details>").count - 1
        XCTAssertGreaterThan(shown, 50)
        XCTAssertLessThan(shown, 3000)
        let omitted = 3000 - shown
        XCTAssertTrue(
            md.contains(
                "> Output cut to stay under the 65,536-character limit: \(MarkdownText.number(omitted)) of 3,000 resources are not shown in detail (\(MarkdownText.number(omitted - 10)) to add, 10 to change). Run `influxsync plan --format json` for the full plan.\n"
            ), String(md.suffix(3000)))
        // Whole sections only: the last shown one is closed, and the first cut one is named.
        XCTAssertTrue(md.contains("<summary><code>+</code> <b>create</b> Task <code>task-\(String(format: "%04d", shown - 1))</code></summary>"))
        XCTAssertFalse(md.contains("<summary><code>+</code> <b>create</b> Task <code>task-\(String(format: "%04d", shown))</code></summary>"))
        XCTAssertTrue(md.contains("\nNot shown in detail:\n\n- <code>+</code> create Task <code>task-\(String(format: "%04d", shown))</code>\n"))
        let listed = md.components(separatedBy: "\n- <code>+</code> create Task ").count - 1
        XCTAssertTrue(md.contains("- …and \(MarkdownText.number(omitted - listed)) more\n"), String(md.suffix(500)))
        XCTAssertTrue(md.hasSuffix("rendered by influxsync</sub>\n"))
        XCTAssertEqual(md.components(separatedBy: "<details>").count, md.components(separatedBy: "</details>").count)
    }

    func testCapIsRespectedForSmallLimits() {
        let md = MarkdownPlanRenderer.render(CIFixtures.everyKindPlan, characterLimit: 3_000)
        XCTAssertLessThanOrEqual(md.utf16.count, 3_000)
        XCTAssertTrue(md.contains("[!NOTE]"))
    }
}
