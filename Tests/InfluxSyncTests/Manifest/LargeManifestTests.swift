import Flux
import InfluxSync
import XCTest

/// A file over `DocumentHandoff.minimumBytes` is parsed on one thread and read on another. The
/// result must be what reading it in one go gives: every task, in order, and each diagnostic
/// once, at its place — also across a duplicate-key restart late in the file.
final class LargeManifestTests: XCTestCase {
    /// 12 lines per task document (the `---` included).
    private func document(_ i: Int, every: String = "1h", extra: String = "") -> String {
        """
        ---
        apiVersion: influxdata.com/v2alpha1
        kind: Task
        metadata:
          name: task-\(i)
        spec:
          every: \(every)
        \(extra.isEmpty ? "  offset: 0s" : extra)
          description: Task number \(i) with a description long enough to make the file large
          query: |-
            from(bucket: "raw") |> range(start: -1h) |> filter(fn: (r) => r._measurement == "m\(i)")
            |> to(bucket: "downsampled", org: "acme")

        """
    }

    func testALargeFileIsReadInOrderWithEachDiagnosticOnce() {
        var text = ""
        for i in 0..<1500 {
            switch i {
            case 2: text += document(i, every: "1x")
            case 1400: text += document(i, extra: "  every: 2h")
            default: text += document(i)
            }
        }
        XCTAssertGreaterThan(text.utf8.count, 256 * 1024)
        let loaded = ManifestTestSupport.load(text: text)
        XCTAssertEqual(loaded.lines, [
            "test.yml:31:11: error: invalid duration literal \"1x\": unknown unit 'x' (use one of y mo w d h m s ms us µs ns) (at spec.every)\n    hint: write a Flux duration literal such as `30s`, `1m30s` or `1h` (no decimals, no spaces)",
            // Task 1400 starts at line 1400 × 12 + 1; its `every` lines are the 7th and 8th.
            "test.yml:16808:3: error: duplicate key `every` in spec (first at 16807:3) (at spec.every)\n    hint: remove one of them; keys in a mapping must be unique",
        ])
        var clean = ""
        for i in 0..<1500 { clean += document(i) }
        let desired = ManifestLoader.load(text: clean, path: "test.yml").desired
        XCTAssertEqual(desired?.tasks.map(\.key), (0..<1500).map { "task-\($0)" })
        XCTAssertEqual(desired?.tasks[1499].location.line, 1499 * 12 + 2)
    }
}
