import Foundation
import NIOCore
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

    /// A decoding error names where the answer went wrong as a JSON path, not in the
    /// decoder's words (`orgs.Index 0.id`).
    func testDecodingErrorsNameAJSONPath() throws {
        struct Org: Decodable { var id: String }
        struct Orgs: Decodable { var orgs: [Org] }
        XCTAssertThrowsError(try JSONDecoder().decode(Orgs.self, from: Data(#"{"orgs": [{"id": 5}]}"#.utf8))) { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(InfluxHTTPClient.jsonPath(context.codingPath), "orgs[0].id")
        }
    }

    /// An answer past the body cap is named as such, not as "the request failed … is InfluxDB
    /// running there?".
    func testAnAnswerPastTheCapIsNamed() {
        let described = TransportFailure.describe(NIOTooManyBytesError(maxBytes: InfluxHTTPClient.maxAnswerBytes), baseURL: "http://db:8086")
        XCTAssertEqual(described.message, "http://db:8086 answered with more than 256 MiB, more than influxsync reads")
        XCTAssertEqual(
            described.hint, "no InfluxDB answer is that large: check that --host or INFLUX_HOST names InfluxDB itself, not another service or a proxy's page")
    }

    func testABodyThatDoesNotStartWithLinksGivesNil() {
        XCTAssertNil(TasksLinksEnvelope.leading(in: Data(#"{"tasks":[],"links":{"next":"/x?after=1"}}"#.utf8)))
        XCTAssertNil(TasksLinksEnvelope.leading(in: Data(#"{"links":{"next":"/x?after=1""#.utf8)), "cut short")
        XCTAssertNil(TasksLinksEnvelope.leading(in: Data("[]".utf8)))
        XCTAssertNil(TasksLinksEnvelope.leading(in: Data()))
    }
}
