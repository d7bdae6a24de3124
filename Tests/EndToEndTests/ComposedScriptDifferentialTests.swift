import Flux
import Foundation
import InfluxAPI
import InfluxSync
import XCTest

/// One parse, the server's (issue 20 item 1): every body of a corpus goes through manifest
/// validation (`ManifestLoader`, what `validate` and `plan` run) and through the sandbox's
/// create route over HTTP (`POST /api/v2/tasks` with the composed script, as the client sends
/// it, influxdb-api.md §4.2–§4.3); both must give the same verdict for every body.
final class ComposedScriptDifferentialTests: XCTestCase {
    /// Text written before a body: nothing, comments, blank lines, imports.
    static let preludes = ["", "// leading comment\n", "\n\n", "import \"strings\"\n", "import \"strings\"\n// comment\n\n", "// c1\n// c2\n\n"]

    /// Bodies whose first token may continue the record, and other first statements.
    static let leaders = [
        "(r) => r", "(from(bucket: \"b\") |> range(start: -1h))", "(1 + 2) * 3", "(a: 1)", "()", "(x)\n  |> yield()",
        "[1, 2, 3]", "[\"a\": 1, \"b\": 2]", "[a: 1]", "[0]", "[:]", "[]", "[\"a\"]",
        "/cpu/", "/host\\/a/ =~ \"x\"", "/^web-[0-9]+$/",
        "-1h", "-x", "+1", "- 2 * 3", "-(1)",
        ".label", "|> yield()", "* 2", "== 1", "and true", "or false", "% 2", "^ 2", "< 3", "!~ /x/",
        "\"string\" + \"s\"", "<-", "{a: 1}", "{r with a: 1}", "if true then 1 else 2", "not true", "exists r.a",
        "1h", "2024-01-01T00:00:00Z", "1.5", "42", "01", "9223372036854775808",
        "@edition(\"2022.1\")\nfrom(bucket: \"b\")", "@edition(\"2022.1\")", "@ edition\nx = 1", "@a(1 + 2)\nx = 1",
        "@deprecated\n@edition(\"2022.1\")\nx = 1", "@edition(\"2022.1\")\n(x)",
        "x = 1\n(x)", "x = 1\n[x]", "x = r\n.y", "x = r\n.\"y\"", "x = 1\n-1", "x = a\n/b/",
        "f(a, b: 1)", "x = {\"a\"}", "x = {a, b}", "x = 1\nimport \"array\"",
        "option task = {name: \"t\", every: 1h}\nx = 1", "option now = () => 2024-01-01T00:00:00Z\nx = now()",
        "x = \"${r.a}\"", "return 1", "x = (a=1, b) => a + b", "f = (tables=<-) => tables\n  |> filter(fn: (r) => r._value > 0)",
        "x = 1 +", "x = (1", "x = [1, 2", "x = {a: 1", "x = f(a: 1,, b: 2)", "x = f(a: 1 b: 2)", "x = if a then b",
        "x = a |> b", "x = 1\n\n\n(y) => y", "x = \"${a b}\"", "x = \"${}\"", "x = \"a ${r.b + 1} c\"",
    ]

    /// Pipelines of many shapes, all valid.
    static let pipelines: [String] = {
        let sources = [
            "from(bucket: \"b\")", "from(bucketID: \"0000000000000001\")", "array.from(rows: [{a: 1, b: \"x\"}])",
            "from(bucket: \"telegraf\", host: \"http://other:8086\", org: \"o\", token: \"t\")", "csv.from(csv: data)",
        ]
        let stages = [
            "\n  |> range(start: -1h)", "\n  |> range(start: -task.every)\n  |> filter(fn: (r) => r._measurement == \"cpu\" and r.host =~ /^web/)",
            "\n  |> aggregateWindow(every: 1m, fn: mean, createEmpty: false)", "\n  |> map(fn: (r) => ({r with v: r._value * 2.0}))",
            "\n  |> to(bucket: \"out\", org: \"acme\")", "\n  |> group(columns: [\"host\"])\n  |> yield(name: \"g\")",
        ]
        var out: [String] = []
        for source in sources {
            for (k, stage) in stages.enumerated() {
                out.append(source + stage)
                out.append("data = " + source + stage + "\n\ndata |> yield()")
                out.append("// step \(k)\n" + source + stage + stages[(k + 1) % stages.count])
            }
        }
        return out
    }()

    /// The queries of the project's examples.
    static func exampleQueries() -> [String] {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let loaded = ManifestLoader.load(paths: [root.appendingPathComponent("examples").path])
        return (loaded.desired?.tasks ?? []).compactMap { $0.query.isEmpty ? nil : $0.query }
    }

    static func manifest(_ body: String) -> String {
        let indented = body.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }
        return "apiVersion: influxdata.com/v2alpha1\nkind: Task\nmetadata:\n  name: t\nspec:\n  every: 1h\n  query: |-\n" + indented.joined(separator: "\n") + "\n"
    }

    /// The codes of the scope checks (`FluxScopeCheck`), which judge more than the parse.
    static let scopeCodes: Set<String> = ["unknown-import", "undefined-identifier", "unknown-member", "unknown-argument", "missing-argument"]

    func testValidationAndTheSandboxAgreeOnEveryBody() async throws {
        var corpus: [String] = []
        for prelude in Self.preludes { for leader in Self.leaders { corpus.append(prelude + leader) } }
        corpus += Self.pipelines
        corpus += Self.exampleQueries()
        var seen = Set<String>()
        corpus = corpus.filter { seen.insert($0).inserted }
        XCTAssertGreaterThanOrEqual(corpus.count, 300)

        let options = TaskOptions(name: "t", schedule: .every(try FluxDuration(parsing: "1h")))
        try await SandboxHarness.with { harness in
            let orgID = try await harness.api.findOrg(name: SandboxHarness.org).id
            var differences: [String] = []
            var accepted = 0
            var scopeOnly = 0
            for body in corpus {
                let loaded = ManifestLoader.load(text: Self.manifest(body), path: "t.yml")
                let validated = loaded.desired?.tasks.first
                // What the client sends: the loader's script; for a refused body, the same composition.
                let script =
                    validated?.script ?? (try? FluxScript.compose(options: options, query: body))
                    ?? FluxScript.optionStatement(for: options) + "\n\n" + body + "\n"
                var created = true
                var answer = "201"
                do {
                    _ = try await harness.api.createTask(TaskCreateRequest(orgID: orgID, flux: script, status: "inactive"))
                } catch let error as InfluxAPIError {
                    created = false
                    answer = error.description
                    XCTAssertEqual(error.status, 400, error.description)
                }
                if created { accepted += 1 }
                // The parse's verdict: the scope checks (undefined names, unknown imports, …) are
                // ours on purpose — InfluxDB accepts those scripts and fails them at run time —
                // so their findings are not a difference of parse.
                let parseErrors = loaded.diagnostics.filter { $0.severity == .error && !Self.scopeCodes.contains($0.code ?? "") }
                if validated == nil, parseErrors.isEmpty { scopeOnly += 1 }
                if created != parseErrors.isEmpty {
                    differences.append(
                        "\(body.debugDescription): validate \(parseErrors.isEmpty ? "accepted" : "refused: " + parseErrors.map(\.description).joined(separator: "; ")), sandbox \(answer)"
                    )
                }
            }
            print(
                "composed-script differential: \(corpus.count) bodies, \(accepted) accepted, \(corpus.count - accepted) refused, \(differences.count) verdict differences (\(scopeOnly) parse but are refused by the scope checks)"
            )
            XCTAssertEqual(differences, [])
        }
    }
}
