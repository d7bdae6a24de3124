import Foundation
import InfluxAPI
import XCTest

@testable import InfluxSync

/// Owned duplicate tasks as the JSON and Markdown plans show them, and the Markdown plan's
/// leading deletion warning (issue 10 items 2 and 3).
final class DuplicateRenderingTests: XCTestCase {
    let plan = Plan(
        orgID: CIFixtures.orgID, ownerLabel: "influxsync",
        changes: [
            ResourceChange(
                action: .delete, resource: ResourceRef(kind: .task, name: "cpu", id: "0000000000000011", location: SourceLocation(file: "tasks.yml", line: 1, column: 1)),
                operations: [.deleteTask(id: "0000000000000011")], duplicateOf: "0000000000000010"),
            ResourceChange(action: .wouldPrune, resource: ResourceRef(kind: .task, name: "mem", id: "0000000000000013"), duplicateOf: "0000000000000012"),
        ])

    func testJSONPlanCarriesDuplicateOfAndValidatesAgainstTheSchema() throws {
        let json = JSONPlanRenderer.render(plan)
        let outcome = try SchemaValidator.validate(json: json, schema: "plan.schema.json")
        XCTAssertEqual(outcome.output, "")
        XCTAssertEqual(outcome.exitCode, 0)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let changes = try XCTUnwrap(document["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.map { $0["duplicateOf"] as? String }, ["0000000000000010", "0000000000000012"])
        XCTAssertEqual(changes.map { $0["action"] as? String }, ["delete", "would-prune"])
    }

    func testMarkdownPlanLeadsWithTheDeletionWarningAndMarksDuplicates() {
        let md = MarkdownPlanRenderer.render(plan)
        XCTAssertTrue(
            md.hasPrefix(
                """
                ## influxsync plan

                > [!WARNING]
                > **This plan deletes 1 resource:** Task <code>cpu</code>.

                **Plan: 0 to add, 0 to change, 1 to destroy.**

                """), md)
        XCTAssertTrue(md.contains("<summary><code>-</code> <b>delete</b> Task <code>cpu</code> (duplicate)</summary>"), md)
        XCTAssertTrue(md.contains("Owned copy of task <code>0000000000000010</code>, which is kept (several owned tasks matched one manifest): **will be deleted**."), md)
        XCTAssertTrue(md.contains("Owned copy of task <code>0000000000000012</code>, which is kept (several owned tasks matched one manifest): `--prune` would delete it."), md)
    }

    func testTextSummaryCountsDeletionsInRedOnATerminal() {
        let text = TextPlanRenderer.render(plan, color: true)
        XCTAssertTrue(text.contains("\u{1B}[1mPlan: 0 to add, 0 to change, \u{1B}[0m\u{1B}[1;31m1 to destroy\u{1B}[0m\u{1B}[1m.\u{1B}[0m\n"), text)
        XCTAssertTrue(TextPlanRenderer.render(plan).contains("Plan: 0 to add, 0 to change, 1 to destroy.\n"))
    }
}
