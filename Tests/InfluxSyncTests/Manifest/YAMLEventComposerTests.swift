import XCTest
import Yams

@testable import InfluxSync

/// The event composer builds the same nodes as the Yams parser for the documents it takes,
/// and hands every other document to the Yams parse.
final class YAMLEventComposerTests: XCTestCase {
    /// A node written out with every field the readers use: text, style, position.
    private func dump(_ node: YAMLNode) -> String {
        let at = node.mark.map { "@\($0.line):\($0.column)" } ?? "@?"
        switch node {
        case .scalar(let scalar): return "\(String(reflecting: scalar.string))/\(scalar.styleRawValue)\(at)"
        case .mapping(let mapping): return "{" + mapping.map { "\(dump($0.key)): \(dump($0.value))" }.joined(separator: ", ") + "}\(at)"
        case .sequence(let sequence): return "[" + sequence.map(dump).joined(separator: ", ") + "]\(at)"
        }
    }

    private func composed(_ text: String, maxDepth: Int = 256) -> (roots: [String], outcome: YAMLEventComposer.Outcome) {
        var roots: [String] = []
        let outcome = YAMLEventComposer(maxDepth: maxDepth).compose(text) { roots.append(dump($0)) }
        return (roots, outcome)
    }

    private func parsedByYams(_ text: String) throws -> [String] {
        let parser = try Yams.Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
        var roots: [String] = []
        while let root = try parser.nextRoot() { roots.append(dump(YAMLNode(root))) }
        return roots
    }

    func testManifestShapesComposeAsYamsComposesThem() throws {
        let texts = [
            // Several documents, block scalars of each kind, quoting, comments, flow style.
            """
            ---
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: downsample  # a comment
            spec:
              every: 1h
              description: "tab\\there, \\u00e9"
              query: |-
                from(bucket: "raw")
                    |> range(start: -1h)
              folded: >
                one
                two
              kept: |+
                text

              single: 'it''s'
              associations:
                - kind: Label
                  name: team
              flow: {a: 1, b: [x, "y", 'z']}
            ---
            apiVersion: influxdata.com/v2alpha1
            kind: Label
            metadata: {name: team}
            spec:
              color: "#00aa00"
            """,
            // Empty documents, null spellings, an anchor never used, an explicit tag.
            "---\n---\na: ~\nb:\nc: null\nd: &unused 5\ne: !!str 7\n...\n",
            // Unicode before values (columns count Unicode scalars). (A BOM and CRLF line ends
            // never reach the parser: `ManifestText` drops and turns them into LF.)
            "name: \"é🙂\"\nnext: après 🙂 x\nlist:\n- é\n- 🙂: v\n",
            // A JSON file: one array of resources.
            #"[{"apiVersion": "influxdata.com/v2alpha1", "kind": "Label", "metadata": {"name": "a"}, "spec": {}}, {"k": [1, 2.5, true, null]}]"#,
            // A document that is one scalar, and one that is empty of content.
            "just text\n",
            "",
        ]
        for text in texts {
            let fast = composed(text)
            XCTAssertEqual(fast.outcome, .finished, text)
            XCTAssertEqual(fast.roots, try parsedByYams(text), text)
        }
    }

    func testDocumentsNeedingTheYamsParserAreLeftToIt() {
        let first = "a: 1\n"
        let cases: [(String, Int)] = [
            ("\(first)---\nx: &anchor 1\ny: *anchor\n", 1),  // an alias
            ("\(first)---\nkey: 1\nother: 2\nkey: 3\n", 1),  // a key written twice
            ("\(first)---\n? [a, b]\n: 1\n", 1),  // a key that is not a scalar
            ("\(first)---\na: [1, 2\n", 1),  // a syntax error
            ("key: 1\nkey: 2\n---\n\(first)", 0),
        ]
        for (text, index) in cases {
            let fast = composed(text)
            XCTAssertEqual(fast.outcome, .needsParser(documentIndex: index), text)
            XCTAssertEqual(fast.roots.count, index, text)
        }
        // Nesting past the cap, counted as the alias check counts it (the root at depth 1).
        XCTAssertEqual(composed("a:\n  b:\n    c: 1\n", maxDepth: 3).outcome, .needsParser(documentIndex: 0))
        XCTAssertEqual(composed("a:\n  b: 1\n", maxDepth: 3).outcome, .finished)
        // Two keys of one text in a large mapping (the set, not the pairwise search).
        let wide = (0..<40).map { "k\($0): \($0)" }.joined(separator: "\n") + "\nk7: again\n"
        XCTAssertEqual(composed(wide).outcome, .needsParser(documentIndex: 0))
    }

    func testAFileHandedOverMidwayGivesEachDocumentOnceInOrder() {
        let text = "---\nn: 1\n---\nn: 2\n---\nn: 3\nn: 4\n---\nn: 5\n"
        var seen: [String] = []
        let result = YAMLDocumentParser.parse(ManifestText(path: "m.yml", rawText: text, format: .templates)) { root, _ in
            seen.append(root.mapping?.last?.value.string ?? "?")
        }
        // The third document's earlier `n` is renamed by the Yams parse's duplicate recovery,
        // and the reader reports it; here each document is handed out once.
        XCTAssertEqual(seen, ["1", "2", "4", "5"])
        XCTAssertEqual(result.diagnostics.map(\.message), [])
        XCTAssertEqual(result.marks.insertions.count, 1)
    }
}
