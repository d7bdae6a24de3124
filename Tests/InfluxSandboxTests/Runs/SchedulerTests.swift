import AsyncHTTPClient
import Flux
import Foundation
import NIOCore
import NIOHTTP1
import XCTest

@testable import InfluxSandbox

/// The optional scheduler (`SandboxConfiguration.scheduler`), influxdb-api.md §4.5 and §14.
final class SchedulerTests: XCTestCase {
    private func ts(_ text: String) -> Int64 { try! Timestamp.parseRFC3339(text).nanoseconds }

    private func task(every: String? = nil, cron: String? = nil, offset: Int64 = 0) -> StoredTask {
        StoredTask(
            id: "0000000000000001", orgID: "0000000000000002", orgName: "o", ownerID: "0000000000000003", name: "t",
            status: "active", flux: "", every: every, cron: cron, offsetNanoseconds: offset,
            latestCompleted: Timestamp(nanoseconds: 0), createdAt: Timestamp(nanoseconds: 0))
    }

    func testEveryInstantsAreAlignedToMultiplesOfEvery() {
        let instant = TaskScheduler.latestInstant(of: task(every: "1h"), after: ts("2024-05-01T10:00:00Z"), upTo: ts("2024-05-01T11:59:59Z"))
        XCTAssertEqual(instant, ts("2024-05-01T11:00:00Z"))
        XCTAssertNil(TaskScheduler.latestInstant(of: task(every: "1h"), after: ts("2024-05-01T11:00:00Z"), upTo: ts("2024-05-01T11:59:59Z")))
        XCTAssertEqual(
            TaskScheduler.latestInstant(of: task(every: "1d"), after: ts("2024-05-01T00:00:00Z"), upTo: ts("2024-05-02T05:00:00Z")),
            ts("2024-05-02T00:00:00Z"))
    }

    func testCronInstantsAreEvaluatedInUTC() {
        let t = task(cron: "30 2 * * MON")
        // 2024-05-06 is a Monday.
        XCTAssertEqual(
            TaskScheduler.latestInstant(of: t, after: ts("2024-05-06T00:00:00Z"), upTo: ts("2024-05-06T12:00:00Z")),
            ts("2024-05-06T02:30:00Z"))
        XCTAssertNil(TaskScheduler.latestInstant(of: t, after: ts("2024-05-07T00:00:00Z"), upTo: ts("2024-05-07T12:00:00Z")))
    }

    func testCronDialect() throws {
        let sixFields = try XCTUnwrap(CronSchedule("*/15 * * * * *"))
        XCTAssertTrue(sixFields.matches(unixSeconds: ts("2024-05-06T01:02:45Z") / 1_000_000_000))
        XCTAssertFalse(sixFields.matches(unixSeconds: ts("2024-05-06T01:02:44Z") / 1_000_000_000))
        let hourly = try XCTUnwrap(CronSchedule("@hourly"))
        XCTAssertTrue(hourly.matches(unixSeconds: ts("2024-05-06T07:00:00Z") / 1_000_000_000))
        let sunday7 = try XCTUnwrap(CronSchedule("0 0 * * 7"))
        XCTAssertTrue(sunday7.matches(unixSeconds: ts("2024-05-05T00:00:00Z") / 1_000_000_000))
        let months = try XCTUnwrap(CronSchedule("0 0 1 jan-mar *"))
        XCTAssertTrue(months.matches(unixSeconds: ts("2024-02-01T00:00:00Z") / 1_000_000_000))
        XCTAssertFalse(months.matches(unixSeconds: ts("2024-04-01T00:00:00Z") / 1_000_000_000))
        XCTAssertEqual(CronSchedule("@every 1h30m")?.everyNanoseconds, 5_400_000_000_000)
        XCTAssertNil(CronSchedule("* * *"))
        // Fields are read by the same scanner as validation: a tab separates them too.
        let tabbed = try XCTUnwrap(CronSchedule("0\t*/2 * * *"))
        XCTAssertTrue(tabbed.matches(unixSeconds: ts("2024-05-06T04:00:00Z") / 1_000_000_000))
        XCTAssertFalse(tabbed.matches(unixSeconds: ts("2024-05-06T05:00:00Z") / 1_000_000_000))
    }

    func testSchedulerRunsAnActiveEveryTaskWithAWholeSecondScheduledFor() async throws {
        var configuration = SandboxConfiguration(port: 0, scheduler: true)
        configuration.buckets = ["b"]
        let sandbox = try await Sandbox.start(configuration)
        defer { Task { await sandbox.stop() } }
        func send(_ method: HTTPMethod, _ path: String, _ body: String? = nil) async throws -> [String: Any] {
            var req = HTTPClientRequest(url: sandbox.baseURL + path)
            req.method = method
            req.headers.add(name: "Authorization", value: "Token my-token")
            if let body { req.body = .bytes(ByteBuffer(string: body)) }
            let response = try await HTTPClient.shared.execute(req, timeout: .seconds(10))
            let data = try await response.body.collect(upTo: 1 << 24)
            return (try JSONSerialization.jsonObject(with: Data(data.readableBytesView))) as? [String: Any] ?? [:]
        }
        let org = try await send(.GET, "/api/v2/orgs?org=my-org")
        let orgID = try XCTUnwrap(((org["orgs"] as? [[String: Any]])?.first?["id"]) as? String)
        let flux = "option task = {name: \\\"tick\\\", every: 1s}\\nfrom(bucket: \\\"b\\\")"
        let task = try await send(.POST, "/api/v2/tasks", "{\"orgID\":\"\(orgID)\",\"flux\":\"\(flux)\"}")
        let id = try XCTUnwrap(task["id"] as? String)
        var finished: [String: Any]?
        for _ in 0..<500 where finished == nil {
            let runs = try await send(.GET, "/api/v2/tasks/\(id)/runs")["runs"] as? [[String: Any]] ?? []
            finished = runs.first { $0["status"] as? String == "success" }
            if finished == nil { try await Task.sleep(nanoseconds: 20_000_000) }
        }
        let run = try XCTUnwrap(finished, "the scheduler never ran the task")
        let scheduledFor = try XCTUnwrap(run["scheduledFor"] as? String)
        XCTAssertNotNil(scheduledFor.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression), scheduledFor)
        XCTAssertNil(run["requestedAt"], "scheduled runs are not manual")
        let updated = try await send(.GET, "/api/v2/tasks/\(id)")
        XCTAssertEqual(updated["lastRunStatus"] as? String, "success")
    }
}
