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
        XCTAssertEqual(
            md,
            """
            ## influxsync plan

            > [!WARNING]
            > **This plan deletes 2 resources:** Task <code>old</code>, Label <code>legacy</code>.

            > [!WARNING]
            > **This plan converts 1 task between a script task and a Flux task:** Task <code>rollup</code>; each is replaced (a new ID).

            **Plan: 3 to add, 3 to change, 3 to destroy. (1 to adopt) (1 to convert)**

            | Add | Change | Destroy | Adopt | Would prune |
            |---:|---:|---:|---:|---:|
            | 3 | 3 | 3 | 1 | 1 |

            <details>
            <summary><code>+</code> <b>create</b> Label <code>team-a</code></summary>

            declared at <code>labels.yml:1:1</code>

            | Field | Live | Manifest |
            |---|---|---|
            | color | _(none)_ | <code>#ff0000</code> |
            | description | _(none)_ | <code>Team A</code> |

            Requests:
            - <code>POST /api/v2/labels</code>

            </details>

            <details>
            <summary><code>~</code> <b>update</b> Label <code>prod</code></summary>

            ID <code>0000000000000a01</code> · declared at <code>labels.yml:8:1</code>

            | Field | Live | Manifest |
            |---|---|---|
            | color | <code>&#35;00ff00</code> | <code>&#35;0000ff</code> |

            Requests:
            - <code>PATCH /api/v2/labels/0000000000000a01</code>

            </details>

            <details>
            <summary><code>+</code> <b>create</b> Task <code>downsample</code></summary>

            declared at <code>tasks/downsample.yml:1:1</code>

            | Field | Live | Manifest |
            |---|---|---|
            | every | _(none)_ | <code>1h</code> |

            Labels attached: <code>influxsync</code>, <code>team-a</code>

            Requests:
            - <code>POST /api/v2/tasks</code>
            - <code>POST /api/v2/tasks/{new task &quot;downsample&quot;}/labels</code>
            - <code>POST /api/v2/tasks/{new task &quot;downsample&quot;}/labels</code>

            </details>

            <details>
            <summary><code>~</code> <b>update</b> Task <code>cpu</code></summary>

            ID <code>0000000000000b01</code> · declared at <code>tasks/cpu.yml:3:1</code>

            | Field | Live | Manifest |
            |---|---|---|
            | every | <code>2h</code> | <code>1h</code> |
            | description | <code>old &#124; text</code> | _(none)_ |

            Labels attached: <code>team-a</code>

            Labels detached: <code>prod</code>

            ```diff
            --- live
            +++ manifest
            @@ -1,2 +1,2 @@
             from(bucket: "telegraf")
            -    |> range(start: -task.every)
            +    |> range(start: -1h)
            ```

            Requests:
            - <code>PATCH /api/v2/tasks/0000000000000b01</code>
            - <code>POST /api/v2/tasks/0000000000000b01/labels</code>
            - <code>DELETE /api/v2/tasks/0000000000000b01/labels/0000000000000a01</code>

            </details>

            <details>
            <summary><code>~</code> <b>adopt</b> Task <code>mem</code></summary>

            ID <code>0000000000000b02</code> · declared at <code>tasks/mem.yml:1:1</code>

            Live but not owned: apply attaches the owner label <code>influxsync</code>.

            Labels attached: <code>influxsync</code>

            Requests:
            - <code>POST /api/v2/tasks/0000000000000b02/labels</code>

            </details>

            <details>
            <summary><code>-</code> <b>delete</b> Task <code>old</code></summary>

            ID <code>0000000000000b03</code>

            Owned but declared by no manifest: **will be deleted**.

            Requests:
            - <code>DELETE /api/v2/tasks/0000000000000b03</code>

            </details>

            <details>
            <summary><code>-</code> <b>delete</b> Label <code>legacy</code></summary>

            ID <code>0000000000000a02</code>

            Owned but declared by no manifest: **will be deleted**.

            Requests:
            - <code>DELETE /api/v2/labels/0000000000000a02</code>

            </details>

            <details>
            <summary><code>?</code> <b>would-prune</b> Task <code>stale</code></summary>

            ID <code>0000000000000b04</code>

            Owned but declared by no manifest: `--prune` would delete it.

            </details>

            <details>
            <summary><code>-/+</code> <b>convert</b> Task <code>rollup</code></summary>

            ID <code>0000000000000b06</code> · declared at <code>tasks/rollup.yml:1:1</code>

            Converted, script task → Flux task: detaches script 0000000000000c01; the task is replaced (a new ID; the run history stays with the deleted task 0000000000000b06). Needs `--allow-conversion`.

            | Field | Live | Manifest |
            |---|---|---|
            | every | _(none)_ | <code>1h</code> |
            | scriptID | <code>0000000000000c01</code> | _(none)_ |

            Requests:
            - <code>POST /api/v2/tasks</code>
            - <code>POST /api/v2/tasks/{new task &quot;rollup&quot;}/labels</code>
            - <code>DELETE /api/v2/tasks/0000000000000b06</code>

            </details>

            ### Unmanaged tasks (1)

            In the org, declared by no manifest and not owned: reported, never touched.

            - Task <code>ui-made</code> (<code>0000000000000b05</code>)

            <sub>org <code>0a0b0c0d0e0f1011</code> · owner label <code>influxsync</code> · rendered by influxsync</sub>

            """)
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
        // Whole sections only: the last shown one is closed, and the first cut one is named.
        XCTAssertFalse(md.contains("<summary><code>+</code> <b>create</b> Task <code>task-\(String(format: "%04d", shown))</code></summary>"))
        let listed = md.components(separatedBy: "\n- <code>+</code> create Task ").count - 1
        // The whole document: the first `shown` tasks in detail (whole sections, the last one
        // closed), the note saying what was cut, then the next `listed` tasks by name.
        let header = """
            ## influxsync plan

            **Plan: 2990 to add, 10 to change, 0 to destroy.**

            | Add | Change | Destroy | Adopt | Would prune |
            |---:|---:|---:|---:|---:|
            | 2990 | 10 | 0 | 0 | 0 |


            """
        func section(_ i: Int) -> String {
            """
            <details>
            <summary><code>+</code> <b>create</b> Task <code>task-\(String(format: "%04d", i))</code></summary>

            declared at <code>tasks.yml:\(1 + i * 10):1</code>

            | Field | Live | Manifest |
            |---|---|---|
            | every | _(none)_ | <code>1h</code> |

            Requests:
            - <code>POST /api/v2/tasks</code>

            </details>


            """
        }
        let note = """
            > [!NOTE]
            > Output cut to stay under the 65,536-character limit: \(MarkdownText.number(omitted)) of 3,000 resources are not shown in detail (\(MarkdownText.number(omitted - 10)) to add, 10 to change). Run `influxsync plan --format json` for the full plan.

            Not shown in detail:


            """
        let names = (shown..<shown + listed).map { "- <code>+</code> create Task <code>task-\(String(format: "%04d", $0))</code>\n" }.joined()
        let footer =
            "- …and \(MarkdownText.number(omitted - listed)) more\n\n<sub>org <code>0a0b0c0d0e0f1011</code> · owner label <code>influxsync</code> · rendered by influxsync</sub>\n"
        XCTAssertEqual(md, header + (0..<shown).map(section).joined() + note + names + footer)
        XCTAssertTrue(md.hasSuffix("rendered by influxsync</sub>\n"))
        XCTAssertEqual(md.components(separatedBy: "<details>").count, md.components(separatedBy: "</details>").count)
    }

    func testCapIsRespectedForSmallLimits() {
        let md = MarkdownPlanRenderer.render(CIFixtures.everyKindPlan, characterLimit: 3_000)
        XCTAssertLessThanOrEqual(md.utf16.count, 3_000)
        XCTAssertEqual(
            md,
            """
            ## influxsync plan

            > [!WARNING]
            > **This plan deletes 2 resources:** Task <code>old</code>, Label <code>legacy</code>.

            > [!WARNING]
            > **This plan converts 1 task between a script task and a Flux task:** Task <code>rollup</code>; each is replaced (a new ID).

            **Plan: 3 to add, 3 to change, 3 to destroy. (1 to adopt) (1 to convert)**

            | Add | Change | Destroy | Adopt | Would prune |
            |---:|---:|---:|---:|---:|
            | 3 | 3 | 3 | 1 | 1 |

            <details>
            <summary><code>+</code> <b>create</b> Label <code>team-a</code></summary>

            declared at <code>labels.yml:1:1</code>

            | Field | Live | Manifest |
            |---|---|---|
            | color | _(none)_ | <code>#ff0000</code> |
            | description | _(none)_ | <code>Team A</code> |

            Requests:
            - <code>POST /api/v2/labels</code>

            </details>

            <details>
            <summary><code>~</code> <b>update</b> Label <code>prod</code></summary>

            ID <code>0000000000000a01</code> · declared at <code>labels.yml:8:1</code>

            | Field | Live | Manifest |
            |---|---|---|
            | color | <code>&#35;00ff00</code> | <code>&#35;0000ff</code> |

            Requests:
            - <code>PATCH /api/v2/labels/0000000000000a01</code>

            </details>

            <details>
            <summary><code>+</code> <b>create</b> Task <code>downsample</code></summary>

            declared at <code>tasks/downsample.yml:1:1</code>

            | Field | Live | Manifest |
            |---|---|---|
            | every | _(none)_ | <code>1h</code> |

            Labels attached: <code>influxsync</code>, <code>team-a</code>

            Requests:
            - <code>POST /api/v2/tasks</code>
            - <code>POST /api/v2/tasks/{new task &quot;downsample&quot;}/labels</code>
            - <code>POST /api/v2/tasks/{new task &quot;downsample&quot;}/labels</code>

            </details>

            > [!NOTE]
            > Output cut to stay under the 3,000-character limit: 6 of 9 resources are not shown in detail (1 to change, 1 to adopt, 2 to destroy, 1 to convert, 1 would prune). Run `influxsync plan --format json` for the full plan.

            Not shown in detail:

            - <code>~</code> update Task <code>cpu</code>
            - <code>~</code> adopt Task <code>mem</code>
            - <code>-</code> delete Task <code>old</code>
            - <code>-</code> delete Label <code>legacy</code>
            - <code>?</code> would-prune Task <code>stale</code>
            - <code>-/+</code> convert Task <code>rollup</code>

            ### Unmanaged tasks (1)

            In the org, declared by no manifest and not owned: reported, never touched.

            - Task <code>ui-made</code> (<code>0000000000000b05</code>)

            <sub>org <code>0a0b0c0d0e0f1011</code> · owner label <code>influxsync</code> · rendered by influxsync</sub>

            """)
    }
}
