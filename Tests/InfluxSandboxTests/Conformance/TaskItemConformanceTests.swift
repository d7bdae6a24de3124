import XCTest

/// influxdb-api.md §6–§8: GET, PATCH, DELETE /api/v2/tasks/{id}.
final class TaskItemConformanceTests: ConformanceTestCase, @unchecked Sendable {
    func testGetReturnsTheTaskWithLabels() async throws {
        let t = try await createTask(unique("get"))
        let r = try await request("GET", "/api/v2/tasks/\(t.string("id"))")
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual(try r.object() as NSDictionary, t as NSDictionary)
    }

    func testGetAcceptsUpperCaseHex() async throws {
        let t = try await createTask(unique("upper"))
        let r = try await request("GET", "/api/v2/tasks/\((t.string("id")).uppercased())")
        XCTAssertEqual(r.status, 200, r.text)
    }

    func testGetUnknownIs404() async throws {
        try assertError(try await request("GET", "/api/v2/tasks/0000000000000001"), 404, "not found", "failed to find task: task not found")
    }

    func testGetShortIDIs400() async throws {
        try assertError(try await request("GET", "/api/v2/tasks/123"), 400, "invalid", "failed to decode request: id must have a length of 16 bytes")
    }

    func testGetNonHexIDIs400InvalidID() async throws {
        try assertError(try await request("GET", "/api/v2/tasks/zzzzzzzzzzzzzzzz"), 400, "invalid", "failed to decode request: invalid ID")
    }

    func testGetAllZeroIDIs400InvalidID() async throws {
        try assertError(try await request("GET", "/api/v2/tasks/0000000000000000"), 400, "invalid", "failed to decode request: invalid ID")
    }

    // [UNVERIFIED] description-only PATCH → 400 (source reading, §7.2 rule 4).
    func testDescriptionOnlyPatchIsRejected() async throws {
        let t = try await createTask(unique("desc"))
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["description": "new"])
        try assertError(r, 400, "invalid", "failed to decode request: cannot update task without content")
    }

    func testDescriptionWithStatusIsAccepted() async throws {
        let t = try await createTask(unique("desc2"))
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["description": "new", "status": "active"])
        XCTAssertEqual(r.status, 200, r.text)
        let o = try r.object()
        XCTAssertEqual(o["description"] as? String, "new")
        XCTAssertEqual(o["flux"] as? String, t["flux"] as? String)
        XCTAssertNotNil(o["updatedAt"] as? String)
    }

    func testEmptyPatchBodyIs400EOF() async throws {
        let t = try await createTask(unique("eof"))
        try assertError(try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", body: ""), 400, "invalid", "failed to decode request: EOF")
    }

    func testEmptyObjectPatchIs400WithoutContent() async throws {
        let t = try await createTask(unique("empty"))
        try assertError(
            try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: [:]), 400, "invalid",
            "failed to decode request: cannot update task without content")
    }

    func testEveryAndCronTogetherIs400() async throws {
        let t = try await createTask(unique("both"))
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["every": "1h", "cron": "* * * * *"])
        try assertError(r, 400, "invalid", "failed to decode request: cannot specify both every and cron")
    }

    func testOffsetInDaysIs400() async throws {
        let t = try await createTask(unique("offd"))
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["offset": "1d"])
        try assertError(
            r, 400, "invalid",
            "failed to decode request: offset: 1d, time: unknown unit \"d\" in duration \"1d\" is invalid, the largest unit supported is h")
    }

    func testOffsetWithoutUnitIs400() async throws {
        let t = try await createTask(unique("off0"))
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["offset": "0", "status": "active"])
        try assertError(r, 400, "invalid", "failed to decode request: duration is missing a unit: ")
    }

    func testGarbageDurationIs400() async throws {
        let t = try await createTask(unique("abc"))
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["every": "abc"])
        try assertError(r, 400, "invalid", "failed to decode request: invalid duration abc")
    }

    // [UNVERIFIED] offset-clearing-only PATCH rejected.
    func testOffsetClearingOnlyPatchIsRejected() async throws {
        let t = try await createTask(unique("clr"))
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["offset": ""])
        try assertError(r, 400, "invalid", "failed to decode request: cannot update task without content")
    }

    func testInvalidStatusIs400() async throws {
        let t = try await createTask(unique("bad"))
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["status": "paused"])
        try assertError(r, 400, "invalid", "failed to decode request: invalid task status: \"paused\"")
    }

    func testPatchUnknownTaskIs404() async throws {
        let r = try await request("PATCH", "/api/v2/tasks/0000000000000001", json: ["status": "active"])
        try assertError(r, 404, "not found", "failed to update task: task not found")
    }

    func testPatchMalformedIDIs400() async throws {
        let r = try await request("PATCH", "/api/v2/tasks/1", json: ["status": "active"])
        try assertError(r, 400, "invalid", "failed to decode request: id must have a length of 16 bytes")
    }

    func testFluxOnlyPatchIsStoredVerbatimAndRederivesFields() async throws {
        let t = try await createTask(unique("verb"))
        let flux = "option task = {name:\"renamed\",every:2h,offset:1m}\nfrom(bucket:\"b\")|>range(start:-2h)"
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["flux": flux])
        XCTAssertEqual(r.status, 200, r.text)
        let o = try r.object()
        XCTAssertEqual(o["flux"] as? String, flux)
        XCTAssertEqual(o["name"] as? String, "renamed")
        XCTAssertEqual(o["every"] as? String, "2h")
        XCTAssertEqual(o["offset"] as? String, "1m")
    }

    func testEmptyFluxAloneIs400NoTaskOptions() async throws {
        let t = try await createTask(unique("blank"))
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["flux": ""])
        try assertError(r, 400, "invalid", "failed to update task: invalid options: no task options defined")
    }

    func testFluxWithoutOptionTaskIs400() async throws {
        let t = try await createTask(unique("noopt"))
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["flux": "from(bucket: \"b\")"])
        try assertError(r, 400, "invalid", "failed to update task: invalid options: no task options defined")
    }

    // [SRC; UNVERIFIED at runtime] concurrency/retry-only PATCH dereferences a nil script.
    func testRetryOnlyPatchIs500Panic() async throws {
        let t = try await createTask(unique("panic"))
        let id = t.string("id")
        let r = try await request("PATCH", "/api/v2/tasks/\(id)", json: ["retry": 3])
        try assertError(
            r, 500, "internal error",
            "a panic has occurred: /api/v2/tasks/\(id): runtime error: invalid memory address or nil pointer dereference")
    }

    func testDeactivateThenReactivateResetsLatestCompleted() async throws {
        let t = try await createTask(unique("toggle"))
        let id = t.string("id")
        let off = try await request("PATCH", "/api/v2/tasks/\(id)", json: ["status": "inactive"])
        XCTAssertEqual(try off.object()["status"] as? String, "inactive")
        try await Task.sleep(nanoseconds: 1_100_000_000)
        let on = try await request("PATCH", "/api/v2/tasks/\(id)", json: ["status": "active"])
        let o = try on.object()
        XCTAssertEqual(o["status"] as? String, "active")
        XCTAssertGreaterThan(o.string("latestCompleted"), t.string("latestCompleted"))
        XCTAssertEqual(o["latestCompleted"] as? String, o["updatedAt"] as? String)
    }

    func testSameStatusPatchChangesNothing() async throws {
        let t = try await createTask(unique("same"))
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["status": "active"])
        XCTAssertEqual(r.status, 200)
        XCTAssertNil(try r.object()["updatedAt"])
    }

    // Option-field PATCHes rewrite the record in place and re-format the script (§7.4 pinned examples).
    func testEveryPatchRewritesAndReformatsTheScript() async throws {
        let t = try await createTask("foo", flux: "option task = {every: 20s, name: \"foo\"} from(bucket:\"x\") |> range(start:-1h)")
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["every": "10s"])
        XCTAssertEqual(r.status, 200, r.text)
        XCTAssertEqual(try r.object()["flux"] as? String, "option task = {every: 10s, name: \"foo\"}\n\nfrom(bucket: \"x\") |> range(start: -1h)\n")
    }

    func testOffsetClearedWithCronRewrite() async throws {
        let t = try await createTask("foo", flux: "option task = {cron: \"* * * * *\", name: \"foo\", offset: 10s} from(bucket:\"x\") |> range(start:-1h)")
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["cron": "* * * * *", "offset": ""])
        XCTAssertEqual(r.status, 200, r.text)
        XCTAssertEqual(try r.object()["flux"] as? String, "option task = {cron: \"* * * * *\", name: \"foo\"}\n\nfrom(bucket: \"x\") |> range(start: -1h)\n")
    }

    func testEveryReplacesCronInPlaceAndNewOffsetIsAppended() async throws {
        let t = try await createTask(
            "task-Options-Update",
            flux: "option task = {name: \"task-Options-Update\", cron: \"* * * * *\", concurrency: 100, offset: 10s}\n\nfrom(bucket: \"b\") |> range(start: -1h)")
        let id = t.string("id")
        let first = try await request("PATCH", "/api/v2/tasks/\(id)", json: ["every": "10s", "offset": ""])
        XCTAssertEqual(first.status, 200, first.text)
        XCTAssertEqual(
            try first.object()["flux"] as? String,
            "option task = {name: \"task-Options-Update\", every: 10s, concurrency: 100}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n")
        let second = try await request("PATCH", "/api/v2/tasks/\(id)", json: ["offset": "10s"])
        XCTAssertEqual(second.status, 200, second.text)
        let o = try second.object()
        XCTAssertEqual(
            o["flux"] as? String,
            "option task = {name: \"task-Options-Update\", every: 10s, concurrency: 100, offset: 10s}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n")
        XCTAssertEqual(o["every"] as? String, "10s")
        XCTAssertEqual(o["offset"] as? String, "10s")
        XCTAssertNil(o["cron"])
    }

    func testCommentsAndMultiLinePipelinesSurviveAnOptionPatch() async throws {
        let flux =
            "option task = {name: \"task-changed #98\", cron: \"* * * * *\", offset: 5s, concurrency: 100}\n\n// This comment should persist.\nfrom(bucket: \"b\")\n    |> to(bucket: \"two\", orgID: \"000000000000000\")\n"
        let t = try await createTask("task-changed #98", flux: flux)
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["every": "30s"])
        XCTAssertEqual(r.status, 200, r.text)
        XCTAssertEqual(
            try r.object()["flux"] as? String,
            "option task = {name: \"task-changed #98\", every: 30s, offset: 5s, concurrency: 100}\n\n// This comment should persist.\nfrom(bucket: \"b\")\n    |> to(bucket: \"two\", orgID: \"000000000000000\")\n"
        )
    }

    func testNamePatchRenamesTheTask() async throws {
        let t = try await createTask(unique("old"))
        let r = try await request("PATCH", "/api/v2/tasks/\(t.string("id"))", json: ["name": "new-name"])
        XCTAssertEqual(r.status, 200, r.text)
        XCTAssertEqual(try r.object()["name"] as? String, "new-name")
    }

    func testDeleteIs204ThenEverythingIs404() async throws {
        let t = try await createTask(unique("del"))
        let id = t.string("id")
        let r = try await request("DELETE", "/api/v2/tasks/\(id)")
        XCTAssertEqual(r.status, 204)
        XCTAssertEqual(r.body, [])
        try assertError(try await request("GET", "/api/v2/tasks/\(id)"), 404, "not found", "failed to find task: task not found")
        try assertError(try await request("PATCH", "/api/v2/tasks/\(id)", json: ["status": "active"]), 404, "not found", "failed to update task: task not found")
        try assertError(try await request("GET", "/api/v2/tasks/\(id)/runs"), 404, "not found", "failed to find runs: task not found")
        try assertError(try await request("GET", "/api/v2/tasks/\(id)/logs"), 404, "not found", "failed to find task logs: task not found")
    }

    func testDeleteUnknownIs404() async throws {
        try assertError(try await request("DELETE", "/api/v2/tasks/0000000000000001"), 404, "not found", "failed to delete task: task not found")
    }

    func testDeleteMalformedIDIs400() async throws {
        try assertError(try await request("DELETE", "/api/v2/tasks/xyz"), 400, "invalid", "failed to decode request: id must have a length of 16 bytes")
    }

    // [UNVERIFIED] label mappings of a deleted task stay (§8, §9.2).
    func testLabelMappingsOfADeletedTaskRemainListed() async throws {
        let t = try await createTask(unique("orphan"))
        let id = t.string("id")
        let label = try await createLabel(unique("stay"))
        let awaited19 = try await request("POST", "/api/v2/tasks/\(id)/labels", json: ["labelID": label.string("id")]).status
        XCTAssertEqual(awaited19, 201)
        let awaited18 = try await request("DELETE", "/api/v2/tasks/\(id)").status
        XCTAssertEqual(awaited18, 204)
        let r = try await request("GET", "/api/v2/tasks/\(id)/labels")
        XCTAssertEqual(r.status, 200)
        XCTAssertEqual((try r.object()["labels"] as? [[String: Any]])?.map { $0.string("id") }, [label.string("id")])
    }
}
