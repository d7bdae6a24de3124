import XCTest

/// 1,200 tasks in one org: every page is read, and applying twice creates nothing twice.
final class PaginationTests: XCTestCase {
    func testTwelveHundredTasksAreAllSeenAndNeverCreatedTwice() async throws {
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            let documents = (1...1200).map { i in
                Manifests.task(
                    String(format: "task-%04d", i), every: "\(i % 59 + 1)m",
                    query: "from(bucket: \"b\") |> range(start: -1h) |> filter(fn: (r) => r.n == \(i))")
            }
            try workspace.write("many.yml", documents.joined(separator: "---\n"))

            let first = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
            XCTAssertEqual(first.exitCode, 0, "\(first.stderr)")
            XCTAssertTrue(first.stdout.hasSuffix("Apply complete: 1201 changes done.\n"), "1,200 tasks and the owner label: " + String(first.stdout.suffix(300)))
            let creates = try await sandbox.requests().filter { $0.method == "POST" && $0.path == "/api/v2/tasks" }
            XCTAssertEqual(creates.count, 1200)
            XCTAssertTrue(creates.allSatisfy { $0.status == 201 })
            let live = try await sandbox.tasks()
            XCTAssertEqual(Set(live.map(\.name)).count, 1200)
            XCTAssertEqual(live.count, 1200)

            try await sandbox.clearRequests()
            let plan = try await sandbox.cli("plan", [workspace.path(), "--detailed-exitcode"])
            XCTAssertEqual(plan.exitCode, 0, "\(plan.stderr)")
            XCTAssertEqual(plan.stdout, "No changes. Live state matches the manifests.\n")
            let pages = try await sandbox.requests().filter { $0.method == "GET" && $0.path == "/api/v2/tasks" }
            XCTAssertEqual(pages.count, 3, "\(pages)")
            XCTAssertEqual(pages.map(\.status), [200, 200, 200])
            XCTAssertEqual(pages[0].query?.contains("after="), false)
            XCTAssertEqual(pages[1].query?.contains("after=\(live[499].id)"), true, "\(pages)")
            XCTAssertEqual(pages[2].query?.contains("after=\(live[999].id)"), true, "\(pages)")

            try await sandbox.clearRequests()
            let second = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
            XCTAssertEqual(second.exitCode, 0, "\(second.stderr)")
            let writes = try await sandbox.resourceWrites()
            XCTAssertEqual(writes, [])
            let after = try await sandbox.tasks()
            XCTAssertEqual(after.count, 1200)
        }
    }
}
