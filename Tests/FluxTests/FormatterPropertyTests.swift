import XCTest

@testable import Flux

/// Seeded random task scripts with random layout: the server-style re-print must keep the
/// options and the body (as compared by the differ), and be stable when applied twice.
final class FormatterPropertyTests: XCTestCase {
    private var rng = SeededGenerator(seed: 0x5EED_F0A7)

    private func pick<T>(_ items: [T]) -> T { items.randomElement(using: &rng)! }
    private func chance(_ n: Int) -> Bool { Int.random(in: 0..<n, using: &rng) == 0 }
    private func space() -> String { pick(["", " ", "  ", "\n  ", "\t"]) }

    private func record(_ properties: [String]) -> String {
        var out = "{" + space()
        for (index, p) in properties.enumerated() {
            out += p + (index < properties.count - 1 ? "," + space() : (chance(2) ? "," : ""))
        }
        return out + space() + "}"
    }

    private func pipeline() -> String {
        let stages = [
            "range(start: -task.every)", "filter(fn: (r) => r._measurement == \"cpu\" and r.host =~ /^web\\//)",
            "filter(fn: (r) => (r._value > 0.5))", "aggregateWindow(every: 1h, fn: mean, createEmpty: false)",
            "map(fn: (r) => ({r with _value: r._value * 2.0}))", "to(bucket: \"out\", org: \"o\")",
            "group(columns: [\"host\", \"_field\"])", "yield(name: \"x\")",
        ]
        let multiline = chance(2)
        var out = "from(bucket:" + space() + "\"b\")"
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            out += (multiline ? "\n" + pick(["  ", "    ", "\t"]) : " ") + "|> " + pick(stages)
        }
        return out
    }

    private func script() -> String {
        var parts: [String] = []
        let imports = ["import \"strings\"", "import \"influxdata/influxdb/tasks\"", "import h \"http\""].shuffled(using: &rng)
        parts += imports.prefix(Int.random(in: 0...2, using: &rng))
        if chance(3) { parts.append("// task " + pick(["a", "b"])) }
        var properties = ["name: \"t\\\"\(Int.random(in: 0...9, using: &rng))\"", pick(["every: 1h", "every: 90m", "cron: \"0 * * * *\""])]
        if chance(2) { properties.append("offset: " + pick(["5m", "-30s", "1h0m0s"])) }
        if chance(3) { properties.append("concurrency: \(Int.random(in: 1...5, using: &rng))") }
        if chance(3) { properties.append("retry: 2") }
        parts.append("option task =" + space() + record(properties.shuffled(using: &rng)))
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: parts.append("data =" + space() + pipeline())
            case 1: parts.append(pipeline())
            case 2: parts.append("f = (tables=<-, n)" + space() + "=> tables |> limit(n: n)")
            default: parts.append("// note \(Int.random(in: 0...9, using: &rng))\n" + "x = " + pick(["1", "(1 + 2) * 3", "\"s ${string(v: 1)}\"", "[1, 2]"]))
            }
        }
        return parts.joined(separator: pick(["\n", "\n\n", "\n\n\n"]))
    }

    func testServerReprintKeepsOptionsAndBody() throws {
        for caseNumber in 0..<150 {
            let source = script()
            let formatted = try FluxFormatter.format(source)
            XCTAssertEqual(try FluxFormatter.format(formatted), formatted, "case \(caseNumber): not stable\n\(source)")
            let before = try FluxScript(parsing: source)
            let after = try FluxScript(parsing: formatted)
            XCTAssertEqual(before.options, after.options, "case \(caseNumber)")
            XCTAssertTrue(before.hasEquivalentBody(to: after), "case \(caseNumber):\n\(source)\n---\n\(formatted)")
            XCTAssertTrue(formatted.hasSuffix("\n"))

            let fields = try InfluxTaskOptionsValidator.validate(source)
            XCTAssertEqual(fields.name, before.options?.name, "case \(caseNumber)")

            let edited = try TaskScriptEditor.apply(TaskOptionEdits(every: "2h", offset: .set("1m")), to: source)
            let reparsed = try FluxScript(parsing: edited)
            XCTAssertEqual(reparsed.options?.schedule, .every(FluxDuration(nanoseconds: 7_200_000_000_000)), "case \(caseNumber)")
            XCTAssertEqual(reparsed.options?.offset, FluxDuration(nanoseconds: 60_000_000_000), "case \(caseNumber)")
            XCTAssertTrue(before.hasEquivalentBody(to: reparsed), "case \(caseNumber)")
        }
    }

    func testRandomTextNeverCrashes() {
        let fragments = [
            "option", " task", " = ", "{", "}", "(", ")", "[", "]", "name", ":", " \"a\"", ",", "every", " 1h",
            "cron", "\"* * * * *\"", "offset", "-", "5m", "\n", " ", "|>", "from", "r", "=>", "/x\\//", "// c\n",
            "\"${x}\"", "1.5", "import", "\"strings\"", "if", "then", "else", "and", "not", ".", "with", "<-",
            "2024-01-01", "0", "@", "\"", "${", "\\", "µs", "return", "[:]", "+", "==",
        ]
        for _ in 0..<1500 {
            var s = ""
            for _ in 0..<Int.random(in: 1...20, using: &rng) { s += pick(fragments) }
            _ = try? FluxScript(parsing: s)
            if let f = try? FluxFormatter.format(s) { XCTAssertEqual(try? FluxFormatter.format(f), f, s) }
            _ = try? InfluxTaskOptionsValidator.validate(s)
            _ = try? TaskScriptEditor.apply(TaskOptionEdits(cron: "* * * * *", offset: .remove), to: s)
            _ = try? CronExpression.validate(s)
            _ = CronExpression.serverError(s)
            _ = try? FluxDuration(parsing: s)
        }
    }
}
