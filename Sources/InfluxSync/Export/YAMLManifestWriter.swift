import Flux
import InfluxAPI
import Yams

/// Builds template-format YAML with Yams, so every string is written in a style that reads back
/// as exactly the same string (a literal block where it can be, quoted otherwise).
enum YAMLManifestWriter {
    /// A string scalar: a literal block for multi-line text, plain when plain reads back as the
    /// same string, double-quoted otherwise (`"true"`, `"null"`, `"1h"` stays plain as a string).
    static func string(_ text: String) -> Node {
        // YAML reads U+0085, U+2028 and U+2029 as line breaks, so the loader refuses them raw
        // (`ManifestBytesCheck`): only a double-quoted scalar writes them escaped (`\N`, `\L`, `\P`).
        if text.unicodeScalars.contains(where: { $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
            return .scalar(Node.Scalar(text, Tag(.str), .doubleQuoted))
        }
        if text.contains("\n") {
            // The emitter falls back to a quoted style when a literal block cannot hold the text.
            // (The loader does not look for invisible characters inside a block's lines.)
            return .scalar(Node.Scalar(text, Tag(.str), .literal))
        }
        // A one-line value holding any other invisible character (a no-break space, a
        // zero-width space, a bidi mark, …) would sit right after `: ` or inside the flow of a
        // plain scalar, where the loader refuses it as a typo for a space
        // (`StructureCharacterCheck`); inside quotes it never does.
        if text.unicodeScalars.contains(where: CharacterName.isInvisible) {
            return .scalar(Node.Scalar(text, Tag(.str), .doubleQuoted))
        }
        let readsAsString = !text.isEmpty && Resolver.default.resolveTag(of: .scalar(Node.Scalar(text))) == .str
        return .scalar(Node.Scalar(text, Tag(.str), readsAsString ? .any : .doubleQuoted))
    }

    /// A script parameter as the loader reads it back (`TaskSpecReader`): a string quoted
    /// where plain would read as another type, a number (whole numbers without a fraction),
    /// `true`/`false`, `null`.
    static func parameter(_ value: ScriptParameterValue) -> Node {
        switch value {
        case .string(let text):
            // Plain text the reader would take for a number or a boolean (`NaN`, `0x1p3`,
            // `-.5`, `inf`…) is double-quoted, so it reads back as the same string.
            if TaskSpecReader.plainParameterValue(text) != nil {
                return .scalar(Node.Scalar(text, Tag(.str), .doubleQuoted))
            }
            return string(text)
        case .bool(let flag): return .scalar(Node.Scalar(flag ? "true" : "false", Tag(.bool), .plain))
        case .null: return .scalar(Node.Scalar("null", Tag(.null), .plain))
        case .number(let number):
            if number == number.rounded(), abs(number) < 9_007_199_254_740_992 { return integer(Int(number)) }
            return .scalar(Node.Scalar("\(number)", Tag(.float), .plain))
        case .array, .object:
            // Not reached: such a task is skipped (`ManifestExporter.selectTasks`).
            return string(value.description)
        }
    }

    /// An integer scalar.
    static func integer(_ value: Int) -> Node { .scalar(Node.Scalar(String(value), Tag(.int), .plain)) }

    /// A mapping in the given key order.
    static func mapping(_ pairs: [(String, Node)]) -> Node {
        .mapping(Node.Mapping(pairs.map { (string($0.0), $0.1) }, Tag(.map), .block))
    }

    /// A block sequence.
    static func sequence(_ nodes: [Node]) -> Node { .sequence(Node.Sequence(nodes, Tag(.seq), .block)) }

    /// One template document: `apiVersion`, `kind`, `metadata.name`, `spec`.
    static func document(kind: String, key: String, spec: [(String, Node)]) -> Node {
        mapping([
            ("apiVersion", string("influxdata.com/v2alpha1")),
            ("kind", string(kind)),
            ("metadata", mapping([("name", string(key))])),
            ("spec", mapping(spec)),
        ])
    }

    /// The documents as one YAML stream (`---` between documents), 2-space indent, no line
    /// folding, non-ASCII written as is, under the schema modeline (`ManifestSchema.modeline`)
    /// so editors check the file as it is edited.
    static func serialize(_ documents: [Node]) throws -> String {
        ManifestSchema.modeline + "\n"
            + (try Yams.serialize(nodes: documents, indent: 2, width: -1, allowUnicode: true, explicitStart: true))
    }
}
