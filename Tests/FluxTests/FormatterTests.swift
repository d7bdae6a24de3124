import XCTest

@testable import Flux

final class FormatterTests: XCTestCase {
    private func format(_ source: String) throws -> String { try FluxFormatter.format(source) }

    func testCanonicalSpacingAndOneLinePipeline() throws {
        XCTAssertEqual(
            try format("option task = {every: 20s,name:\"foo\"} from(bucket:\"x\")|>range(start:-1h)"),
            "option task = {every: 20s, name: \"foo\"}\n\nfrom(bucket: \"x\") |> range(start: -1h)\n")
    }

    func testRecordsWithMoreThanFourPropertiesGoOnePerLine() throws {
        XCTAssertEqual(
            try format("option task = {name: \"n\", every: 1h, offset: 5m, concurrency: 2, retry: 3}\nx = 1"),
            """
            option task = {
                name: "n",
                every: 1h,
                offset: 5m,
                concurrency: 2,
                retry: 3,
            }

            x = 1

            """)
        XCTAssertEqual(try format("option task = {\n  name: \"n\",\n  every: 1h,\n}\n"), "option task = {name: \"n\", every: 1h}\n")
    }

    func testMultiLinePipelinesKeepOneStagePerLine() throws {
        XCTAssertEqual(
            try format(
                """
                import "strings"
                // downsample
                data = from(bucket:"b")
                  |> range(start: -task.every)
                  |> filter(fn: (r) => (r._measurement == "cpu" and r.host =~ /^web\\//))
                data |> to(bucket: "out", org: "o", host: "h", token: "t", timeColumn: "_time")
                """),
            """
            import "strings"

            // downsample
            data =
                from(bucket: "b")
                    |> range(start: -task.every)
                    |> filter(fn: (r) => r._measurement == "cpu" and r.host =~ /^web\\//)

            data
                |> to(
                    bucket: "out",
                    org: "o",
                    host: "h",
                    token: "t",
                    timeColumn: "_time",
                )

            """)
    }

    func testBlankLineRulesAndComments() throws {
        XCTAssertEqual(try format("a = 1\nb = 2\n\n\nc = 3\nf()\n// note\ng()\n// end"), "a = 1\nb = 2\n\nc = 3\n\nf()\n\n// note\ng()\n// end\n")
    }

    func testFunctionsConditionalsAndLiterals() throws {
        XCTAssertEqual(
            try format("f = (r) => ({r with v: if r.v > 0 then r.v*2.0 else 0.0, t: 2024-01-01, d: 1h0m5µs})\nn = 7"),
            "f = (r) => ({r with v: if r.v > 0 then r.v * 2.0 else 0.0, t: 2024-01-01T00:00:00Z, d: 1h0m5us})\nn = 7\n")
        XCTAssertEqual(try format("g = (tables=<-) => {\nx = tables |> sum()\nreturn x\n}"), "g = (tables=<-) => {\n    x = tables |> sum()\n\n    return x\n}\n")
        XCTAssertEqual(try format("x = (1 + 2) * 3 - (4 - 5)\ny = [1,2,3][0]\nz = [\"a\": 1]"), "x = (1 + 2) * 3 - (4 - 5)\ny = [1, 2, 3][0]\nz = [\"a\": 1]\n")
    }

    func testInterpolationsAreFormattedTextKept() throws {
        XCTAssertEqual(
            try format(#"s = "a  ${string(v:1+2)} \"q\" \${no} ${r["x"]}""#),
            #"s = "a  ${string(v: 1 + 2)} \"q\" \${no} ${r["x"]}""# + "\n")
    }

    func testSyntaxErrorsCarryPosition() {
        XCTAssertThrowsError(try format("x = (1 + \n")) { error in
            XCTAssertEqual((error as? FluxError)?.description, "1:9: expected an expression, found end of script")
        }
        XCTAssertThrowsError(try format("from() |> 5")) { error in
            XCTAssertEqual((error as? FluxError)?.description, "1:11: pipe destination must be a function call")
        }
    }
}
