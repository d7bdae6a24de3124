import Foundation
import InfluxAPI
import XCTest

/// A run's `id` and `taskID` go into later request paths (`…/runs/{runID}/retry`) and into
/// printed lines, so a run whose ID is not an InfluxDB ID (16 lowercase hex digits, §1.1) is
/// refused where the answer is decoded: a hostile server's `"r\n::error::x"` or `".."` never
/// reaches a URL or a terminal.
final class RunDecodingTests: XCTestCase {
    private func decode(id: String, taskID: String = "00000000000000c1") throws -> InfluxRun {
        let object: [String: String] = ["id": id, "taskID": taskID, "status": "failed", "scheduledFor": "2026-12-07T10:00:00Z"]
        return try JSONDecoder().decode(InfluxRun.self, from: try JSONSerialization.data(withJSONObject: object))
    }

    func testARunWithAnInfluxDBIDDecodes() throws {
        let run = try decode(id: "00000000000000f1")
        XCTAssertEqual(run, InfluxRun(id: "00000000000000f1", taskID: "00000000000000c1", status: "failed", scheduledFor: "2026-12-07T10:00:00Z"))
        XCTAssertEqual(try JSONDecoder().decode(InfluxRun.self, from: try JSONEncoder().encode(run)), run, "what the sandbox encodes reads back")
    }

    func testARunWhoseIDIsNotAnInfluxDBIDIsRefusedAtThatField() {
        for (id, taskID, field) in [
            ("r\n::error::runid-injected", "00000000000000c1", "id"), ("..", "00000000000000c1", "id"), ("00000000000000F1", "00000000000000c1", "id"),
            ("00000000000000f1", "../../orgs", "taskID"),
        ] {
            XCTAssertThrowsError(try decode(id: id, taskID: taskID), id) { error in
                guard case .dataCorrupted(let context) = error as? DecodingError else { return XCTFail("\(error)") }
                XCTAssertEqual(context.codingPath.map(\.stringValue), [field], id)
            }
        }
    }
}
