import Flux
import InfluxSync
import XCTest

/// A `.flux` file is sent as written; a YAML query is composed, keeping a leading comment above
/// the imports.
final class FluxAsWrittenTests: XCTestCase {
    func testAFluxFileIsSentAsWritten() throws {
        let text =
            "\u{FEFF}// Hourly rollup\r\nimport \"strings\"\r\n\r\n// schedule\r\noption task = {name: \"rollup\", every: 1h}\r\n\r\n\r\nfrom(bucket: \"b\")  // inline\r\n    |> range(start: -1h)"
        let result = ManifestLoader.load(text: text, path: "rollup.flux")
        XCTAssertEqual(result.diagnostics, [])
        let task = try XCTUnwrap(result.desired?.tasks.first)
        XCTAssertEqual(
            task.script,
            "// Hourly rollup\nimport \"strings\"\n\n// schedule\noption task = {name: \"rollup\", every: 1h}\n\n\nfrom(bucket: \"b\")  // inline\n    |> range(start: -1h)\n")
    }

    func testAComposedQueryKeepsItsLeadingCommentAboveTheImports() throws {
        let options = TaskOptions(name: "t", schedule: .every(try FluxDuration(parsing: "1h")))
        let composed = try FluxScript.compose(options: options, query: "// What this does\n// in two lines\nimport \"strings\"\n\nfrom(bucket: \"b\")")
        XCTAssertEqual(composed, "// What this does\n// in two lines\nimport \"strings\"\n\noption task = {name: \"t\", every: 1h}\n\nfrom(bucket: \"b\")\n")
        // Where the comment sits does not count as a difference.
        let before = try FluxScript(parsing: "import \"strings\"\n\noption task = {name: \"t\", every: 1h}\n\n// What this does\n// in two lines\nfrom(bucket: \"b\")\n")
        XCTAssertTrue(try FluxScript(parsing: composed).hasEquivalentBody(to: before))
    }
}
