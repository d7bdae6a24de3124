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
        XCTAssertEqual(
            loaded.lines,
            [
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

    /// Every shape of query loads from a large file (two threads) as each document loads on its
    /// own: plain, with its own `option task` record, from an envRef, with a Flux error
    /// (reported at its place), with a carriage return (normalised), as a quoted scalar with
    /// escapes, and with non-ASCII text.
    func testQueriesParsedAheadGiveWhatReadingInOneGoGives() throws {
        func document(_ i: Int) -> String {
            let head = "---\napiVersion: influxdata.com/v2alpha1\nkind: Task\nmetadata:\n  name: task-\(i)\nspec:\n  every: 1h\n"
            let padding = "  description: Task number \(i) with a description long enough to make the file large\n"
            switch i % 6 {
            case 0: return head + padding + "  query: |-\n    from(bucket: \"raw\") |> range(start: -1h) |> filter(fn: (r) => r.n == \(i))\n"
            case 1:
                return head.replacingOccurrences(of: "  every: 1h\n", with: "") + padding
                    + "  query: |-\n    option task = {name: \"task-\(i)\", every: 2h, offset: 1m}\n\n    from(bucket: \"raw\") |> range(start: -\(i)m)\n"
            case 2: return head + padding + "  query:\n    envRef:\n      key: q\n      default: 'from(bucket: \"env\") |> range(start: -1h)'\n"
            case 3: return head + padding + "  query: \"from(bucket: \\\"raw\\\")\\r\\n  |> range(start: -\(i)h)\"\n"
            case 4:
                return head + padding
                    + "  query: |-\n    import \"strings\"\n    from(bucket: \"raw\") |> range(start: -1h) |> map(fn: (r) => ({r with s: strings.toUpper(v: \"é\")}))\n"
            default:
                return head + padding
                    + (i == 11
                        ? "  query: |-\n    from(bucket: \"raw\") |> range(start: -1h) |> filter(fn: (r) => r.n == \"open)\n"
                        : "  query: |-\n    from(bucket: \"raw\")\n    |> range(start: -\(i)s)\n")
            }
        }
        let documents = (0..<1500).map(document)
        let text = documents.joined()
        XCTAssertGreaterThan(text.utf8.count, 256 * 1024)
        let large = ManifestLoader.load(text: text, path: "test.yml")
        var tasks: [DesiredTask] = []
        var diagnostics: [String] = []
        var line = 1
        for (i, document) in documents.enumerated() {
            let one = ManifestLoader.load(text: document, path: "test.yml")
            tasks += one.desired?.tasks ?? []
            diagnostics += one.diagnostics.map { "\($0.location.map { "\($0.line + line - 1):\($0.column)" } ?? "-") \($0.message)" }
            if one.desired == nil { XCTAssertEqual(i, 11, one.diagnostics.map(\.description).joined(separator: "\n")) }
            line += document.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        }
        XCTAssertEqual(diagnostics.count, 1, "\(diagnostics)")
        XCTAssertTrue(diagnostics.first?.contains("invalid Flux in query") == true, "\(diagnostics)")
        XCTAssertEqual(large.diagnostics.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)" }, diagnostics)
        XCTAssertNil(large.desired, "the Flux error fails the load")

        let clean = documents.enumerated().filter { $0.offset != 11 }.map(\.element).joined()
        let loaded = ManifestLoader.load(text: clean, path: "test.yml")
        XCTAssertEqual(loaded.diagnostics.map(\.description), [])
        let got = try XCTUnwrap(loaded.desired).tasks
        XCTAssertEqual(got.count, 1499)
        XCTAssertEqual(got.map(\.key), tasks.map(\.key))
        XCTAssertEqual(got.map(\.query), tasks.map(\.query))
        XCTAssertEqual(got.map(\.script), tasks.map(\.script))
        XCTAssertEqual(got.map(\.options), tasks.map(\.options))
        XCTAssertEqual(got[2].query, "from(bucket: \"env\") |> range(start: -1h)")
        XCTAssertEqual(got[1].options.offset?.description, "1m")
    }
}
