import Foundation
import InfluxAPI
import InfluxHTTPClient
import XCTest

/// `listBuckets` and `listSecretKeys` of the HTTP client against a stub server (the sandbox
/// serves neither yet): the exact requests, paging by `offset` until an empty page (§17.3),
/// and errors a caller can degrade to a warning (§18).
final class BucketAndSecretClientTests: XCTestCase {
    static let orgID = "0000000000000aaa"

    /// Buckets `b000`… with IDs `…0001`…, as a server would page them (`offset`, `limit`).
    static func bucketPages(count: Int, dropEveryThird: Bool = false) -> @Sendable (String, String) -> (status: Int, body: String) {
        { _, target in
            let components = URLComponents(string: target)
            let items = components?.queryItems ?? []
            let offset = Int(items.first { $0.name == "offset" }?.value ?? "0") ?? 0
            let limit = Int(items.first { $0.name == "limit" }?.value ?? "20") ?? 20
            let page = (min(offset, count)..<min(count, offset + limit)).filter { !dropEveryThird || $0 % 3 != 0 }
            let buckets = page.map { String(format: #"{"id":"%016x","orgID":"%@","type":"user","name":"b%03d","retentionRules":[],"labels":[]}"#, $0 + 1, orgID, $0) }
            return (200, #"{"links":{"self":"/api/v2/buckets"},"buckets":["# + buckets.joined(separator: ",") + "]}")
        }
    }

    private func withClient(
        _ answer: @escaping @Sendable (String, String) -> (status: Int, body: String),
        _ body: (InfluxHTTPClient, StubHTTPServer) async throws -> Void
    ) async throws {
        let stub = try StubHTTPServer(answer: answer)
        let client = try InfluxHTTPClient(baseURL: stub.baseURL, token: "secret", retryPolicy: .none)
        do {
            try await body(client, stub)
        } catch {
            try? await client.shutdown()
            stub.stop()
            throw error
        }
        try await client.shutdown()
        stub.stop()
    }

    func testBucketsArePagedByOffsetUntilAnEmptyPage() async throws {
        try await withClient(Self.bucketPages(count: 230)) { client, stub in
            let buckets = try await client.listBuckets(orgID: Self.orgID)
            XCTAssertEqual(buckets.count, 230)
            XCTAssertEqual(buckets.first, InfluxBucket(id: "0000000000000001", name: "b000"))
            XCTAssertEqual(buckets.last, InfluxBucket(id: "00000000000000e6", name: "b229"))
            XCTAssertEqual(
                stub.requests,
                [
                    "GET /api/v2/buckets?orgID=0000000000000aaa&limit=100&offset=0",
                    "GET /api/v2/buckets?orgID=0000000000000aaa&limit=100&offset=100",
                    "GET /api/v2/buckets?orgID=0000000000000aaa&limit=100&offset=200",
                    "GET /api/v2/buckets?orgID=0000000000000aaa&limit=100&offset=300",
                ])
        }
    }

    /// The server filters unreadable buckets after paging: a short page is not the end.
    func testAShortPageDoesNotEndTheList() async throws {
        try await withClient(Self.bucketPages(count: 150, dropEveryThird: true)) { client, stub in
            let buckets = try await client.listBuckets(orgID: Self.orgID)
            XCTAssertEqual(buckets.count, 100)
            XCTAssertEqual(buckets.map(\.name).last, "b149")
            XCTAssertEqual(stub.requests.count, 3)
        }
    }

    func testAServerThatIgnoresTheOffsetIsAskedTwice() async throws {
        try await withClient({ _, _ in (200, #"{"buckets":[{"id":"0000000000000001","name":"_tasks"},{"id":"0000000000000002","name":"telegraf"}]}"#) }) { client, stub in
            let buckets = try await client.listBuckets(orgID: Self.orgID)
            XCTAssertEqual(buckets, [InfluxBucket(id: "0000000000000001", name: "_tasks"), InfluxBucket(id: "0000000000000002", name: "telegraf")])
            XCTAssertEqual(stub.requests.count, 2)
        }
    }

    func testSecretKeysAreOneRequest() async throws {
        let body = #"{"links":{"org":"/api/v2/orgs/0000000000000aaa","self":"/api/v2/orgs/0000000000000aaa/secrets"},"secrets":["API_KEY","SLACK_TOKEN"]}"#
        try await withClient({ _, _ in (200, body) }) { client, stub in
            let keys = try await client.listSecretKeys(orgID: Self.orgID)
            XCTAssertEqual(keys, ["API_KEY", "SLACK_TOKEN"])
            XCTAssertEqual(stub.requests, ["GET /api/v2/orgs/0000000000000aaa/secrets"])
        }
    }

    func testRefusalsAreDistinguishable() async throws {
        let answers: @Sendable (String, String) -> (status: Int, body: String) = { _, target in
            if target.hasPrefix("/api/v2/orgs/0000000000000aaa/secrets") {
                return (401, #"{"code":"unauthorized","message":"read:orgs/0000000000000aaa/secrets is unauthorized"}"#)
            }
            if target.hasPrefix("/api/v2/orgs/0000000000000bbb/secrets") {
                return (404, #"{"code":"not found","message":"404 page not found"}"#)
            }
            return (500, #"{"code":"internal error","message":"boom"}"#)
        }
        try await withClient(answers) { client, _ in
            do {
                _ = try await client.listSecretKeys(orgID: Self.orgID)
                XCTFail("no error")
            } catch let error as InfluxAPIError {
                XCTAssertEqual(error.description, "GET /api/v2/orgs/0000000000000aaa/secrets: 401 unauthorized: read:orgs/0000000000000aaa/secrets is unauthorized")
                XCTAssertTrue(error.isAccessRefusal)
            }
            do {
                _ = try await client.listSecretKeys(orgID: "0000000000000bbb")
                XCTFail("no error")
            } catch let error as InfluxAPIError {
                XCTAssertEqual([error.status, error.isAccessRefusal ? 1 : 0], [404, 1])
            }
            do {
                _ = try await client.listBuckets(orgID: Self.orgID)
                XCTFail("no error")
            } catch let error as InfluxAPIError {
                XCTAssertEqual(error.description, "GET /api/v2/buckets?orgID=0000000000000aaa&limit=100&offset=0: 500 internal error: boom")
                XCTAssertFalse(error.isAccessRefusal)
            }
        }
    }
}
