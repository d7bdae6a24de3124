import Foundation
import XCTest

@testable import InfluxSync

/// Issue 21 item 9: schedules InfluxDB accepts but never means — a negative offset, an offset
/// longer than `every`, a cron that never fires — are warnings at the value, and the task loads.
final class ScheduleWarningsTests: XCTestCase {
    private func task(_ spec: String) -> String {
        "apiVersion: influxdata.com/v2alpha1\nkind: Task\nmetadata:\n  name: t\nspec:\n" + spec
            + "  query: |-\n    from(bucket: \"b\") |> range(start: -1h)\n"
    }

    func testOffsetWarnings() {
        let negative = ManifestTestSupport.load(text: task("  every: 1h\n  offset: -5m\n"))
        XCTAssertEqual(
            negative.lines,
            [
                "test.yml:7:11: warning: offset -5m is negative: each run starts 5m before its scheduled time, before the data of its period has arrived (at spec.offset)\n"
                    + "    hint: an offset delays runs so late data is in: write a positive duration such as `5m`, or remove it"
            ])
        XCTAssertEqual(negative.result.desired?.tasks.count, 1, "a warning never stops the task")
        XCTAssertEqual(
            ManifestTestSupport.load(text: task("  every: 1h\n  offset: 90m\n")).lines,
            [
                "test.yml:7:11: warning: offset 1h30m is longer than `every: 1h`: each run starts after the next one is due (at spec.offset)\n"
                    + "    hint: make the offset shorter than the interval (it only delays the start; the run's time range stays on its schedule)"
            ])
        XCTAssertEqual(ManifestTestSupport.load(text: task("  every: 1h\n  offset: 1h\n")).lines, [], "an offset of exactly every is no warning")
        XCTAssertEqual(ManifestTestSupport.load(text: task("  cron: \"0 * * * *\"\n  offset: 2h\n")).lines, [])
    }

    func testCronThatNeverFires() {
        XCTAssertEqual(
            ManifestTestSupport.load(text: task("  cron: \"0 0 31 2 *\"\n")).lines,
            [
                "test.yml:6:9: warning: cron `0 0 31 2 *` never fires: February has no day 31 (at spec.cron)\n"
                    + "    hint: check the day-of-month and month fields; InfluxDB accepts this expression but never runs the task"
            ])
        XCTAssertEqual(CronCalendar.neverFires("0 0 0 30,31 FEB * 2030"), "February has no day 30 or 31")
        XCTAssertEqual(CronCalendar.neverFires("0 0 31 4,6 *"), "none of April, June has a day 31")
        for fires in ["0 0 31 */2 *", "0 0 29 2 *", "0 0 30,31 2,4 *", "0 0 31 2 MON", "@monthly", "*/5 * * * *", "0 0 1-31/10 2 *"] {
            XCTAssertNil(CronCalendar.neverFires(fires), fires)
        }
    }

    /// Issue 21 item 7: a cron task whose query sets `option location` is warned, at the
    /// statement, that the cron runs in UTC (influxdb-api.md §4.5); an `every` task is not.
    func testCronWithOptionLocationIsWarnedThatCronRunsInUTC() {
        let query = "  query: |-\n    import \"timezone\"\n\n    option location = timezone.location(name: \"Europe/Paris\")\n\n    from(bucket: \"b\") |> range(start: -1h)\n"
        let yaml = "apiVersion: influxdata.com/v2alpha1\nkind: Task\nmetadata:\n  name: t\nspec:\n  cron: \"0 6 * * *\"\n" + query
        XCTAssertEqual(
            ManifestTestSupport.load(text: yaml).lines,
            [
                "test.yml:10:5: warning: cron `0 6 * * *` runs in UTC: InfluxDB evaluates a task's cron schedule in UTC whatever the query's `option location` says (at spec.query)\n"
                    + "    hint: write the cron fields in UTC; `option location` applies to the query's time functions, not to when the task runs"
            ])
        let every = yaml.replacingOccurrences(of: "  cron: \"0 6 * * *\"\n", with: "  every: 1d\n")
        XCTAssertEqual(ManifestTestSupport.load(text: every).lines, [])
        let flux =
            "import \"timezone\"\n\noption task = {name: \"t\", cron: \"0 6 * * *\"}\n\noption location = timezone.fixed(offset: -5h)\n\nfrom(bucket: \"b\") |> range(start: -1h)\n"
        XCTAssertEqual(
            ManifestTestSupport.load(text: flux, path: "t.flux").lines,
            [
                "t.flux:5:1: warning: cron `0 6 * * *` runs in UTC: InfluxDB evaluates a task's cron schedule in UTC whatever the query's `option location` says\n"
                    + "    hint: write the cron fields in UTC; `option location` applies to the query's time functions, not to when the task runs"
            ])
    }

    func testAFluxFileTaskIsWarnedToo() {
        let flux = "option task = {name: \"t\", cron: \"0 0 30 2 *\"}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n"
        XCTAssertEqual(
            ManifestTestSupport.load(text: flux, path: "t.flux").lines,
            [
                "t.flux:1:1: warning: cron `0 0 30 2 *` never fires: February has no day 30\n"
                    + "    hint: check the day-of-month and month fields; InfluxDB accepts this expression but never runs the task"
            ])
    }
}
