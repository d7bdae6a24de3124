import Foundation
import XCTest

@testable import InfluxHTTPClient

/// A server's error message is cut to 500 characters (and its code to 100) whether it comes
/// as InfluxDB's JSON envelope or as plain text: a megabyte of `message` was printed whole.
final class ErrorMessageLengthTests: XCTestCase {
    func testALongJSONMessageAndCodeAreCutLikeAPlainTextBody() throws {
        let long = String(repeating: "M", count: 1_000_000)
        let body = try JSONSerialization.data(withJSONObject: ["code": String(repeating: "c", count: 1_000), "message": long])
        let error = InfluxHTTPClient.apiError(method: "GET", target: "/api/v2/orgs", status: 400, body: body, contentType: "application/json")
        XCTAssertEqual(error.message, String(repeating: "M", count: 500) + "…")
        XCTAssertEqual(error.code, String(repeating: "c", count: 100) + "…")
        let plain = InfluxHTTPClient.apiError(method: "GET", target: "/api/v2/orgs", status: 400, body: Data(long.utf8), contentType: "text/plain")
        XCTAssertEqual(plain.message, error.message)
        let short = InfluxHTTPClient.apiError(
            method: "GET", target: "/api/v2/orgs", status: 404, body: Data(#"{"code":"not found","message":"organization not found"}"#.utf8))
        XCTAssertEqual(short.message, "organization not found", "a usual message is unchanged")
        XCTAssertEqual(short.code, "not found")
    }
}

/// `Retry-After` as the client reads it: whole seconds; a number too large for an `Int` is as
/// long as can be (refused as too long), not absent (it was retried after the backoff).
final class RetryAfterParsingTests: XCTestCase {
    func testRetryAfterSeconds() {
        XCTAssertEqual(RetryPolicy.retryAfterSeconds(" 7 "), 7)
        XCTAssertEqual(RetryPolicy.retryAfterSeconds("0"), 0)
        XCTAssertEqual(RetryPolicy.retryAfterSeconds("99999999999999999999999"), Int.max)
        for absent in [nil, "", "-1", "soon", "Wed, 21 Oct 2015 07:28:00 GMT", "1.5"] {
            XCTAssertNil(RetryPolicy.retryAfterSeconds(absent), absent ?? "nil")
        }
    }
}
