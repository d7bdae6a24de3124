import Foundation
import InfluxAPI
import XCTest

@testable import InfluxSync

/// Issue 9: `apply --format json` prints one document, checked against `schemas/apply.schema.json`.
final class JSONApplyRendererTests: XCTestCase {
    /// A failed apply of the every-kind plan: the first change done, the second failed (400 from
    /// the server), one partially done, the rest not attempted.
    static var failedResult: ApplyResult {
        let plan = CIFixtures.everyKindPlan
        let withOps = plan.changes.filter { !$0.operations.isEmpty }
        var outcomes: [(change: ResourceChange, outcome: ApplyResult.Outcome)] = []
        for (index, change) in withOps.enumerated() {
            let outcome: ApplyResult.Outcome = index == 0 ? .done : index == 1 ? .failed : index == 2 ? .partial : .notAttempted
            outcomes.append((change, outcome))
        }
        let failed = withOps[1]
        let failure = ApplyFailure(
            resource: failed.resource, operation: failed.operations[0], path: "/api/v2/labels/0000000000000a01",
            message: "400 invalid: label name is empty", status: 400, code: "invalid", reason: "label name is empty")
        return ApplyResult(outcomes: outcomes, failure: failure)
    }

    func testFailedApplyValidatesAgainstTheSchemaAndNamesEachOutcome() throws {
        let json = JSONApplyRenderer.render(plan: CIFixtures.everyKindPlan, result: Self.failedResult)
        let outcome = try SchemaValidator.validate(json: json, schema: "apply.schema.json")
        XCTAssertEqual(outcome.output, "")
        XCTAssertEqual(outcome.exitCode, 0)

        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["result"] as? String, "failed")
        XCTAssertEqual(object["summary"] as? [String: Int], ["done": 1, "partiallyDone": 1, "failed": 1, "notAttempted": 5])
        let outcomes = try XCTUnwrap(object["outcomes"] as? [[String: Any]])
        XCTAssertEqual(
            outcomes.map { $0["outcome"] as? String }, ["done", "failed", "partially done", "not attempted", "not attempted", "not attempted", "not attempted", "not attempted"])
        XCTAssertEqual(outcomes.map { $0["action"] as? String }, ["create", "update", "create", "update", "adopt", "delete", "delete", "convert"])
        let failure = try XCTUnwrap(object["failure"] as? [String: Any])
        XCTAssertEqual(failure["method"] as? String, "PATCH")
        XCTAssertEqual(failure["path"] as? String, "/api/v2/labels/0000000000000a01")
        XCTAssertEqual(failure["status"] as? Int, 400)
        XCTAssertEqual(failure["code"] as? String, "invalid")
        XCTAssertEqual(failure["message"] as? String, "label name is empty")
        XCTAssertEqual((failure["resource"] as? [String: Any])?["name"] as? String, "prod")
        // The plan is embedded exactly as `plan --format json` prints it.
        let plan = try XCTUnwrap(object["plan"] as? [String: Any])
        let planAlone = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(JSONPlanRenderer.render(CIFixtures.everyKindPlan).utf8)) as? NSDictionary)
        XCTAssertEqual(plan as NSDictionary, planAlone)
    }

    func testNoChangesAndSuccessValidate() throws {
        let empty = Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync")
        let none = JSONApplyRenderer.render(plan: empty, result: nil)
        XCTAssertEqual(try SchemaValidator.validate(json: none, schema: "apply.schema.json").output, "")
        XCTAssertTrue(none.contains("\"result\" : \"no changes\""), none)
        XCTAssertTrue(none.contains("\"failure\" : null"), none)

        let plan = CIFixtures.everyKindPlan
        let done = ApplyResult(outcomes: plan.changes.filter { !$0.operations.isEmpty }.map { ($0, .done) }, failure: nil)
        let applied = JSONApplyRenderer.render(plan: plan, result: done)
        XCTAssertEqual(try SchemaValidator.validate(json: applied, schema: "apply.schema.json").output, "")
        XCTAssertTrue(applied.contains("\"result\" : \"applied\""), applied)
    }

    /// The validator really rejects: an unknown outcome, and a wrong action inside the embedded
    /// plan (checked through `plan.schema.json`).
    func testSchemaRejectsAWrongDocument() throws {
        var json = JSONApplyRenderer.render(plan: CIFixtures.everyKindPlan, result: Self.failedResult)
        json = json.replacingOccurrences(of: "\"outcome\" : \"partially done\"", with: "\"outcome\" : \"half\"")
        json = json.replacingOccurrences(of: "\"action\" : \"would-prune\"", with: "\"action\" : \"explode\"")
        let outcome = try SchemaValidator.validate(json: json, schema: "apply.schema.json")
        XCTAssertEqual(outcome.exitCode, 1)
        XCTAssertEqual(
            outcome.output,
            """
            /outcomes/2/outcome: 'half' is not one of ['done', 'partially done', 'failed', 'not attempted']
            /plan/changes/7/action: 'explode' is not one of ['create', 'update', 'adopt', 'delete', 'would-prune', 'kept', 'convert']

            """)
    }
}
