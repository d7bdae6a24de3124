import XCTest

@testable import Flux

/// `compose(options:replacingOptionsOf:)` reuses the parsed query; it must give exactly the text
/// `compose(options:query:)` gives for that query without its own `option task` record.
final class ComposeFromParsedTests: XCTestCase {
    private func withoutRecord(_ script: FluxScript) -> String {
        guard script.options != nil else { return script.source }
        var parts: [String] = []
        if !script.imports.isEmpty { parts.append(script.imports.joined(separator: "\n")) }
        if !script.body.isEmpty { parts.append(script.body) }
        return parts.joined(separator: "\n\n")
    }

    func testSameTextAsComposingTheQueryWithoutItsRecord() throws {
        var rng = SeededGenerator(seed: 0xC0_4905E)
        let leads = ["", "// describes the task\n", "// one\n// two\n\n"]
        let imports = ["", "import \"strings\"\n", "import \"array\"\nimport h \"http\"\n"]
        let records = ["", "option task = {name: \"t\", every: 1h}\n", "option task = {name: \"t\", every: 1h, offset: 5m, retry: 2}\n"]
        let bodies = ["", "from(bucket: \"b\") |> range(start: -1h)\n", "x = 1\n// tail\n", "option now = () => 2024-01-01T00:00:00Z\ny = now()\n"]
        let options = TaskOptions(name: "t", schedule: .every(FluxDuration(nanoseconds: 3_600_000_000_000)))
        var checked = 0
        for _ in 0..<300 {
            let query =
                leads.randomElement(using: &rng)! + imports.randomElement(using: &rng)!
                + records.randomElement(using: &rng)! + bodies.randomElement(using: &rng)!
            let parsed = try FluxScript(parsing: query)
            var merged = options
            if let record = parsed.options { merged.offset = record.offset; merged.retry = record.retry }
            XCTAssertEqual(
                try FluxScript.compose(options: merged, replacingOptionsOf: parsed),
                try FluxScript.compose(options: merged, query: withoutRecord(parsed)), query.debugDescription)
            checked += 1
        }
        XCTAssertEqual(checked, 300)
        XCTAssertThrowsError(
            try FluxScript.compose(
                options: TaskOptions(name: "a\nb", schedule: options.schedule),
                replacingOptionsOf: try FluxScript(parsing: "x = 1")))
    }
}
