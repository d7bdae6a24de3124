import Flux
import InfluxSync
import XCTest

/// examples/ loads without diagnostics into exactly the desired state it describes.
final class ManifestExamplesTests: XCTestCase {
    private func location(_ file: String, _ line: Int) -> SourceLocation {
        SourceLocation(file: "\(ManifestTestSupport.root)/examples/\(file)", line: line, column: 1)
    }

    private func hours(_ h: Int64) -> FluxDuration { FluxDuration(nanoseconds: h * 3_600_000_000_000) }
    private func minutes(_ m: Int64) -> FluxDuration { FluxDuration(nanoseconds: m * 60_000_000_000) }
    private func seconds(_ s: Int64) -> FluxDuration { FluxDuration(nanoseconds: s * 1_000_000_000) }

    func testExamplesLoadIntoTheExpectedDesiredState() throws {
        let (result, lines) = ManifestTestSupport.load(["examples"])
        // examples/ci/ holds CI pipelines (not templates): each is skipped with a note.
        XCTAssertEqual(lines.filter { !($0.hasPrefix("examples/ci/") && $0.hasSuffix("note: skipped: not an InfluxDB template (no apiVersion, kind, metadata or spec)")) }, [])
        let desired = try XCTUnwrap(result.desired)

        XCTAssertEqual(
            desired.labels,
            [
                DesiredLabel(
                    key: "downsampling", name: "Downsampling", color: "#326BBA",
                    description: "Tasks that aggregate raw data into long-term buckets", location: location("labels.yml", 2)),
                DesiredLabel(
                    key: "monitoring", name: "Monitoring", color: "#F95F53",
                    description: "Tasks that watch the health of our hosts", location: location("labels.yml", 11)),
                DesiredLabel(key: "team-data", name: "team:data", color: "#22ADF6", description: nil, location: location("labels.yml", 20)),
            ])

        let bucketStatsQuery = """
            // A task written as a plain Flux file: its `option task` record names and schedules it.
            import "influxdata/influxdb/schema"

            schema.measurements(bucket: "telegraf")
                |> count()
                |> map(fn: (r) => ({_time: now(), _measurement: "bucket_stats", _field: "measurements", _value: r._value}))
                |> to(bucket: "alerts", org: "example-org")
            """
        let downsampleCPUQuery = """
            from(bucket: "telegraf")
                |> range(start: -task.every)
                |> filter(fn: (r) => r._measurement == "cpu" and r._field == "usage_user" and r.cpu == "cpu-total")
                |> aggregateWindow(every: 5m, fn: mean)
                |> to(bucket: "telegraf-downsampled", org: "example-org")
            """
        let memPeaksQuery = """
            import "influxdata/influxdb/tasks"

            from(bucket: "telegraf")
                |> range(start: tasks.lastSuccess(orTime: -task.every))
                |> filter(fn: (r) => r._measurement == "mem" and r._field == "used_percent")
                |> aggregateWindow(every: 5m, fn: max)
                |> set(key: "_measurement", value: "mem_peaks")
                |> to(bucket: "telegraf-downsampled", org: "example-org")
            """
        let silentHostsQuery = """
            import "influxdata/influxdb/monitor"
            import "experimental"

            from(bucket: "telegraf")
                |> range(start: -1h)
                |> filter(fn: (r) => r._measurement == "cpu" and r._field == "usage_idle")
                |> group(columns: ["host"])
                |> last()
                |> filter(fn: (r) => r._time < experimental.subDuration(d: 10m, from: now()))
                |> map(fn: (r) => ({r with _measurement: "silent_hosts", _field: "last_seen", _value: string(v: r._time)}))
                |> to(bucket: "alerts", org: "example-org")
            """
        let diskQuery = """
            from(bucket: "telegraf")
                |> range(start: -task.every)
                |> filter(fn: (r) => r._measurement == "disk" and r._field == "used_percent")
                |> filter(fn: (r) => r._value > 90.0)
                |> to(bucket: "alerts", org: "example-org")
            """
        let rollupQuery = """
            from(bucket: "telegraf-downsampled")
                |> range(start: -1d)
                |> aggregateWindow(every: 1d, fn: mean, createEmpty: false)
                |> to(bucket: "telegraf-daily", org: "example-org")
            """

        func task(
            _ key: String, _ options: TaskOptions, _ query: String, _ description: String?, _ status: TaskStatus,
            _ labels: [String], _ location: SourceLocation
        ) throws -> DesiredTask {
            DesiredTask(
                key: key, options: options, query: query, script: try FluxScript.compose(options: options, query: query),
                description: description, status: status, labels: labels, location: location)
        }
        var expected = [
            try task(
                "downsample-cpu", TaskOptions(name: "Downsample CPU", schedule: .every(hours(1))), downsampleCPUQuery,
                "Average CPU usage into 5m windows, kept for a year in telegraf-downsampled", .active,
                ["Downsampling", "team:data"], location("tasks/downsampling.yml", 3)),
            try task(
                "downsample-mem-peaks", TaskOptions(name: "Downsample memory peaks", schedule: .every(minutes(15)), offset: seconds(30)),
                memPeaksQuery, nil, .active, ["Downsampling"], location("tasks/downsampling.yml", 25)),
            try task(
                "silent-hosts", TaskOptions(name: "Silent hosts", schedule: .every(minutes(5))), silentHostsQuery,
                "Flag hosts that sent no CPU data in the last 10 minutes", .active, ["Monitoring"], location("tasks/monitoring.yml", 2)),
            try task(
                "disk-usage-alert", TaskOptions(name: "Disk usage alert", schedule: .every(minutes(10))), diskQuery,
                "Paused until the new alert thresholds are agreed", .inactive, ["Monitoring"], location("tasks/monitoring.yml", 27)),
            try task(
                "bucket-stats", TaskOptions(name: "Bucket cardinality", schedule: .cron("30 3 * * *")), bucketStatsQuery,
                nil, .active, [], location("tasks/nightly/bucket-stats.flux", 1)),
            try task(
                "nightly-rollup", TaskOptions(name: "Nightly rollup", schedule: .cron("0 2 * * *"), offset: minutes(5)), rollupQuery,
                "Daily mean of every downsampled series", .active, ["Downsampling", "team:data"], location("tasks/nightly/rollup.yml", 2)),
        ]
        // A .flux file is sent as written, comments and blank lines where the author put them.
        expected[4].script = try String(contentsOfFile: expected[4].location.file, encoding: .utf8)
        XCTAssertEqual(desired.tasks.map(\.key), expected.map(\.key))
        for (actual, wanted) in zip(desired.tasks, expected) {
            XCTAssertEqual(actual, wanted, "task \(wanted.key)")
        }
    }

    func testEveryComposedScriptHasItsImportsBeforeTheOptionRecord() throws {
        let desired = try XCTUnwrap(ManifestTestSupport.load(["examples"]).result.desired)
        let script = try XCTUnwrap(desired.tasks.first { $0.key == "silent-hosts" }?.script)
        let parsed = try FluxScript(parsing: script)
        XCTAssertEqual(parsed.imports, ["import \"influxdata/influxdb/monitor\"", "import \"experimental\""])
        XCTAssertEqual(parsed.options, TaskOptions(name: "Silent hosts", schedule: .every(minutes(5))))
    }
}
