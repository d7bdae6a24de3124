import Flux
import InfluxSync
import XCTest

/// No false findings: the documented examples of Flux's standard library (extracted into
/// Tests/Corpus/flux-stdlib-examples.txt by scripts/stdlib/generate.py) and the scripts of
/// examples/ raise none.
final class FluxCorpusNoFindingsTests: XCTestCase {
    /// The corpus entries: `(header, script)`.
    static func corpus() throws -> [(String, String)] {
        let text = try String(contentsOfFile: "\(ManifestTestSupport.root)/Tests/Corpus/flux-stdlib-examples.txt", encoding: .utf8)
        var entries: [(String, String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#### stdlib/") {
                entries.append((String(line.dropFirst(5)), ""))
            } else if !entries.isEmpty {
                entries[entries.count - 1].1 += line + "\n"
            }
        }
        return entries
    }

    /// Corpus entries that are not whole scripts, each reviewed: the finding is true (the
    /// snippet uses a placeholder it never defines — `data`, `status`, `apiKey`, `Inf`, `x` —,
    /// leaves out its import of `math`, `strings`, `timezone` or `array`, lists call forms
    /// without their required arguments, or the documentation itself is wrong: `pushbullet.pushNote(data:)`,
    /// `monitor.from(range:)`, `testing.shouldErrorWithCode` of the other `testing`).
    /// Header → number of findings.
    static let reviewedSnippets: [String: Int] = [
        "stdlib/contrib/bonitoo-io/alerta/alerta.flux:153": 1, "stdlib/contrib/bonitoo-io/servicenow/servicenow.flux:173": 1,
        "stdlib/contrib/bonitoo-io/servicenow/servicenow.flux:51": 2,
        "stdlib/contrib/bonitoo-io/victorops/victorops.flux:135": 1, "stdlib/contrib/bonitoo-io/zenoss/zenoss.flux:185": 1,
        "stdlib/contrib/chobbs/discord/discord.flux:100": 2, "stdlib/contrib/jsternberg/influxdb/influxdb.flux:52": 1,
        "stdlib/contrib/jsternberg/influxdb/influxdb.flux:60": 2, "stdlib/contrib/rhajek/bigpanda/bigpanda.flux:112": 1,
        "stdlib/contrib/rhajek/bigpanda/bigpanda.flux:186": 2, "stdlib/contrib/sranka/opsgenie/opsgenie.flux:153": 1,
        "stdlib/contrib/sranka/sensu/sensu.flux:184": 2, "stdlib/contrib/sranka/teams/teams.flux:106": 1,
        "stdlib/contrib/sranka/telegram/telegram.flux:146": 1,
        "stdlib/date/boundaries/boundaries.flux:94": 1, "stdlib/date/boundaries/boundaries.flux:133": 1,
        "stdlib/date/boundaries/boundaries.flux:172": 1, "stdlib/date/boundaries/boundaries.flux:210": 1,
        "stdlib/date/boundaries/boundaries.flux:249": 1, "stdlib/date/boundaries/boundaries.flux:288": 1,
        "stdlib/date/boundaries/boundaries.flux:327": 1, "stdlib/experimental/array/array.flux:302": 1,
        "stdlib/experimental/date/boundaries/boundaries.flux:88": 1, "stdlib/experimental/date/boundaries/boundaries.flux:125": 1,
        "stdlib/experimental/date/boundaries/boundaries.flux:162": 1, "stdlib/experimental/date/boundaries/boundaries.flux:198": 1,
        "stdlib/experimental/date/boundaries/boundaries.flux:235": 1, "stdlib/experimental/date/boundaries/boundaries.flux:272": 1,
        "stdlib/experimental/date/boundaries/boundaries.flux:309": 1, "stdlib/experimental/experimental.flux:664": 4,
        "stdlib/experimental/mqtt/mqtt.flux:40": 1, "stdlib/influxdata/influxdb/influxdb.flux:253": 1,
        "stdlib/influxdata/influxdb/influxdb.flux:283": 1, "stdlib/influxdata/influxdb/influxdb.flux:321": 1,
        "stdlib/influxdata/influxdb/monitor/monitor.flux:191": 2, "stdlib/internal/testing/testing.flux:26": 1,
        "stdlib/math/math.flux:569": 12, "stdlib/math/math.flux:751": 4, "stdlib/math/math.flux:783": 4,
        "stdlib/math/math.flux:1343": 9, "stdlib/math/math.flux:1736": 9, "stdlib/pushbullet/pushbullet.flux:57": 3,
        "stdlib/strings/strings.flux:35": 2, "stdlib/strings/strings.flux:219": 2, "stdlib/testing/testing.flux:48": 1,
        "stdlib/universe/universe.flux:30": 1, "stdlib/universe/universe.flux:1706": 1,
    ]

    func testStandardLibraryExamplesRaiseNoFalseFinding() throws {
        let entries = try Self.corpus()
        var parsed = 0
        var counts: [String: Int] = [:]
        for (header, script) in entries {
            // Pseudo-code (`±Inf`, `# …` notes, `<` placeholders) is not Flux: the syntax check's business.
            guard (try? FluxParser.parse(script)) != nil else { continue }
            parsed += 1
            let where_ = String(header.split(separator: " ")[0])
            for _ in FluxScopeCheck.check(script) { counts[where_, default: 0] += 1 }
        }
        let findings = counts.values.reduce(0, +)
        let clean = parsed - counts.count
        print("flux stdlib examples: \(entries.count) in the corpus, \(parsed) parse, \(clean) of them with no finding; \(findings) findings in \(counts.count) reviewed snippets")
        XCTAssertEqual(counts, Self.reviewedSnippets)
        XCTAssertEqual(entries.count, 890)
        // 834: `tickscript.flux:258` calls `query("SELECT x AS y")` with a bare string argument,
        // which Flux's parser refuses too (a string property needs `: value`).
        XCTAssertEqual(parsed, 834)
    }
}
