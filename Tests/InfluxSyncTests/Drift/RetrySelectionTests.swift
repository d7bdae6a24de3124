import InfluxAPI
import XCTest

@testable import InfluxSync

/// `retry-failed` retries each failed schedule window once (issue 21 item 1).
final class RetrySelectionTests: XCTestCase {
    private func run(_ id: String, _ status: String, window: String, started: String? = nil, requested: String? = nil) -> InfluxRun {
        InfluxRun(id: id, taskID: "t", status: status, scheduledFor: window, startedAt: started, requestedAt: requested)
    }

    func testEachFailedWindowOnce() {
        let runs = [
            run("01", "failed", window: "2026-12-01T10:00:00Z", started: "2026-12-01T10:00:01Z"),
            run("02", "failed", window: "2026-12-01T11:00:00Z", started: "2026-12-01T11:00:01Z"),
            run("04", "success", window: "2026-12-01T12:00:00Z", started: "2026-12-01T12:00:01Z"),
        ]
        XCTAssertEqual(RetrySelection.runsToRetry(runs).map(\.id), ["01", "02"])
    }

    /// A window with more than one attempt was retried already: whatever came of it (the retry
    /// failed too, succeeded, is queued, running or canceled; or a good window retried by hand
    /// failed), it is left alone, so a nightly `retry-failed` never retries a window twice.
    func testAWindowRetriedAlreadyIsLeftAlone() {
        for (first, second) in [("failed", "failed"), ("failed", "success"), ("failed", "scheduled"), ("failed", "started"), ("failed", "canceled"), ("success", "failed")] {
            let runs = [
                run("01", first, window: "2026-12-01T10:00:00Z", started: "2026-12-01T10:00:01Z"),
                run("02", second, window: "2026-12-01T10:00:00Z", started: "2026-12-01T10:00:01.500Z", requested: "2026-12-01T10:00:01Z"),
            ]
            XCTAssertEqual(RetrySelection.runsToRetry(runs).map(\.id), [], "\(first), then \(second)")
        }
    }

    /// The server's filtering is not trusted: a window outside `--since`…now (year 1, year
    /// 9999) or whose `scheduledFor` is not a time is not retried, and a run listed twice is
    /// retried once (all were retried).
    func testWindowsOutsideTheBoundsUnreadableTimesAndRepeatsAreNotRetried() {
        let runs = [
            run("01", "failed", window: "0001-01-01T00:00:00Z"),
            run("02", "failed", window: "2026-12-01T10:00:00Z"),
            run("02", "failed", window: "2026-12-01T10:30:00Z"),
            run("03", "failed", window: "not a time"),
            run("04", "failed", window: "9999-12-31T23:59:59Z"),
            run("05", "failed", window: "2026-12-01T11:00:00Z"),
        ]
        let from = RFC3339.parse("2026-12-01T09:00:00Z")!, until = RFC3339.parse("2026-12-01T12:00:00Z")!
        XCTAssertEqual(RetrySelection.runsToRetry(runs, scheduledFrom: from, scheduledUntil: until).map(\.id), ["02", "05"])
        // Unbounded, every window once: an unreadable time is a window of its own, ordered first
        // (with year 1's), and a run listed twice is one attempt.
        XCTAssertEqual(RetrySelection.runsToRetry(runs).map(\.id), ["01", "03", "02", "05", "04"], "unbounded: every window, a repeat once")
    }

    func testNoRunsNoRetries() {
        XCTAssertEqual(RetrySelection.runsToRetry([]), [])
    }
}
