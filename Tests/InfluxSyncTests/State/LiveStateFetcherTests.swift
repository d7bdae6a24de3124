import Flux
import Foundation
import InfluxAPI
import TestSupport
import XCTest

@testable import InfluxSync

/// `LiveStateFetcher.fetch`: pages read by `after` = last ID (§5.3), the next page asked for
/// early with the cursor of `links.next` (§5.4) only when that cursor turns out right.
final class LiveStateFetcherTests: XCTestCase {
    /// A server of `count` tasks, 500 a page, whose `links.next` cursor is chosen by `next`.
    final class PagingClient: UnusedCallsClient, @unchecked Sendable {
        enum NextCursor { case conforming, none, firstOfPage, evenOnShortPage }
        private let lock = NSLock()
        private var _calls: [String] = []
        let tasks: [InfluxTask]
        let next: NextCursor
        /// A request with this `after` fails with a 500.
        var failing: String?
        /// The server ignores `after` (every page is the first).
        var ignoresCursor = false
        /// The first page lists its first task twice (a proxy that repeats an entry).
        var repeatsFirstTask = false

        init(count: Int, next: NextCursor) {
            tasks = (0..<count).map { i in
                InfluxTask(
                    id: String(format: "%016x", 0x1000 + i), orgID: "00000000000000aa", name: "t\(i)",
                    flux: "option task = {name: \"t\(i)\", every: 1h}\n\nfrom(bucket: \"b\") |> range(start: -\(i % 7 + 1)h)\n")
            }
            self.next = next
        }

        var calls: [String] { lock.withLock { _calls } }

        func listTaskPage(orgID: String, after: String?, limit: Int) async throws -> InfluxTaskPage {
            lock.withLock { _calls.append(after.map { "after=\($0)" } ?? "start") }
            if let failing, after == failing {
                throw InfluxAPIError(method: "GET", path: "/api/v2/tasks", status: 500, code: "internal error", message: "page failed")
            }
            let start = ignoresCursor ? 0 : after.map { cursor in tasks.firstIndex(where: { $0.id > cursor }) ?? tasks.count } ?? 0
            var page = Array(tasks[start..<min(start + limit, tasks.count)])
            if repeatsFirstTask, after == nil, let first = page.first { page[page.count - 1] = first }
            let full = page.count == limit
            let cursor: String? =
                switch next {
                case .conforming: full ? page.last?.id : nil
                case .none: nil
                case .firstOfPage: full ? page.first?.id : nil
                case .evenOnShortPage: page.last?.id
                }
            let listed = page
            return InfluxTaskPage(nextAfter: cursor) { listed }
        }

        func listTasks(orgID: String, after: String?, limit: Int) async throws -> [InfluxTask] {
            try await listTaskPage(orgID: orgID, after: after, limit: limit).tasks()
        }
        func listLabels(orgID: String) async throws -> [InfluxLabel] { [] }
    }

    private let org = InfluxOrg(id: "00000000000000aa", name: "acme")

    private func id(_ i: Int) -> String { String(format: "%016x", 0x1000 + i) }

    func testConformingNextCursorSendsTheRequestsOfAReadOneAfterTheOther() async throws {
        for (count, expected) in [
            (1250, ["start", "after=\(id(499))", "after=\(id(999))"]),
            (1000, ["start", "after=\(id(499))", "after=\(id(999))"]),
            (499, ["start"]),
            (0, ["start"]),
        ] {
            let client = PagingClient(count: count, next: .conforming)
            let live = try await LiveStateFetcher.fetch(client: client, org: org)
            XCTAssertEqual(client.calls, expected, "\(count) tasks")
            XCTAssertEqual(live.tasks, client.tasks, "\(count) tasks")
            XCTAssertEqual(live.parsedScripts.count, count, "every live script is parsed while reading")
            let sequential = PagingClient(count: count, next: .none)
            let read = try await LiveStateFetcher.fetch(client: sequential, org: org)
            XCTAssertEqual(sequential.calls, expected, "without a cursor the same pages are read, one after the other")
            XCTAssertEqual(read, live)
            let listing = PagingClient(count: count, next: .conforming)
            let tasks = try await LiveStateFetcher.tasks(client: listing, orgID: org.id)
            XCTAssertEqual(listing.calls, expected, "the task listing of run, logs, retry and cancel reads the same pages")
            XCTAssertEqual(tasks, live.tasks)
        }
    }

    func testAWrongNextCursorIsDroppedAndTheRightPageAsked() async throws {
        let client = PagingClient(count: 1100, next: .firstOfPage)
        let live = try await LiveStateFetcher.fetch(client: client, org: org)
        XCTAssertEqual(client.calls, ["start", "after=\(id(0))", "after=\(id(499))", "after=\(id(500))", "after=\(id(999))"])
        XCTAssertEqual(live.tasks, client.tasks)
    }

    func testACursorOnAShortPageIsAskedButNotRead() async throws {
        let client = PagingClient(count: 700, next: .evenOnShortPage)
        let live = try await LiveStateFetcher.fetch(client: client, org: org)
        XCTAssertEqual(client.calls, ["start", "after=\(id(499))", "after=\(id(699))"])
        XCTAssertEqual(live.tasks, client.tasks)
    }

    func testAFailedEarlyRequestCountsOnlyWhenItsPageIsNeeded() async throws {
        let dropped = PagingClient(count: 1100, next: .firstOfPage)
        dropped.failing = id(0)
        let live = try await LiveStateFetcher.fetch(client: dropped, org: org)
        XCTAssertEqual(live.tasks, dropped.tasks, "the early request was to a wrong cursor: its failure does not matter")

        let needed = PagingClient(count: 1100, next: .conforming)
        needed.failing = id(499)
        do {
            _ = try await LiveStateFetcher.fetch(client: needed, org: org)
            XCTFail("expected the second page's error")
        } catch let error as InfluxAPIError {
            XCTAssertEqual(error.message, "page failed")
            XCTAssertEqual(needed.calls, ["start", "after=\(id(499))"])
        }
    }

    func testACursorThatDoesNotAdvanceEndsTheRead() async throws {
        let client = PagingClient(count: 600, next: .conforming)
        client.ignoresCursor = true
        do {
            _ = try await LiveStateFetcher.fetch(client: client, org: org)
            XCTFail("expected an error")
        } catch let error as InfluxAPIError {
            XCTAssertEqual(error.message, "the server's task list did not advance: the page after \(id(499)) repeats task \(id(0))")
        }
    }

    /// A task listed twice in one page ends the read: it would look like an owned copy of
    /// itself, and `apply --prune` deleted it as a duplicate.
    func testATaskListedTwiceInOnePageEndsTheRead() async throws {
        let client = PagingClient(count: 600, next: .conforming)
        client.repeatsFirstTask = true
        do {
            _ = try await LiveStateFetcher.fetch(client: client, org: org)
            XCTFail("expected an error")
        } catch let error as InfluxAPIError {
            XCTAssertEqual(error.message, "the server's task list is not one task per entry: the page after the start lists task \(id(0)) twice")
        }
    }

    /// Asked for one org's tasks, an answer that holds another org's task ends the read: a plan,
    /// a prune or a run command by name would otherwise act on it.
    func testATaskOfAnotherOrgEndsTheRead() async throws {
        let client = PagingClient(count: 600, next: .conforming)
        do {
            _ = try await LiveStateFetcher.readTasks(client: client, orgID: "00000000000000bb", parseScripts: false)
            XCTFail("expected an error")
        } catch let error as InfluxAPIError {
            XCTAssertEqual(error.message, "the server's task list for org 00000000000000bb holds task \(id(0)) of org 00000000000000aa")
        }
    }

    /// A server that keeps answering with new pages (each cursor advances) is read up to the
    /// cap and no further: the read ends with an error instead of growing for ever.
    func testAServerThatNeverStopsPagingIsCutOffAtTheCap() async throws {
        let client = PagingClient(count: 5_000, next: .conforming)
        do {
            _ = try await LiveStateFetcher.readTasks(client: client, orgID: org.id, parseScripts: false, maxTasks: 1_200)
            XCTFail("expected the cap to end the read")
        } catch let error as InfluxAPIError {
            XCTAssertEqual(error.message, "the server listed more than 1,200 tasks; influxsync stops reading there")
            XCTAssertEqual(error.hint, "a server or proxy that keeps answering with new pages would be read for ever; check that --host names InfluxDB itself")
            XCTAssertEqual(client.calls, ["start", "after=\(id(499))", "after=\(id(999))", "after=\(id(1499))"])
        }
        XCTAssertEqual(LiveStateFetcher.maxTasks, 100_000)
    }

    func testPlansAreTheSameWithScriptsParsedWhileReadingAndWithout() throws {
        let live = Fixture.live(
            tasks: (0..<300).map { i in
                Fixture.liveTask(
                    String(format: "%016x", 0x2000 + i), "t\(i)",
                    flux: Fixture.script(name: "t\(i)", body: "from(bucket: \"cpu\") |> range(start: -\(i % 4 + 1)h)"))
            })
        var parsed = live
        for task in live.tasks { parsed.parsedScripts.parse(task.flux) }
        XCTAssertEqual(parsed.parsedScripts.count, 300)
        XCTAssertEqual(parsed, live, "parsed scripts take no part in equality")
        let desired = DesiredState(
            tasks: (0..<300).map { i in
                Fixture.desiredTask("t\(i)", every: i % 3 == 0 ? "2h" : "1h", body: "from(bucket: \"cpu\") |> range(start: -\(i % 5 + 1)h)")
            })
        let withParsed = try Planner.plan(desired: desired, live: parsed, options: PlanOptions())
        let withoutParsed = try Planner.plan(desired: desired, live: live, options: PlanOptions())
        XCTAssertEqual(withParsed, withoutParsed)
        let changed = (0..<300).filter { $0 % 3 == 0 || $0 % 4 != $0 % 5 }.count
        XCTAssertEqual(withParsed.changes.filter { $0.action == .update }.count, changed, "unchanged only where every and body both match")
        XCTAssertEqual(changed, 260)
    }

    func testScriptTextsAreToldApartByTheirBytes() {
        let composed = Fixture.script(name: "caf\u{E9}")
        let decomposed = Fixture.script(name: "cafe\u{301}")
        XCTAssertEqual(composed, decomposed, "Swift strings: canonically equivalent")
        var scripts = ParsedScripts()
        scripts.parse(composed)
        scripts.parse(decomposed)
        XCTAssertEqual(scripts.count, 2)
        XCTAssertEqual(scripts[text: composed].map { Array($0.source.utf8) }, Array(composed.utf8))
        XCTAssertEqual(scripts[text: decomposed].map { Array($0.source.utf8) }, Array(decomposed.utf8))
        XCTAssertEqual(scripts[text: composed]?.options?.name.unicodeScalars.count, 4)
        XCTAssertEqual(scripts[text: decomposed]?.options?.name.unicodeScalars.count, 5)
        XCTAssertNil(scripts[text: "option task = {name: \"other\", every: 1h}\n"])
        scripts.parse("")
        scripts.parse("option task = {")
        XCTAssertEqual(scripts.count, 2, "an empty text and one that does not parse are not kept")
    }
}
