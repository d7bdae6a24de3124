import Foundation
import InfluxAPI
import XCTest

@testable import InfluxSync

final class JSONPlanRendererTests: XCTestCase {
    func testEveryKindOfChangeValidatesAgainstTheSchema() throws {
        let json = JSONPlanRenderer.render(CIFixtures.everyKindPlan)
        let outcome = try SchemaValidator.validate(json: json, schema: "plan.schema.json")
        XCTAssertEqual(outcome.output, "")
        XCTAssertEqual(outcome.exitCode, 0)
    }

    /// The renderer writes `changes` element by element; the text must be the one-shot encoding's.
    func testChangeByChangeTextEqualsTheWholeDocumentEncoding() {
        XCTAssertEqual(JSONPlanRenderer.render(CIFixtures.everyKindPlan), encodeJSON(JSONPlanDocument(plan: CIFixtures.everyKindPlan)))
        let one = Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync", changes: Array(CIFixtures.everyKindPlan.changes.prefix(1)))
        XCTAssertEqual(JSONPlanRenderer.render(one), encodeJSON(JSONPlanDocument(plan: one)))
        XCTAssertGreaterThan(CIFixtures.everyKindPlan.changes.count, 5)
    }

    func testEmptyPlanValidatesAgainstTheSchema() throws {
        let json = JSONPlanRenderer.render(Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync"))
        let outcome = try SchemaValidator.validate(json: json, schema: "plan.schema.json")
        XCTAssertEqual(outcome.output, "")
        XCTAssertEqual(outcome.exitCode, 0)
    }

    /// The validator really rejects: an unknown action and a DELETE with a body are both named.
    func testSchemaRejectsAWrongDocument() throws {
        var json = JSONPlanRenderer.render(CIFixtures.everyKindPlan)
        json = json.replacingOccurrences(of: "\"action\" : \"would-prune\"", with: "\"action\" : \"explode\"")
        let outcome = try SchemaValidator.validate(json: json, schema: "plan.schema.json")
        XCTAssertEqual(outcome.exitCode, 1)
        XCTAssertEqual(outcome.output, "/changes/7/action: 'explode' is not one of ['create', 'update', 'adopt', 'delete', 'would-prune', 'kept', 'convert']\n")
    }

    func testStableFieldNamesAndNulls() throws {
        let plan = Plan(
            orgID: CIFixtures.orgID, ownerLabel: "influxsync",
            changes: [
                ResourceChange(
                    action: .update, resource: ResourceRef(kind: .task, name: "cpu", id: "0000000000000b01", location: CIFixtures.loc("cpu.yml", 2)),
                    fields: [FieldChange(field: "description", old: "x", new: nil)],
                    operations: [.updateTask(id: "0000000000000b01", TaskUpdateRequest(status: "active", description: ""))]),
                ResourceChange(
                    action: .delete, resource: ResourceRef(kind: .task, name: "old", id: "0000000000000b03"),
                    operations: [.deleteTask(id: "0000000000000b03")]),
            ])
        let expected = """
            {
              "changes" : [
                {
                  "action" : "update",
                  "fields" : [
                    {
                      "field" : "description",
                      "new" : null,
                      "old" : "x"
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
                        "description" : "",
                        "status" : "active"
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
                      "line" : 2
                    },
                    "name" : "cpu"
                  }
                },
                {
                  "action" : "delete",
                  "fields" : [

                  ],
                  "fluxDiff" : null,
                  "labelsAdded" : [

                  ],
                  "labelsRemoved" : [

                  ],
                  "operations" : [
                    {
                      "body" : null,
                      "method" : "DELETE",
                      "path" : "/api/v2/tasks/0000000000000b03",
                      "phase" : "taskDeletes"
                    }
                  ],
                  "resource" : {
                    "id" : "0000000000000b03",
                    "kind" : "Task",
                    "location" : null,
                    "name" : "old"
                  }
                }
              ],
              "findings" : [

              ],
              "formatVersion" : 1,
              "hasChanges" : true,
              "ignored" : [

              ],
              "orgID" : "0a0b0c0d0e0f1011",
              "ownerLabel" : "influxsync",
              "summary" : {
                "add" : 0,
                "adopt" : 0,
                "change" : 1,
                "convert" : 0,
                "destroy" : 1,
                "kept" : 0,
                "wouldPrune" : 0
              },
              "unmanaged" : [

              ]
            }

            """
        XCTAssertEqual(JSONPlanRenderer.render(plan), expected)
    }

    func testPlaceholdersInPathsAndLabelBodies() throws {
        let json = JSONPlanRenderer.render(CIFixtures.everyKindPlan)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let changes = try XCTUnwrap(object["changes"] as? [[String: Any]])
        let ops = try XCTUnwrap(changes[2]["operations"] as? [[String: Any]])
        XCTAssertEqual(ops.map { $0["path"] as? String }, ["/api/v2/tasks", "/api/v2/tasks/{new task \"downsample\"}/labels", "/api/v2/tasks/{new task \"downsample\"}/labels"])
        XCTAssertEqual(ops.map { ($0["body"] as? [String: Any])?["labelID"] as? String }, [nil, "0000000000000a00", "{new label \"team-a\"}"])
        XCTAssertFalse(json.contains("\u{1B}["), "no colour codes")
        // The created task's owner label is sent straight after the create, in the tasks
        // phase, and the plan says so (it used to say associations).
        XCTAssertEqual(ops.map { $0["phase"] as? String }, ["tasks", "tasks", "associations"])
    }

    /// `Plan.operations` is the order apply sends the requests one at a time.
    func testPlanOperationsFollowTheApplySchedule() {
        let plan = CIFixtures.everyKindPlan
        let scheduled = ApplySchedule(plan).phases.flatMap { $0.flatMap(\.operations) }
        XCTAssertEqual(plan.operations, scheduled)
    }
}
