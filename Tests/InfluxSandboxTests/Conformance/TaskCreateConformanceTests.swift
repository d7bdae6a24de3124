import XCTest

/// influxdb-api.md §3–§4: POST /api/v2/tasks and the task object.
final class TaskCreateConformanceTests: ConformanceTestCase, @unchecked Sendable {
    func testCreateReturns201WithTheTaskObject() async throws {
        let flux = "option task = {name: \"cpu\", every: 1h}\nfrom(bucket:\"b\")|>range(start:-1h)"
        let r = try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "flux": flux, "description": "d"])
        XCTAssertEqual(r.status, 201, r.text)
        let t = try r.object()
        let id = try XCTUnwrap(t["id"] as? String)
        XCTAssertEqual(id.count, 16)
        XCTAssertEqual(t["orgID"] as? String, orgID)
        XCTAssertEqual(t["org"] as? String, target.orgName)
        XCTAssertEqual(t["name"] as? String, "cpu")
        XCTAssertEqual(t["description"] as? String, "d")
        XCTAssertEqual(t["status"] as? String, "active")
        XCTAssertEqual(t["flux"] as? String, flux, "flux is stored verbatim")
        XCTAssertEqual(t["every"] as? String, "1h")
        XCTAssertNil(t["cron"])
        XCTAssertNil(t["offset"])
        XCTAssertEqual((t["labels"] as? [Any])?.count, 0)
        XCTAssertNotNil(t["ownerID"] as? String)
        XCTAssertNil(t["updatedAt"])
        let links = try XCTUnwrap(t["links"] as? [String: String])
        XCTAssertEqual(
            links,
            [
                "self": "/api/v2/tasks/\(id)", "owners": "/api/v2/tasks/\(id)/owners", "members": "/api/v2/tasks/\(id)/members",
                "runs": "/api/v2/tasks/\(id)/runs", "logs": "/api/v2/tasks/\(id)/logs", "labels": "/api/v2/tasks/\(id)/labels",
            ])
    }

    func testTimestampsAreWholeSecondsAndLatestCompletedEqualsCreatedAt() async throws {
        let t = try await createTask(unique("ts"))
        let created = try XCTUnwrap(t["createdAt"] as? String)
        XCTAssertNotNil(created.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression), created)
        XCTAssertEqual(t["latestCompleted"] as? String, created)
    }

    func testFluxIsHTMLEscapedInTheRawBody() async throws {
        let r = try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "flux": script(unique("esc"))])
        XCTAssertTrue(r.text.contains("|\\u003e range"), r.text)
        XCTAssertTrue(r.text.hasSuffix("}\n"))
    }

    func testEmptyBodyIs400EOF() async throws {
        try assertError(try await request("POST", "/api/v2/tasks", body: ""), 400, "invalid", "failed to decode request: EOF")
    }

    func testMalformedJSONIs400() async throws {
        try assertError(try await request("POST", "/api/v2/tasks", body: "{\"flux\":"), 400, "invalid", "failed to decode request: unexpected EOF")
    }

    func testMissingFluxIs400() async throws {
        try assertError(try await request("POST", "/api/v2/tasks", json: ["orgID": orgID]), 400, "invalid", "failed to decode request: missing flux")
    }

    func testMissingOrgIs400() async throws {
        try assertError(
            try await request("POST", "/api/v2/tasks", json: ["flux": script("x")]), 400, "invalid",
            "failed to decode request: missing orgID and org")
    }

    func testInvalidStatusIs400() async throws {
        let r = try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "flux": script("x"), "status": "paused"])
        try assertError(r, 400, "invalid", "failed to decode request: invalid task status: \"paused\"")
    }

    func testMalformedOrgIDIs400() async throws {
        let r = try await request("POST", "/api/v2/tasks", json: ["orgID": "abc", "flux": script("x")])
        try assertError(r, 400, "invalid", "failed to decode request: id must have a length of 16 bytes")
    }

    func testUnknownOrgIDIs404() async throws {
        let r = try await request("POST", "/api/v2/tasks", json: ["orgID": "00000000000000aa", "flux": script("x")])
        try assertError(r, 404, "not found", "could not identify organization: organization not found")
    }

    func testUnknownOrgNameIs404() async throws {
        let r = try await request("POST", "/api/v2/tasks", json: ["org": "nope-org", "flux": script("x")])
        try assertError(r, 404, "not found", "could not identify organization: organization name \"nope-org\" not found")
    }

    func testOrgNameAloneResolvesTheOrg() async throws {
        let r = try await request("POST", "/api/v2/tasks", json: ["org": " \(target.orgName) ", "flux": script(unique("byname"))])
        XCTAssertEqual(r.status, 201, r.text)
        XCTAssertEqual(try r.object()["orgID"] as? String, orgID)
    }

    func testBothOrgAndUnknownOrgNameIs404WithoutPrefix() async throws {
        let r = try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "org": "nope-org", "flux": script("x")])
        try assertError(r, 404, "not found", "organization name \"nope-org\" not found")
    }

    func testNameEveryAndLabelsInTheBodyAreIgnored() async throws {
        let name = unique("fromflux")
        let r = try await request(
            "POST", "/api/v2/tasks",
            json: [
                "orgID": orgID, "flux": script(name, every: "5m"), "name": "ignored", "every": "1h", "labels": ["x"],
            ])
        XCTAssertEqual(r.status, 201, r.text)
        let t = try r.object()
        XCTAssertEqual(t["name"] as? String, name)
        XCTAssertEqual(t["every"] as? String, "5m")
    }

    func testInactiveStatusIsKept() async throws {
        let t = try await createTask(unique("off"), status: "inactive")
        XCTAssertEqual(t["status"] as? String, "inactive")
    }

    func testScriptWithoutOptionTaskIs400() async throws {
        let r = try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "flux": "from(bucket: \"b\") |> range(start: -1h)"])
        try assertError(r, 400, "invalid", "invalid options: no task options defined")
    }

    func testEveryIsReturnedAsWrittenNotNormalized() async throws {
        let t = try await createTask(unique("ninety"), every: "90m")
        XCTAssertEqual(t["every"] as? String, "90m")
    }

    func testOffsetIsNormalized() async throws {
        let t = try await createTask(unique("off"), flux: script(unique("offset"), extra: ", offset: 90s"))
        XCTAssertEqual(t["offset"] as? String, "1m30s")
    }

    func testCronTaskHasCronAndNoEvery() async throws {
        let flux = "option task = {name: \"c\", cron: \"0 * * * *\"}\nfrom(bucket: \"b\")"
        let t = try await createTask("c", flux: flux)
        XCTAssertEqual(t["cron"] as? String, "0 * * * *")
        XCTAssertNil(t["every"])
    }

    func testBothCronAndEveryIs400() async throws {
        let flux = "option task = {name: \"c\", cron: \"0 * * * *\", every: 1h}\nfrom(bucket: \"b\")"
        let r = try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "flux": flux])
        try assertError(r, 400, "invalid", "invalid options: cannot use both cron and every in task options")
    }

    func testMissingNameIs400() async throws {
        let r = try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "flux": "option task = {every: 1h}\nfrom(bucket: \"b\")"])
        try assertError(r, 400, "invalid", "invalid options: missing required option: name")
    }

    func testEveryBelowOneSecondIs400() async throws {
        let r = try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "flux": script("fast", every: "500ms")])
        try assertError(r, 400, "invalid", "invalid options: invalid options: every option must be at least 1 second")
    }

    func testOffsetInDaysIs500UnexpectedErrorParsingTime() async throws {
        let r = try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "flux": script("d", extra: ", offset: 1d")])
        try assertError(r, 500, "internal error", "unexpected error parsing time: time: unknown unit \"d\" in duration \"1d\"")
    }

    // [UNVERIFIED] exact Flux parser wording; only the prefix and status are asserted.
    func testSyntaxErrorIs400InvalidOptionsWithLocation() async throws {
        let r = try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "flux": "option task = {name: \"x\", every: 1h\nfrom("])
        XCTAssertEqual(r.status, 400, r.text)
        XCTAssertTrue((try r.envelope()["message"] ?? "").hasPrefix("invalid options: loc "), r.text)
    }

    func testOwnerIsTheTokensUser() async throws {
        let t1 = try await createTask(unique("o1"))
        let t2 = try await createTask(unique("o2"))
        XCTAssertEqual(t1["ownerID"] as? String, t2["ownerID"] as? String)
        let owners = try await request("GET", "/api/v2/tasks/\(t1.string("id"))/owners")
        XCTAssertEqual(owners.status, 200)
        // The creator is the task's ownerID only: no owner mapping is written (§4, 2.7).
        XCTAssertEqual((try owners.object()["users"] as? [Any])?.count, 0, owners.text)
    }

    func testTaskIDsIncreaseWithCreation() async throws {
        var ids: [String] = []
        for i in 0..<5 { ids.append(try await createTask(unique("mono\(i)")).string("id")) }
        XCTAssertEqual(ids, ids.sorted())
        XCTAssertEqual(Set(ids).count, 5)
    }
}
