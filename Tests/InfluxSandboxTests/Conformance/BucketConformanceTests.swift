import XCTest

/// influxdb-api.md §17: /api/v2/buckets.
final class BucketConformanceTests: ConformanceTestCase, @unchecked Sendable {
    func testOrgListHasSystemAndSeededBucketsInNameByteOrder() async throws {
        let r = try await request("GET", "/api/v2/buckets?orgID=\(orgID)")
        XCTAssertEqual(r.status, 200, r.text)
        XCTAssertTrue(r.text.hasPrefix("{\n\t\"links\": {\n\t\t\""), r.text)
        let list = try r.decoded(BucketList.self)
        XCTAssertEqual(list.buckets.map(\.name), ["_monitoring", "_tasks", "b", "conformance-bucket"])
        XCTAssertEqual(list.links, ["self": "/api/v2/buckets?descending=false&limit=20&offset=0&orgID=\(orgID)"])
        let monitoring = list.buckets[0], tasks = list.buckets[1], setup = list.buckets[3]
        XCTAssertEqual(monitoring.type, "system")
        XCTAssertEqual(monitoring.description, "System bucket for monitoring logs")
        XCTAssertEqual(monitoring.retentionRules, [.init(type: "expire", everySeconds: 604_800, shardGroupDurationSeconds: 86_400)])
        XCTAssertEqual(tasks.description, "System bucket for task logs")
        XCTAssertEqual(tasks.retentionRules, [.init(type: "expire", everySeconds: 259_200, shardGroupDurationSeconds: 86_400)])
        XCTAssertEqual(setup.type, "user")
        XCTAssertNil(setup.description)
        XCTAssertEqual(setup.retentionRules, [.init(type: "expire", everySeconds: 0, shardGroupDurationSeconds: 604_800)])
    }

    func testCreateAnswers201WithNormalizedRuleEmptyLabelsAndIDLinks() async throws {
        let r = try await request("POST", "/api/v2/buckets", json: ["orgID": orgID, "name": "raw", "type": "system", "description": "d"])
        XCTAssertEqual(r.status, 201, r.text)
        let b = try r.decoded(BucketBody.self)
        XCTAssertEqual(b.type, "user")
        XCTAssertEqual(b.description, "d")
        XCTAssertEqual(b.labels, [])
        XCTAssertEqual(b.retentionRules, [.init(type: "expire", everySeconds: 0, shardGroupDurationSeconds: 604_800)])
        XCTAssertEqual(b.links["write"], "/api/v2/write?org=\(orgID)&bucket=\(b.id)")
        XCTAssertTrue(r.text.contains("\\u0026bucket="), r.text)
        XCTAssertEqual(b.links["self"], "/api/v2/buckets/\(b.id)")
        let got = try await request("GET", "/api/v2/buckets/\(b.id)").decoded(BucketBody.self)
        XCTAssertEqual(got, b)
        XCTAssertFalse(r.text.contains("\"rp\""), "rp is omitted when empty: \(r.text)")
        // The v1 retention-policy name is kept and shown (§17.1); it was dropped.
        let withRP = try await request("POST", "/api/v2/buckets", json: ["orgID": orgID, "name": "v1", "rp": "autogen"])
        XCTAssertEqual(withRP.status, 201, withRP.text)
        XCTAssertTrue(withRP.text.contains("\"rp\": \"autogen\""), withRP.text)
        let listed = try await request("GET", "/api/v2/buckets?orgID=\(orgID)&name=v1").text
        XCTAssertTrue(listed.contains("\"rp\": \"autogen\""), listed)
    }

    func testShardGroupDefaultsFollowRetention() async throws {
        for (every, shard) in [(172_800, 86_400), (7200, 3600), (200 * 86_400, 604_800)] {
            let r = try await request("POST", "/api/v2/buckets", json: ["orgID": orgID, "name": "r\(every)", "retentionRules": [["everySeconds": every]]])
            XCTAssertEqual(try r.decoded(BucketBody.self).retentionRules, [.init(type: "expire", everySeconds: every, shardGroupDurationSeconds: shard)])
        }
        let raised = try await request("POST", "/api/v2/buckets", json: ["orgID": orgID, "name": "s", "retentionRules": [["everySeconds": 0, "shardGroupDurationSeconds": 60]]])
        XCTAssertEqual(try raised.decoded(BucketBody.self).retentionRules.first?.shardGroupDurationSeconds, 3600)
    }

    func testCreateErrorsInInfluxDBsOrderAndWords() async throws {
        try assertError(try await request("POST", "/api/v2/buckets", json: ["name": "x"]), 400, "invalid", "organization id must be provided")
        try assertError(try await request("POST", "/api/v2/buckets", body: "{"), 400, "invalid", "failed to unmarshal json: unexpected EOF")
        try assertError(
            try await request("POST", "/api/v2/buckets", json: ["orgID": orgID, "name": "_x"]), 400, "invalid",
            "bucket name _x is invalid. Buckets may not start with underscore")
        try assertError(
            try await request("POST", "/api/v2/buckets", json: ["orgID": orgID, "name": "a\"b"]), 400, "invalid",
            "bucket name a\"b is invalid. Bucket names may not include quotation marks")
        try assertError(try await request("POST", "/api/v2/buckets", json: ["orgID": "00000000000000ff", "name": "x"]), 404, "not found", "organization not found")
        try assertError(try await request("POST", "/api/v2/buckets", json: ["orgID": orgID, "name": "b"]), 422, "conflict", "bucket with name b already exists")
        try assertError(
            try await request("POST", "/api/v2/buckets", json: ["orgID": orgID, "name": "x", "retentionRules": [["everySeconds": 60]]]),
            500, "internal error", "retention policy duration must be at least 1h0m0s")
        try assertError(
            try await request("POST", "/api/v2/buckets", json: ["orgID": orgID, "name": "x", "retentionRules": [["everySeconds": 7200, "shardGroupDurationSeconds": 86_400]]]),
            500, "internal error", "retention policy duration must be greater than the shard duration")
        try assertError(
            try await request("POST", "/api/v2/buckets", json: ["orgID": orgID, "name": "x", "retentionRules": [["everySeconds": 3600], ["everySeconds": 7200]]]),
            422, "unprocessable entity", "buckets cannot have more than one retention rule at this time")
        try assertError(
            try await request("POST", "/api/v2/buckets", json: ["orgID": orgID, "name": "x", "retentionRules": [["everySeconds": -1]]]),
            422, "unprocessable entity", "expiration seconds cannot be negative")
    }

    func testNameAndIDLookups() async throws {
        let found = try await request("GET", "/api/v2/buckets?org=\(target.orgName)&name=b").decoded(BucketList.self)
        XCTAssertEqual(found.buckets.map(\.name), ["b"])
        XCTAssertEqual(found.links["self"], "/api/v2/buckets?bucket=b&descending=false&limit=20&offset=0&org=\(target.orgName)")
        try assertError(try await request("GET", "/api/v2/buckets?orgID=\(orgID)&name=nope"), 404, "not found", "bucket \"nope\" not found")
        try assertError(try await request("GET", "/api/v2/buckets?org=no-such-org"), 404, "not found", "organization name \"no-such-org\" not found")
        try assertError(try await request("GET", "/api/v2/buckets?id=00000000000000ff"), 404, "not found", "bucket not found")
        try assertError(try await request("GET", "/api/v2/buckets/00000000000000ff"), 404, "not found", "bucket not found")
        let unknownOrg = try await request("GET", "/api/v2/buckets?orgID=00000000000000ff").decoded(BucketList.self)
        XCTAssertEqual(unknownOrg.buckets, [])
        let anyOrg = try await request("GET", "/api/v2/buckets?name=conformance-bucket").decoded(BucketList.self)
        XCTAssertEqual(anyOrg.buckets.map(\.name), ["conformance-bucket"])
        try assertError(try await request("GET", "/api/v2/buckets?limit=101"), 400, "invalid", "limit must be between 1 and 100")
    }

    func testPagingLinks() async throws {
        let first = try await request("GET", "/api/v2/buckets?orgID=\(orgID)&limit=2").decoded(BucketList.self)
        XCTAssertEqual(first.buckets.map(\.name), ["_monitoring", "_tasks"])
        XCTAssertEqual(first.links["next"], "/api/v2/buckets?descending=false&limit=2&offset=2&orgID=\(orgID)")
        XCTAssertNil(first.links["prev"])
        let second = try await request("GET", "/api/v2/buckets?orgID=\(orgID)&limit=2&offset=2").decoded(BucketList.self)
        XCTAssertEqual(second.buckets.map(\.name), ["b", "conformance-bucket"])
        XCTAssertEqual(second.links["prev"], "/api/v2/buckets?descending=false&limit=2&offset=0&orgID=\(orgID)")
        let after = try await request("GET", "/api/v2/buckets?orgID=\(orgID)&after=\(first.buckets[1].id)").decoded(BucketList.self)
        XCTAssertEqual(after.buckets.map(\.name), ["b", "conformance-bucket"])
    }

    func testPatchAndDelete() async throws {
        let b = try await request("POST", "/api/v2/buckets", json: ["orgID": orgID, "name": "old"]).decoded(BucketBody.self)
        let patched = try await request("PATCH", "/api/v2/buckets/\(b.id)", json: ["name": "new", "description": "x", "retentionRules": [["everySeconds": 604_800]]])
        XCTAssertEqual(patched.status, 200, patched.text)
        let p = try patched.decoded(BucketBody.self)
        XCTAssertEqual(p.name, "new")
        XCTAssertEqual(p.description, "x")
        XCTAssertEqual(p.retentionRules, [.init(type: "expire", everySeconds: 604_800, shardGroupDurationSeconds: 604_800)])
        try assertError(try await request("PATCH", "/api/v2/buckets/\(b.id)", json: ["name": "b"]), 422, "conflict", "bucket name is not unique")
        try assertError(
            try await request("PATCH", "/api/v2/buckets/\(b.id)", json: ["retentionRules": [["everySeconds": 7200]]]),
            422, "unprocessable entity", "shard-group duration must also be updated to be smaller than new retention duration")
        try assertError(
            try await request("PATCH", "/api/v2/buckets/\(b.id)", json: ["retentionRules": [["everySeconds": 60]]]),
            500, "internal error", "retention policy duration must be at least 1h0m0s")
        let system = try await request("GET", "/api/v2/buckets?orgID=\(orgID)&name=_tasks").decoded(BucketList.self).buckets[0]
        try assertError(try await request("PATCH", "/api/v2/buckets/\(system.id)", json: ["name": "tasks"]), 400, "invalid", "system buckets cannot be renamed")
        try assertError(try await request("DELETE", "/api/v2/buckets/\(system.id)"), 400, "invalid", "system buckets cannot be deleted")
        let deleted = try await request("DELETE", "/api/v2/buckets/\(b.id)")
        XCTAssertEqual(deleted.status, 204)
        try assertError(try await request("DELETE", "/api/v2/buckets/\(b.id)"), 404, "not found", "bucket not found")
    }

    func testBucketLabels() async throws {
        let b = try await request("POST", "/api/v2/buckets", json: ["orgID": orgID, "name": "labelled"]).decoded(BucketBody.self)
        let label = try await createLabel("env")
        let labelID = try XCTUnwrap(label["id"] as? String)
        let added = try await request("POST", "/api/v2/buckets/\(b.id)/labels", json: ["labelID": labelID])
        XCTAssertEqual(added.status, 201, added.text)
        try assertError(
            try await request("POST", "/api/v2/buckets/\(b.id)/labels", json: ["labelID": labelID]),
            422, "conflict", "Cannot add label, label already exists on resource")
        let got = try await request("GET", "/api/v2/buckets/\(b.id)").decoded(BucketBody.self)
        XCTAssertEqual(got.labels, [LabelBody(id: labelID, name: "env")])
        let patched = try await request("PATCH", "/api/v2/buckets/\(b.id)", json: ["description": "x"]).decoded(BucketBody.self)
        XCTAssertEqual(patched.labels, [], "PATCH answers carry no labels (§17.1)")
        try assertError(try await request("DELETE", "/api/v2/buckets/\(b.id)/labels/00000000000000ff"), 404, "not found", "label not found")
        try assertError(try await request("GET", "/api/v2/buckets/00000000000000ff/labels"), 404, "not found", "404 page not found")
        let removed = try await request("DELETE", "/api/v2/buckets/\(b.id)/labels/\(labelID)")
        XCTAssertEqual(removed.status, 204)
        let listed = try await request("GET", "/api/v2/buckets/\(b.id)/labels")
        XCTAssertEqual(listed.status, 200, listed.text)
        XCTAssertEqual((try listed.object()["labels"] as? [Any])?.count, 0)
    }
}
