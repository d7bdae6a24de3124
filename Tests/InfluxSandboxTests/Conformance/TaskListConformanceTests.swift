import XCTest

/// influxdb-api.md §5: GET /api/v2/tasks.
final class TaskListConformanceTests: ConformanceTestCase, @unchecked Sendable {
    private func list(_ query: String) async throws -> (tasks: [[String: Any]], links: [String: String]) {
        let r = try await request("GET", "/api/v2/tasks?\(query)")
        XCTAssertEqual(r.status, 200, r.text)
        let o = try r.object()
        return (o["tasks"] as? [[String: Any]] ?? [], o["links"] as? [String: String] ?? [:])
    }

    func testLimitZeroIs400() async throws {
        try assertError(try await request("GET", "/api/v2/tasks?limit=0"), 400, "invalid", "failed to decode request: limit must be between 1 and 500")
    }

    func testLimitAbove500Is400() async throws {
        try assertError(try await request("GET", "/api/v2/tasks?limit=501"), 400, "invalid", "failed to decode request: limit must be between 1 and 500")
    }

    func testLimitMinusOneIsRejectedOnOSS() async throws {
        try assertError(try await request("GET", "/api/v2/tasks?limit=-1"), 400, "invalid", "failed to decode request: limit must be between 1 and 500")
    }

    func testNonIntegerLimitIs400() async throws {
        try assertError(
            try await request("GET", "/api/v2/tasks?limit=x"), 400, "invalid",
            "failed to decode request: strconv.Atoi: parsing \"x\": invalid syntax")
    }

    func testMalformedAfterIs400() async throws {
        try assertError(try await request("GET", "/api/v2/tasks?after=12"), 400, "invalid", "failed to decode request: id must have a length of 16 bytes")
    }

    func testMalformedOrgIDIs400() async throws {
        try assertError(try await request("GET", "/api/v2/tasks?orgID=zzzzzzzzzzzzzzzz"), 400, "invalid", "failed to decode request: invalid ID")
    }

    func testUnknownOrgNameIs400() async throws {
        try assertError(
            try await request("GET", "/api/v2/tasks?org=nope-org"), 400, "invalid",
            "failed to decode request: organization name \"nope-org\" not found")
    }

    func testInvalidTypeIs400() async throws {
        try assertError(try await request("GET", "/api/v2/tasks?type=check"), 400, "invalid", "failed to decode request: \"check\" is not a valid task type")
    }

    func testUnknownButWellFormedOrgIDGivesEmptyList() async throws {
        let r = try await request("GET", "/api/v2/tasks?orgID=00000000000000ab")
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual((try r.object()["tasks"] as? [Any])?.count, 0)
    }

    func testDefaultSelfLinkShowsLimit100() async throws {
        let (_, links) = try await list("orgID=\(orgID)")
        XCTAssertEqual(links["self"], "/api/v2/tasks?limit=100&orgID=\(orgID)")
    }

    func testSelfLinkWithOrgNameShowsOrgAndResolvedOrgIDButNotNameStatusType() async throws {
        let (_, links) = try await list("org=\(target.orgName)&name=x&status=active&type=basic")
        XCTAssertEqual(links["self"], "/api/v2/tasks?limit=100&org=\(target.orgName)&orgID=\(orgID)")
        XCTAssertNil(links["next"])
    }

    func testOrderedByIDWithNextLinkExactlyWhenPageIsFull() async throws {
        let name = unique("page")
        var ids: [String] = []
        for _ in 0..<3 { ids.append(try await createTask(name).string("id")) }
        let first = try await list("orgID=\(orgID)&name=\(name)&limit=2")
        XCTAssertEqual(first.tasks.map { $0.string("id") }, Array(ids.prefix(2)))
        XCTAssertEqual(first.links["next"], "/api/v2/tasks?after=\(ids[1])&limit=2&orgID=\(orgID)")
        let second = try await list("orgID=\(orgID)&name=\(name)&limit=2&after=\(ids[1])")
        XCTAssertEqual(second.tasks.map { $0.string("id") }, [ids[2]])
        XCTAssertEqual(second.links["self"], "/api/v2/tasks?after=\(ids[1])&limit=2&orgID=\(orgID)")
        XCTAssertNil(second.links["next"])
    }

    func testFinalFullPageStillHasNextLeadingToEmptyPage() async throws {
        let name = unique("full")
        var ids: [String] = []
        for _ in 0..<2 { ids.append(try await createTask(name).string("id")) }
        let page = try await list("orgID=\(orgID)&name=\(name)&limit=2")
        XCTAssertNotNil(page.links["next"])
        let empty = try await list("orgID=\(orgID)&name=\(name)&limit=2&after=\(ids[1])")
        XCTAssertEqual(empty.tasks.count, 0)
        XCTAssertNil(empty.links["next"])
    }

    // [UNVERIFIED at runtime; SRC] the cursor drops the first key ≥ after even when after does not exist.
    func testAfterADeletedIDSkipsTheNextTaskToo() async throws {
        let name = unique("skip")
        var ids: [String] = []
        for _ in 0..<4 { ids.append(try await createTask(name).string("id")) }
        let awaited31 = try await request("DELETE", "/api/v2/tasks/\(ids[1])").status
        XCTAssertEqual(awaited31, 204)
        let page = try await list("orgID=\(orgID)&name=\(name)&after=\(ids[1])")
        XCTAssertEqual(page.tasks.map { $0.string("id") }, [ids[3]])
    }

    func testNameFilterIsExactAndCaseSensitive() async throws {
        let name = unique("Exact")
        let t = try await createTask(name)
        try await createTask(name.lowercased())
        let page = try await list("orgID=\(orgID)&name=\(name)")
        XCTAssertEqual(page.tasks.map { $0.string("id") }, [t.string("id")])
    }

    func testStatusFilter() async throws {
        let name = unique("st")
        let active = try await createTask(name)
        let inactive = try await createTask(name, status: "inactive")
        let awaited30 = try await list("orgID=\(orgID)&name=\(name)&status=inactive").tasks.map { $0.string("id") }
        XCTAssertEqual(awaited30, [inactive.string("id")])
        let awaited29 = try await list("orgID=\(orgID)&name=\(name)&status=active").tasks.map { $0.string("id") }
        XCTAssertEqual(awaited29, [active.string("id")])
    }

    func testUnknownStatusValueIsIgnored() async throws {
        let name = unique("any")
        try await createTask(name)
        try await createTask(name, status: "inactive")
        let awaited28 = try await list("orgID=\(orgID)&name=\(name)&status=bogus").tasks.count
        XCTAssertEqual(awaited28, 2)
    }

    func testTypeBasicReturnsSlimObjects() async throws {
        let name = unique("basic")
        try await createTask(name)
        let awaited27 = try await list("orgID=\(orgID)&name=\(name)&type=basic").tasks.first
        let task = try XCTUnwrap(awaited27)
        XCTAssertEqual(task["flux"] as? String, "")
        XCTAssertEqual(task["org"] as? String, "")
        XCTAssertNil(task["createdAt"])
        XCTAssertNil(task["updatedAt"])
        XCTAssertEqual(task["name"] as? String, name)
    }

    func testTasksIncludeTheirLabels() async throws {
        let t = try await createTask(unique("lab"))
        let label = try await createLabel(unique("l"))
        let add = try await request("POST", "/api/v2/tasks/\(t.string("id"))/labels", json: ["labelID": label.string("id")])
        XCTAssertEqual(add.status, 201)
        let awaited26 = try await list("orgID=\(orgID)&name=\(t.string("name"))").tasks.first
        let task = try XCTUnwrap(awaited26)
        XCTAssertEqual((task["labels"] as? [[String: Any]])?.map { $0.string("id") }, [label.string("id")])
    }

    func testBareListReturnsOnlyTheTokenUsersTasks() async throws {
        _ = try requireSandbox()
        let user = try await request("POST", "/sandbox/users", json: ["name": "someone-else"])
        XCTAssertEqual(user.status, 201, user.text)
        let other = try await request("POST", "/sandbox/tokens", json: ["token": "other-token", "userName": "someone-else"])
        XCTAssertEqual(other.status, 201, other.text)
        let mine = try await createTask("mine")
        let theirs = try await request("POST", "/api/v2/tasks", json: ["orgID": orgID, "flux": script("theirs")], auth: "Token other-token")
        XCTAssertEqual(theirs.status, 201, theirs.text)
        let bare = try await list("")
        XCTAssertEqual(bare.tasks.map { $0.string("id") }, [mine.string("id")])
        XCTAssertEqual(bare.links["self"], "/api/v2/tasks?limit=100")
        let byOrg = try await list("orgID=\(orgID)")
        XCTAssertEqual(byOrg.tasks.count, 2)
        let byUser = try await list("user=\(try theirs.object().string("ownerID"))&orgID=00000000000000ab")
        XCTAssertEqual(byUser.tasks.map { $0.string("name") }, ["theirs"], "user filter ignores the org filter")
    }

    func testPaginationOver1200Tasks() async throws {
        _ = try requireSandbox()  // creates 1,200 tasks: only against a throw-away sandbox
        var created: [String] = []
        for i in 0..<1200 { created.append(try await createTask("bulk-\(i)").string("id")) }
        var seen: [String] = []
        var after: String?
        var pages = 0
        while true {
            let page = try await list("orgID=\(orgID)&limit=500" + (after.map { "&after=\($0)" } ?? ""))
            pages += 1
            seen += page.tasks.map { $0.string("id") }
            if page.tasks.count < 500 { XCTAssertNil(page.links["next"]); break }
            XCTAssertEqual(page.links["next"], "/api/v2/tasks?after=\(page.tasks.last!.string("id"))&limit=500&orgID=\(orgID)")
            after = page.tasks.last!["id"] as? String
        }
        XCTAssertEqual(pages, 3)
        XCTAssertEqual(seen, created)
    }
}
