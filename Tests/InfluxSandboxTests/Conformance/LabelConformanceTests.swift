import XCTest

/// influxdb-api.md §10: /api/v2/labels.
final class LabelConformanceTests: ConformanceTestCase, @unchecked Sendable {
    func testCreateReturns201WithLinksAndLabel() async throws {
        let name = unique("cpu")
        let r = try await request("POST", "/api/v2/labels", json: ["orgID": orgID, "name": name, "properties": ["color": "#ff0000", "description": "d"]])
        XCTAssertEqual(r.status, 201, r.text)
        let o = try r.object()
        let label = try XCTUnwrap(o["label"] as? [String: Any])
        let id = try XCTUnwrap(label["id"] as? String)
        XCTAssertEqual(o["links"] as? [String: String], ["self": "/api/v2/labels/\(id)"])
        XCTAssertEqual(label["name"] as? String, name)
        XCTAssertEqual(label["orgID"] as? String, orgID)
        XCTAssertEqual(label["properties"] as? [String: String], ["color": "#ff0000", "description": "d"])
        XCTAssertEqual(id.count, 16)
    }

    func testResponsesAreTabIndentedJSON() async throws {
        let r = try await request("POST", "/api/v2/labels", json: ["orgID": orgID, "name": unique("fmt")])
        XCTAssertTrue(r.text.hasPrefix("{\n\t\"links\": {\n\t\t\"self\": \"/api/v2/labels/"), r.text)
        XCTAssertTrue(r.text.hasSuffix("\n}\n"), r.text)
    }

    func testEmptyPropertiesAreOmitted() async throws {
        let label = try await createLabel(unique("bare"))
        XCTAssertNil(label["properties"])
    }

    func testNameIsTrimmed() async throws {
        let name = unique("trim")
        let label = try await createLabel("  \(name)\t")
        XCTAssertEqual(label["name"] as? String, name)
    }

    func testMissingNameIs400() async throws {
        let r = try await request("POST", "/api/v2/labels", json: ["orgID": orgID])
        try assertError(r, 400, "invalid", "label name is required")
    }

    func testMissingOrgIDIs400() async throws {
        let r = try await request("POST", "/api/v2/labels", json: ["name": unique("x")])
        try assertError(r, 400, "invalid", "orgID is required")
    }

    func testMalformedJSONIs400FailedToUnmarshal() async throws {
        let r = try await request("POST", "/api/v2/labels", body: "{")
        try assertError(r, 400, "invalid", "failed to unmarshal json: unexpected EOF")
    }

    func testMalformedOrgIDIs400FailedToUnmarshal() async throws {
        let r = try await request("POST", "/api/v2/labels", json: ["orgID": "123", "name": "x"])
        try assertError(r, 400, "invalid", "failed to unmarshal json: id must have a length of 16 bytes")
    }

    func testDuplicateNameIgnoringCaseAndSpacesIs422Conflict() async throws {
        let name = unique("dup")
        try await createLabel(name)
        let r = try await request("POST", "/api/v2/labels", json: ["orgID": orgID, "name": " \(name.uppercased()) "])
        try assertError(r, 422, "conflict", "label with name \(name.uppercased()) already exists")
    }

    func testSameNameInAnotherOrgIsAllowed() async throws {
        let sandbox = try requireSandbox()
        _ = sandbox
        let other = try await request("POST", "/sandbox/orgs", json: ["name": "other-org"])
        XCTAssertEqual(other.status, 201, other.text)
        let otherID = try XCTUnwrap(try other.object()["id"] as? String)
        try await createLabel("shared")
        let second = try await createLabel("shared", orgID: otherID)
        XCTAssertEqual(second["orgID"] as? String, otherID)
    }

    func testGetByID() async throws {
        let label = try await createLabel(unique("get"))
        let id = label.string("id")
        let r = try await request("GET", "/api/v2/labels/\(id)")
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(try r.object()["label"] as? [String: String], label as? [String: String])
    }

    func testGetUnknownIs404() async throws {
        try assertError(try await request("GET", "/api/v2/labels/0000000000000abc"), 404, "not found", "label not found")
    }

    func testGetMalformedIDIs400() async throws {
        try assertError(try await request("GET", "/api/v2/labels/abc"), 400, "invalid", "id must have a length of 16 bytes")
    }

    func testListFiltersByNameCaseInsensitiveAndOrdersByID() async throws {
        let name = unique("Listed")
        let a = try await createLabel(name)
        try await createLabel(unique("other"))
        let r = try await request("GET", "/api/v2/labels?orgID=\(orgID)&name=\(name.lowercased())")
        XCTAssertEqual(r.status, 200)
        let o = try r.object()
        XCTAssertEqual(o["links"] as? [String: String], ["self": "/api/v2/labels"])
        XCTAssertEqual((o["labels"] as? [[String: Any]])?.map { $0.string("id") }, [a.string("id")])
    }

    func testListWithMalformedOrgIDIgnoresTheFilter() async throws {
        let label = try await createLabel(unique("any"))
        let r = try await request("GET", "/api/v2/labels?orgID=zz")
        XCTAssertEqual(r.status, 200)
        let ids = (try r.object()["labels"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        XCTAssertTrue(ids.contains(label.string("id")))
        XCTAssertEqual(ids, ids.sorted())
    }

    func testListWithoutMatchesIsEmptyArray() async throws {
        let r = try await request("GET", "/api/v2/labels?orgID=\(orgID)&name=nothing-\(UInt32.random(in: 0...UInt32.max))")
        XCTAssertEqual(r.text, "{\n\t\"links\": {\n\t\t\"self\": \"/api/v2/labels\"\n\t},\n\t\"labels\": []\n}\n")
    }

    func testPatchMergesPropertiesAndEmptyValueDeletes() async throws {
        let label = try await createLabel(unique("props"), properties: ["color": "red", "description": "old", "keep": "k"])
        let id = label.string("id")
        let r = try await request("PATCH", "/api/v2/labels/\(id)", json: ["properties": ["color": "blue", "description": ""]])
        XCTAssertEqual(r.status, 200, r.text)
        let patched = try XCTUnwrap(try r.object()["label"] as? [String: Any])
        XCTAssertEqual(patched["properties"] as? [String: String], ["color": "blue", "keep": "k"])
        XCTAssertEqual(patched["name"] as? String, label["name"] as? String)
    }

    func testPatchWithEmptyObjectChangesNothing() async throws {
        let label = try await createLabel(unique("same"), properties: ["color": "red"])
        let r = try await request("PATCH", "/api/v2/labels/\(label.string("id"))", json: [:])
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(try r.object()["label"] as? NSDictionary, label as NSDictionary)
    }

    func testPatchRenameToCaseVariantOfItselfIsAllowed() async throws {
        let name = unique("case")
        let label = try await createLabel(name)
        let r = try await request("PATCH", "/api/v2/labels/\(label.string("id"))", json: ["name": name.uppercased()])
        XCTAssertEqual(r.status, 200, r.text)
        XCTAssertEqual((try r.object()["label"] as? [String: Any])?["name"] as? String, name.uppercased())
    }

    func testPatchRenameToAnotherLabelsNameIs422() async throws {
        let taken = unique("taken")
        try await createLabel(taken)
        let label = try await createLabel(unique("mine"))
        let r = try await request("PATCH", "/api/v2/labels/\(label.string("id"))", json: ["name": " \(taken) "])
        try assertError(r, 422, "conflict", "label with name \(taken) already exists")
    }

    func testPatchUnknownIs404() async throws {
        let r = try await request("PATCH", "/api/v2/labels/0000000000000abc", json: ["name": "x"])
        try assertError(r, 404, "not found", "label not found")
    }

    // [SRC] the PATCH handler does not wrap decode errors: raw JSON error text, status 500.
    func testPatchMalformedJSONIs500WithRawError() async throws {
        let label = try await createLabel(unique("bad"))
        let r = try await request("PATCH", "/api/v2/labels/\(label.string("id"))", body: "{")
        try assertError(r, 500, "internal error", "unexpected EOF")
    }

    func testDeleteIs204ThenGetIs404() async throws {
        let label = try await createLabel(unique("gone"))
        let id = label.string("id")
        let r = try await request("DELETE", "/api/v2/labels/\(id)")
        XCTAssertEqual(r.status, 204)
        XCTAssertEqual(r.body, [])
        try assertError(try await request("GET", "/api/v2/labels/\(id)"), 404, "not found", "label not found")
    }

    func testDeleteUnknownIs404() async throws {
        try assertError(try await request("DELETE", "/api/v2/labels/0000000000000abc"), 404, "not found", "label not found")
    }

    func testGoStyleHTMLEscapingInStrings() async throws {
        let r = try await request("POST", "/api/v2/labels", json: ["orgID": orgID, "name": "a<b>&c-\(UInt32.random(in: 0...UInt32.max))"])
        XCTAssertEqual(r.status, 201)
        XCTAssertTrue(r.text.contains("a\\u003cb\\u003e\\u0026c-"), r.text)
    }
}
