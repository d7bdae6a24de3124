import Foundation
import InfluxAPI
import XCTest

@testable import InfluxSync

/// How differences an `ignore` policy keeps live are shown: text, JSON (plan schema), Markdown,
/// and drift `ignored` findings (drift schema).
final class IgnoredRenderingTests: XCTestCase {
    private let plan = Plan(
        orgID: CIFixtures.orgID, ownerLabel: "influxsync",
        changes: [
            ResourceChange(
                action: .update, resource: ResourceRef(kind: .task, name: "cpu", id: "0000000000000b01", location: CIFixtures.loc("cpu.yml", 1)),
                fields: [FieldChange(field: "description", old: nil, new: "CPU")],
                operations: [.updateTask(id: "0000000000000b01", TaskUpdateRequest(status: "inactive", description: "CPU"))])
        ],
        ignored: [
            IgnoredResource(
                resource: ResourceRef(kind: .task, name: "cpu", id: "0000000000000b01", location: CIFixtures.loc("cpu.yml", 1)),
                fields: [IgnoredDifference(field: "status", live: "inactive", manifest: "active", rule: "influxsync.yaml:3")]),
            IgnoredResource(
                resource: ResourceRef(kind: .task, name: "noisy", id: "0000000000000b02"),
                fields: [
                    IgnoredDifference(field: "every", live: "30m", manifest: "1h", rule: "influxsync.yaml:5"),
                    IgnoredDifference(field: "labels", live: nil, manifest: "team", rule: "influxsync.yaml:5"),
                ]),
        ])

    func testTextListsEachIgnoredDifferenceWithItsRule() {
        XCTAssertEqual(
            TextPlanRenderer.render(plan),
            """
            ~ Task "cpu" 0000000000000b01 (cpu.yml:1:1)
                description: (none) → "CPU"

            Ignored by policy (the live value is kept; nothing is sent):
                Task "cpu" 0000000000000b01 (cpu.yml:1:1)
                  status: live "inactive", manifest "active" (influxsync.yaml:3)
                Task "noisy" 0000000000000b02
                  every: live "30m", manifest "1h" (influxsync.yaml:5)
                  labels: live (none), manifest "team" (influxsync.yaml:5)

            Plan: 0 to add, 1 to change, 0 to destroy.

            """)
    }

    func testJSONHasIgnoredAndValidatesAgainstThePlanSchema() throws {
        let json = JSONPlanRenderer.render(plan)
        XCTAssertEqual(
            json,
            """
            {
              "changes" : [
                {
                  "action" : "update",
                  "fields" : [
                    {
                      "field" : "description",
                      "new" : "CPU",
                      "old" : null
                    }
                  ],
                  "fluxDiff" : null,
                  "labelsAdded" : [

                  ],
                  "labelsRemoved" : [

                  ],
                  "operations" : [
                    {
                      "body" : {
                        "description" : "CPU",
                        "status" : "inactive"
                      },
                      "method" : "PATCH",
                      "path" : "/api/v2/tasks/0000000000000b01",
                      "phase" : "tasks"
                    }
                  ],
                  "resource" : {
                    "id" : "0000000000000b01",
                    "kind" : "Task",
                    "location" : {
                      "column" : 1,
                      "file" : "cpu.yml",
                      "line" : 1
                    },
                    "name" : "cpu"
                  }
                }
              ],
              "findings" : [

              ],
              "formatVersion" : 1,
              "hasChanges" : true,
              "ignored" : [
                {
                  "fields" : [
                    {
                      "field" : "status",
                      "live" : "inactive",
                      "manifest" : "active",
                      "rule" : "influxsync.yaml:3"
                    }
                  ],
                  "resource" : {
                    "id" : "0000000000000b01",
                    "kind" : "Task",
                    "location" : {
                      "column" : 1,
                      "file" : "cpu.yml",
                      "line" : 1
                    },
                    "name" : "cpu"
                  }
                },
                {
                  "fields" : [
                    {
                      "field" : "every",
                      "live" : "30m",
                      "manifest" : "1h",
                      "rule" : "influxsync.yaml:5"
                    },
                    {
                      "field" : "labels",
                      "live" : null,
                      "manifest" : "team",
                      "rule" : "influxsync.yaml:5"
                    }
                  ],
                  "resource" : {
                    "id" : "0000000000000b02",
                    "kind" : "Task",
                    "location" : null,
                    "name" : "noisy"
                  }
                }
              ],
              "orgID" : "0a0b0c0d0e0f1011",
              "ownerLabel" : "influxsync",
              "summary" : {
                "add" : 0,
                "adopt" : 0,
                "change" : 1,
                "convert" : 0,
                "destroy" : 0,
                "kept" : 0,
                "wouldPrune" : 0
              },
              "unmanaged" : [

              ]
            }

            """)
        let outcome = try SchemaValidator.validate(json: json, schema: "plan.schema.json")
        XCTAssertEqual(outcome.output, "")
        XCTAssertEqual(outcome.exitCode, 0)
        let empty = JSONPlanRenderer.render(Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync"))
        XCTAssertEqual(
            empty,
            """
            {
              "changes" : [

              ],
              "findings" : [

              ],
              "formatVersion" : 1,
              "hasChanges" : false,
              "ignored" : [

              ],
              "orgID" : "0a0b0c0d0e0f1011",
              "ownerLabel" : "influxsync",
              "summary" : {
                "add" : 0,
                "adopt" : 0,
                "change" : 0,
                "convert" : 0,
                "destroy" : 0,
                "kept" : 0,
                "wouldPrune" : 0
              },
              "unmanaged" : [

              ]
            }

            """)
    }

    func testMarkdownHasATableOfIgnoredDifferences() {
        let md = MarkdownPlanRenderer.render(plan)
        XCTAssertEqual(
            md,
            """
            ## influxsync plan

            **Plan: 0 to add, 1 to change, 0 to destroy.**

            | Add | Change | Destroy | Adopt | Would prune |
            |---:|---:|---:|---:|---:|
            | 0 | 1 | 0 | 0 | 0 |

            <details>
            <summary><code>~</code> <b>update</b> Task <code>cpu</code></summary>

            ID <code>0000000000000b01</code> · declared at <code>cpu.yml:1:1</code>

            | Field | Live | Manifest |
            |---|---|---|
            | description | _(none)_ | <code>CPU</code> |

            Requests:
            - <code>PATCH /api/v2/tasks/0000000000000b01</code>

            </details>

            ### Ignored by policy (2)

            The live value is kept and nothing is sent (`policies.ignore` of influxsync.yaml).

            | Resource | Field | Live (kept) | Manifest | Rule |
            |---|---|---|---|---|
            | Task <code>cpu</code> (<code>0000000000000b01</code>) | <code>status</code> | <code>inactive</code> | <code>active</code> | <code>influxsync.yaml:3</code> |
            | Task <code>noisy</code> (<code>0000000000000b02</code>) | <code>every</code> | <code>30m</code> | <code>1h</code> | <code>influxsync.yaml:5</code> |
            | Task <code>noisy</code> (<code>0000000000000b02</code>) | <code>labels</code> | _(none)_ | <code>team</code> | <code>influxsync.yaml:5</code> |

            <sub>org <code>0a0b0c0d0e0f1011</code> · owner label <code>influxsync</code> · rendered by influxsync</sub>

            """)
    }

    func testDriftReportsIgnoredOnlyWhenAskedAndNeverAsDrift() throws {
        let live = LiveState(org: InfluxOrg(id: CIFixtures.orgID, name: "acme"), labels: [], tasks: [])
        let checkedAt = Date(timeIntervalSince1970: 1_800_000_000)
        let without = DriftDetector.report(plan: plan, live: live, records: [:], checkedAt: checkedAt)
        XCTAssertEqual(without.findings.map(\.kind), [.changed])
        let with = DriftDetector.report(plan: plan, live: live, records: [:], checkedAt: checkedAt, includeIgnored: true)
        XCTAssertEqual(with.findings.map(\.kind), [.changed, .ignored, .ignored])
        XCTAssertEqual(with.findings[2].policyRules, ["influxsync.yaml:5"])
        XCTAssertEqual(with.findings[2].fields, [FieldChange(field: "every", old: "30m", new: "1h"), FieldChange(field: "labels", old: nil, new: "team")])
        XCTAssertEqual(with.count(.drift), 1)
        let outcome = try SchemaValidator.validate(json: JSONDriftRenderer.render(with), schema: "drift.schema.json")
        XCTAssertEqual(outcome.output, "")
        XCTAssertEqual(outcome.exitCode, 0)
        XCTAssertEqual(
            MarkdownDriftRenderer.render(with),
            """
            ## influxsync drift report

            **1 changed, 0 missing, 0 unmanaged, 0 owned but undeclared, 0 not owned, 2 with ignored differences; 0 failing, 0 missed (0 managed tasks checked).**

            | Changed | Missing | Unmanaged | Owned, undeclared | Not owned | Duplicate | Failing | Missed |
            |---:|---:|---:|---:|---:|---:|---:|---:|
            | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |

            <details>
            <summary><b>changed</b> Task <code>cpu</code>: differs from the manifests (changed outside git, or an edit not applied yet)</summary>

            ID <code>0000000000000b01</code> · declared at <code>cpu.yml:1:1</code>

            | Field | Live | Manifests |
            |---|---|---|
            | description | _(none)_ | <code>CPU</code> |

            </details>

            <details>
            <summary><b>ignored</b> Task <code>cpu</code>: differences an ignore policy keeps live (influxsync.yaml:3)</summary>

            ID <code>0000000000000b01</code> · declared at <code>cpu.yml:1:1</code>

            | Field | Live | Manifests |
            |---|---|---|
            | status | <code>inactive</code> | <code>active</code> |

            </details>

            <details>
            <summary><b>ignored</b> Task <code>noisy</code>: differences an ignore policy keeps live (influxsync.yaml:5)</summary>

            ID <code>0000000000000b02</code>

            | Field | Live | Manifests |
            |---|---|---|
            | every | <code>30m</code> | <code>1h</code> |
            | labels | _(none)_ | <code>team</code> |

            </details>

            ### Run health (0 managed tasks)

            No managed task is live.

            <sub>org <code>acme (0a0b0c0d0e0f1011)</code> · owner label <code>influxsync</code> · checked at 2027-01-15T08:00:00Z</sub>

            """)
    }

    func testAProtectedWouldPruneNamesItsRuleInEveryFormat() throws {
        var change = ResourceChange(action: .wouldPrune, resource: ResourceRef(kind: .task, name: "billing", id: "0000000000000b03"))
        change.protectedBy = "influxsync.yaml:9"
        let plan = Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync", changes: [change])
        XCTAssertEqual(
            TextPlanRenderer.render(plan),
            """
            ? Task "billing" 0000000000000b03 (would prune)
                owned by "influxsync", declared by no manifest; protected by influxsync.yaml:9: --prune refuses to delete it

            No changes. Live state matches the manifests.
            1 owned resource declared by no manifest would be pruned with --prune.

            """)
        let json = JSONPlanRenderer.render(plan)
        XCTAssertEqual(
            json,
            """
            {
              "changes" : [
                {
                  "action" : "would-prune",
                  "fields" : [

                  ],
                  "fluxDiff" : null,
                  "labelsAdded" : [

                  ],
                  "labelsRemoved" : [

                  ],
                  "operations" : [

                  ],
                  "protectedBy" : "influxsync.yaml:9",
                  "resource" : {
                    "id" : "0000000000000b03",
                    "kind" : "Task",
                    "location" : null,
                    "name" : "billing"
                  }
                }
              ],
              "findings" : [

              ],
              "formatVersion" : 1,
              "hasChanges" : false,
              "ignored" : [

              ],
              "orgID" : "0a0b0c0d0e0f1011",
              "ownerLabel" : "influxsync",
              "summary" : {
                "add" : 0,
                "adopt" : 0,
                "change" : 0,
                "convert" : 0,
                "destroy" : 0,
                "kept" : 0,
                "wouldPrune" : 1
              },
              "unmanaged" : [

              ]
            }

            """)
        let outcome = try SchemaValidator.validate(json: json, schema: "plan.schema.json")
        XCTAssertEqual(outcome.output, "")
        XCTAssertEqual(outcome.exitCode, 0)
        XCTAssertEqual(
            MarkdownPlanRenderer.render(plan),
            """
            ## influxsync plan

            **No changes. Live state matches the manifests.**

            | Add | Change | Destroy | Adopt | Would prune |
            |---:|---:|---:|---:|---:|
            | 0 | 0 | 0 | 0 | 1 |

            <details>
            <summary><code>?</code> <b>would-prune</b> Task <code>billing</code></summary>

            ID <code>0000000000000b03</code>

            Owned but declared by no manifest; protected by <code>influxsync.yaml:9</code>: `--prune` refuses to delete it.

            </details>

            <sub>org <code>0a0b0c0d0e0f1011</code> · owner label <code>influxsync</code> · rendered by influxsync</sub>

            """)
    }
}
