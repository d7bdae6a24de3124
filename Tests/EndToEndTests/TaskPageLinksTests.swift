import Foundation
import XCTest

@testable import InfluxHTTPClient

/// The early read of a task page's `links.next` (§5.4): only the leading `links` member is
/// decoded, as the whole body would give it; anything else falls back to the whole body.
final class TaskPageLinksTests: XCTestCase {
    func testLeadingLinksAreReadFromTheirOwnBytesWithEscapes() throws {
        let body = Data(#"{"links":{"self":"/api/v2/tasks?limit=2\u0026orgID=aa","next":"/api/v2/tasks?after=11bf\"x}\u0026limit=2"},"tasks":[{"id":"1"}]}"#.utf8)
        let leading = try XCTUnwrap(TasksLinksEnvelope.leading(in: body))
        XCTAssertEqual(leading.links?.next, "/api/v2/tasks?after=11bf\"x}&limit=2")
        let whole = try JSONDecoder().decode(TasksLinksEnvelope.self, from: body)
        XCTAssertEqual(leading.links?.next, whole.links?.next)
    }

    func testSpacesAndNoNextAreKept() throws {
        let body = Data("  {\n \"links\" : { \"self\": \"/api/v2/tasks\" } , \"tasks\": [] }".utf8)
        let leading = try XCTUnwrap(TasksLinksEnvelope.leading(in: body))
        XCTAssertNotNil(leading.links)
        XCTAssertNil(leading.links?.next)
    }

    func testABodyThatDoesNotStartWithLinksGivesNil() {
        XCTAssertNil(TasksLinksEnvelope.leading(in: Data(#"{"tasks":[],"links":{"next":"/x?after=1"}}"#.utf8)))
        XCTAssertNil(TasksLinksEnvelope.leading(in: Data(#"{"links":{"next":"/x?after=1""#.utf8)), "cut short")
        XCTAssertNil(TasksLinksEnvelope.leading(in: Data("[]".utf8)))
        XCTAssertNil(TasksLinksEnvelope.leading(in: Data()))
    }
}
