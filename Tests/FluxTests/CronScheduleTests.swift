import Foundation
import XCTest

@testable import Flux

/// The latest instant of a cron schedule at or before a time (UTC), for drift's missed check.
final class CronScheduleTests: XCTestCase {
    private func seconds(_ text: String) -> Int64 {
        let f = ISO8601DateFormatter()
        return Int64(f.date(from: text)!.timeIntervalSince1970)
    }

    private func latest(_ cron: String, _ at: String) -> String? {
        guard let t = CronSchedule(cron)?.latestFire(atOrBefore: seconds(at)) else { return nil }
        return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(t)))
    }

    func testLatestFireAtOrBefore() {
        XCTAssertEqual(latest("0 * * * *", "2026-12-07T10:30:15Z"), "2026-12-07T10:00:00Z")
        XCTAssertEqual(latest("0 * * * *", "2026-12-07T10:00:00Z"), "2026-12-07T10:00:00Z", "at the instant itself")
        XCTAssertEqual(latest("*/15 * * * *", "2026-12-07T10:14:59Z"), "2026-12-07T10:00:00Z")
        XCTAssertEqual(latest("30 */10 * * * *", "2026-12-07T10:10:29Z"), "2026-12-07T10:00:30Z", "six fields: seconds first")
        // 2026-12-07 is a Monday.
        XCTAssertEqual(latest("0 0 * * MON", "2026-12-07T10:00:00Z"), "2026-12-07T00:00:00Z")
        XCTAssertEqual(latest("0 0 * * 1", "2026-12-06T23:59:59Z"), "2026-11-30T00:00:00Z")
        XCTAssertEqual(latest("0 12 31 * *", "2026-12-07T00:00:00Z"), "2026-10-31T12:00:00Z", "November has no 31st")
        XCTAssertEqual(latest("@daily", "2026-12-07T10:00:00Z"), "2026-12-07T00:00:00Z")
        XCTAssertEqual(latest("0 0 0 1 1 * 2024", "2026-12-07T00:00:00Z"), "2024-01-01T00:00:00Z")
        XCTAssertNil(latest("0 0 0 1 1 * 2099", "2026-12-07T00:00:00Z"), "only in the future")
        XCTAssertNil(latest("@every 1h", "2026-12-07T00:00:00Z"), "an interval, not cron times")
    }
}
