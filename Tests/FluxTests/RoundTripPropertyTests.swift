import XCTest

@testable import Flux

/// SplitMix64: a small deterministic generator so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

final class RoundTripPropertyTests: XCTestCase {
    private let nameAlphabet: [String] = [
        "a", "Z", "7", " ", "-", "_", "\"", "\\", "$", "{", "}", "${", "é", "日", "🚀", "/", "//", "\t", "option task = {", "#",
    ]
    private let crons = ["* * * * *", "0 * * * *", "*/5 9-17 * * MON-FRI", "0 0 1 * *", "@hourly", "@every 1h30m", "30 0 0 * * * 2030"]
    private let importPool = [#"import "strings""#, #"import "http""#, #"import "influxdata/influxdb/tasks""#, #"import j "json""#]
    private let statementPool = [
        "from(bucket: \"b\") |> range(start: -1h)",
        "// option task = {name: \"comment\", every: 1m}",
        "s = \"option task = {name: \\\"string\\\", every: 2m}\"",
        "data = from(bucket: \"telegraf\")\n    |> range(start: -task.every)\n    |> filter(fn: (r) => r.host =~ /option task = \\{\\// and r._value / 2.0 > 1.5)",
        "option now = () => 2024-01-01T00:00:00Z",
        "option v = {timeRangeStart: -1h, timeRangeStop: now()}",
        "f = (tables=<-, n) => tables |> limit(n: n)",
        "x = if 1 > 0 then \"yes ${string(v: 1)}\" else \"no\"",
        "data |> to(bucket: \"out\", org: \"o\")",
    ]

    private func randomDuration(_ rng: inout SeededGenerator, allowMonths: Bool, allowNegative: Bool) -> FluxDuration {
        let units: [String] = allowMonths ? ["y", "mo", "w", "d", "h", "m", "s", "ms", "us", "ns"] : ["w", "d", "h", "m", "s", "ms"]
        var text = ""
        for unit in units where Int.random(in: 0..<3, using: &rng) == 0 {
            text += "\(Int.random(in: 0...90, using: &rng))\(unit)"
        }
        if text.isEmpty { text = "\(Int.random(in: 1...500, using: &rng))s" }
        var d = try! FluxDuration(parsing: text)
        if d.isZero { d = FluxDuration(nanoseconds: 1_000_000_000) }
        if allowNegative && Bool.random(using: &rng) { d = -d }
        return d
    }

    func testParseComposeParseIsTheIdentity() throws {
        var rng = SeededGenerator(seed: 0x1F1F_2026)
        for caseNumber in 0..<400 {
            var name = ""
            for _ in 0..<Int.random(in: 1...12, using: &rng) { name += nameAlphabet.randomElement(using: &rng)! }
            let schedule: TaskSchedule =
                Bool.random(using: &rng)
                ? .every(randomDuration(&rng, allowMonths: true, allowNegative: false))
                : .cron(crons.randomElement(using: &rng)!)
            let options = TaskOptions(
                name: name, schedule: schedule,
                offset: Bool.random(using: &rng) ? randomDuration(&rng, allowMonths: false, allowNegative: true) : nil,
                concurrency: Bool.random(using: &rng) ? Int.random(in: 1...100, using: &rng) : nil,
                retry: Bool.random(using: &rng) ? Int.random(in: 1...10, using: &rng) : nil)
            let imports = Array(importPool.shuffled(using: &rng).prefix(Int.random(in: 0...2, using: &rng)))
            let body = (0..<Int.random(in: 1...4, using: &rng)).map { _ in statementPool.randomElement(using: &rng)! }
                .joined(separator: Bool.random(using: &rng) ? "\n" : "\n\n")
            let query = (imports + [body]).joined(separator: "\n")

            let flux = try FluxScript.compose(options: options, query: query)
            let parsed = try FluxScript(parsing: flux)
            XCTAssertEqual(parsed.options, options, "case \(caseNumber): \(flux)")
            XCTAssertEqual(parsed.imports, imports, "case \(caseNumber)")
            XCTAssertEqual(parsed.body, body, "case \(caseNumber)")
            let again = try FluxScript.compose(options: parsed.options!, query: (parsed.imports + [parsed.body]).joined(separator: "\n"))
            XCTAssertEqual(again, flux, "case \(caseNumber)")
            XCTAssertTrue(parsed.hasEquivalentBody(to: try FluxScript(parsing: query)), "case \(caseNumber)")
        }
    }

    func testDurationDescriptionRoundTrips() throws {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<500 {
            let d = randomDuration(&rng, allowMonths: true, allowNegative: true)
            XCTAssertEqual(try FluxDuration(parsing: d.description), d, d.description)
        }
    }
}
