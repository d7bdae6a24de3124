import Foundation
import XCTest

@testable import InfluxSync

/// Findings that do not stop a plan (warnings, added by later server checks) travel in the
/// plan: text, JSON (schema-valid), Markdown, and saved plans, old ones included.
final class PlanFindingsRenderingTests: XCTestCase {
    private var plan: Plan {
        var plan = Plan(orgID: "0a0b0c0d0e0f1011", ownerLabel: "influxsync")
        plan.findings = [
            ScriptFinding(
                severity: .warning, code: ScriptFinding.Code(rawValue: "missing-bucket"), task: "cpu",
                location: SourceLocation(file: "tasks/cpu.yml", line: 9, column: 18),
                message: "bucket \"telegraf\" does not exist in the org", suggestion: "telegraf-raw")
        ]
        return plan
    }

    func testTextListsEachFindingBeforeTheClosingLine() {
        XCTAssertEqual(
            TextPlanRenderer.render(plan),
            """
            tasks/cpu.yml:9:18: warning: bucket "telegraf" does not exist in the org [missing-bucket] (task "cpu")
                hint: did you mean "telegraf-raw"?

            No changes. Live state matches the manifests.

            """)
    }

    func testJSONHasAFindingsArrayThatTheSchemaAccepts() throws {
        let json = JSONPlanRenderer.render(plan)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = try XCTUnwrap(object["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(findings[0]["code"] as? String, "missing-bucket")
        XCTAssertEqual(findings[0]["task"] as? String, "cpu")
        XCTAssertEqual(findings[0]["line"] as? Int, 9)
        XCTAssertEqual(findings[0]["column"] as? Int, 18)
        XCTAssertEqual(findings[0]["suggestion"] as? String, "telegraf-raw")
        XCTAssertEqual(try SchemaValidator.validate(json: json, schema: "plan.schema.json").exitCode, 0)
    }

    func testMarkdownHasAFindingsSection() {
        let markdown = MarkdownPlanRenderer.render(plan)
        XCTAssertTrue(
            markdown.contains(
                """

                ### Findings (1)

                - **warning** <code>missing-bucket</code> Task <code>cpu</code> at <code>tasks/cpu.yml:9:18</code>: bucket &quot;telegraf&quot; does not exist in the org (did you mean <code>telegraf-raw</code>?)

                """), markdown)
        XCTAssertFalse(MarkdownPlanRenderer.render(Plan(orgID: "0a0b0c0d0e0f1011", ownerLabel: "influxsync")).contains("Findings"))
    }

    func testSavedPlansKeepFindingsAndOldOnesHaveNone() throws {
        let data = try JSONEncoder().encode(plan)
        XCTAssertEqual(try JSONDecoder().decode(Plan.self, from: data), plan)
        let old = #"{"orgID": "0a0b0c0d0e0f1011", "ownerLabel": "influxsync", "changes": [], "unmanaged": []}"#
        XCTAssertEqual(try JSONDecoder().decode(Plan.self, from: Data(old.utf8)).findings, [])
    }
}
