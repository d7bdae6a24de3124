import InfluxAPI
import XCTest

@testable import InfluxSync

/// `retry-failed` retries each failed schedule window once (issue 21 item 1).
final class RetrySelectionTests: XCTestCase {
    private func run(_ id: String, _ status: String, window: String, started: String? = nil, requested: String? = nil) -> InfluxRun {
        InfluxRun(id: id, taskID: "t", status: status, scheduledFor: window, startedAt: started, requestedAt: requested)
    }

    func testEachFailedWindowOnceAndOnlyItsLatestFailure() {
        let runs = [
            run("01", "failed", window: "2026-12-01T10:00:00Z", started: "2026-12-01T10:00:01Z"),
            run("02", "failed", window: "2026-12-01T11:00:00Z", started: "2026-12-01T11:00:01Z"),
            // window 11:00 was retried and the retry failed too: retry the retry, not the original.
            run("03", "failed", window: "2026-12-01T11:00:00Z", started: "2026-12-01T11:30:01Z", requested: "2026-12-01T11:30:00Z"),
            run("04", "success", window: "2026-12-01T12:00:00Z", started: "2026-12-01T12:00:01Z"),
        ]
        XCTAssertEqual(RetrySelection.runsToRetry(runs).map(\.id), ["01", "03"])
    }

    func testAWindowALaterRunCoversIsLeftAlone() {
        for status in ["success", "scheduled", "started", "canceled"] {
            let runs = [
                run("01", "failed", window: "2026-12-01T10:00:00Z", started: "2026-12-01T10:00:01Z"),
                run("02", status, window: "2026-12-01T10:00:00Z", requested: "2026-12-01T10:20:00Z"),
            ]
            XCTAssertEqual(RetrySelection.runsToRetry(runs).map(\.id), [], status)
        }
    }

    /// A failure after a success of the same window (a manual retry of a good window that
    /// failed) is the latest attempt: it is retried.
    func testAFailureAfterASuccessOfTheSameWindowIsRetried() {
        let runs = [
            run("01", "success", window: "2026-12-01T10:00:00Z", started: "2026-12-01T10:00:01Z"),
            run("02", "failed", window: "2026-12-01T10:00:00Z", requested: "2026-12-01T10:20:00Z"),
        ]
        XCTAssertEqual(RetrySelection.runsToRetry(runs).map(\.id), ["02"])
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
        // Unbounded, an unreadable time counts as the earliest window (year 1, as run 01's).
        XCTAssertEqual(RetrySelection.runsToRetry(runs).map(\.id), ["03", "02", "05", "04"], "unbounded: every window, a repeat once")
    }

    func testNoRunsNoRetries() {
        XCTAssertEqual(RetrySelection.runsToRetry([]), [])
    }
}
