import XCTest

@testable import Flux

final class CompareTests: XCTestCase {
    private let composed = """
        import "strings"

        option task = {name: "cpu-downsample", every: 1h, offset: 5m, concurrency: 2, retry: 3}

        // keep an hourly mean
        from(bucket: "telegraf")
          |> range(start: -task.every)
          |> filter(fn: (r) => r._measurement == "cpu" and r.host =~ /^web\\//)
          |> aggregateWindow(every: 1h, fn: mean, createEmpty: false,)
          |> to(bucket: "downsampled", org: "my-org")
        """

    func testServerReformattedScriptIsEquivalent() throws {
        let reformatted = """
            import "strings"

            option task = {
                name: "cpu-downsample",
                every: 60m,
                offset: 300s,
                concurrency: 2,
                retry: 3,
            }

            // keep an hourly mean
            from(bucket: "telegraf")
                |> range(start: -task.every)
                |> filter(fn: (r) => r._measurement == "cpu" and r.host =~ /^web\\//)
                |> aggregateWindow(every: 1h, fn: mean, createEmpty: false)
                |> to(bucket: "downsampled", org: "my-org")

            """
        let mine = try FluxScript(parsing: composed)
        let live = try FluxScript(parsing: reformatted)
        XCTAssertTrue(mine.hasEquivalentBody(to: live))
        XCTAssertEqual(mine.options, live.options)
        XCTAssertTrue(mine.options!.isEquivalent(to: live.options!))
    }

    func testOneLineRecordAndBlankLineAfterOption() throws {
        let a = try FluxScript(parsing: "option task = {name: \"a\",\n  every: 1h,\n}\nfrom(bucket:\"b\")|>range(start:-1h)")
        let b = try FluxScript(parsing: "option task = {name: \"a\", every: 1h}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n")
        XCTAssertTrue(a.hasEquivalentBody(to: b))
        XCTAssertEqual(a.options, b.options)
    }

    func testRealDifferencesCount() throws {
        let base = try FluxScript(parsing: composed)
        for changed in [
            composed.replacingOccurrences(of: "// keep an hourly mean", with: "// keep a mean"),
            composed.replacingOccurrences(of: "fn: mean", with: "fn: max"),
            composed.replacingOccurrences(of: "\"cpu\"", with: "\"mem\""),
            composed.replacingOccurrences(of: "/^web\\//", with: "/^db\\//"),
            composed.replacingOccurrences(of: "import \"strings\"\n", with: ""),
            composed.replacingOccurrences(of: " and ", with: " or "),
        ] {
            XCTAssertFalse(base.hasEquivalentBody(to: try FluxScript(parsing: changed)), changed)
        }
    }

    func testWhatTheServerFormatterChangesDoesNotCount() throws {
        let mine = try FluxScript(parsing: "option task = {name: \"a\", every: 1h}\nx = filter(fn: (r) => (r.v > 7.0 and (r.t < 2024-01-01)))")
        let live = try FluxScript(parsing: "option task = {name: \"a\", every: 1h}\n\nx = filter(fn: (r) => r.v > 7.0 and r.t < 2024-01-01T00:00:00Z)\n")
        XCTAssertTrue(mine.hasEquivalentBody(to: live))
        let regrouped = try FluxScript(parsing: "option task = {name: \"a\", every: 1h}\nx = (1 + 2) * 3")
        let plain = try FluxScript(parsing: "option task = {name: \"a\", every: 1h}\nx = 1 + 2 * 3")
        XCTAssertFalse(regrouped.hasEquivalentBody(to: plain))
    }

    func testComparableTokens() throws {
        let script = try FluxScript(parsing: "option task = {name: \"a\", every: 1h}\nf(a: 1,) // c  \nd = 5µs")
        XCTAssertEqual(
            script.comparableTokens(),
            [
                "identifier f", "punctuation (", "identifier a", "punctuation :", "integer 1", "punctuation )",
                "comment // c", "identifier d", "operator =", "duration 5us",
            ])
    }

    func testOptionsCompareByValue() throws {
        let a = try FluxScript(parsing: "option task = {name: \"a\", every: 1h0m0s, offset: 0s}")
        let b = try FluxScript(parsing: "option task = {name: \"a\", every: 3600s, concurrency: 1}")
        XCTAssertTrue(a.options!.isEquivalent(to: b.options!))
        let monthly = try FluxScript(parsing: "option task = {name: \"a\", every: 1mo}")
        let fourWeeks = try FluxScript(parsing: "option task = {name: \"a\", every: 4w}")
        XCTAssertFalse(monthly.options!.isEquivalent(to: fourWeeks.options!))
    }
}
