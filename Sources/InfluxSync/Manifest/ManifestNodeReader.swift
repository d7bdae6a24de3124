import Yams

/// A scalar value of a manifest after `{envRef: …}` substitution.
struct ScalarField {
    var value: String
    /// Where the value is written (the envRef mapping for substituted values).
    var location: SourceLocation
    var field: String
    /// The YAML scalar node when the value is written directly (nil when substituted), so
    /// positions inside the value (Flux errors, cron columns) can be mapped to the file.
    var node: YAMLNode.Scalar?
}

/// One entry of a YAML mapping.
struct MappingEntry {
    var key: String
    var keyNode: YAMLNode
    var value: YAMLNode
}

/// The entries of one mapping that `ManifestNodeReader.entries` kept, looked up by key. A
/// manifest's mappings hold a handful of keys, so a search in order beats hashing every key
/// of every document.
struct MappingFields {
    private var kept: [MappingEntry] = []

    /// The entry of `key` (the last one written, when the key is repeated), or nil.
    subscript(key: String) -> MappingEntry? {
        kept.last { $0.key == key }
    }

    mutating func append(_ entry: MappingEntry) {
        kept.append(entry)
    }
}

/// Reads nodes of one source, collecting diagnostics: field access, unknown and duplicate
/// keys, `{envRef: {key, default}}` substitution, and locations of nodes and of positions
/// inside scalar values.
final class ManifestNodeReader {
    let source: ManifestText
    /// Grows while a source is parsed (duplicate-key recovery); each document is read with the
    /// marks in force when it was parsed.
    var marks: MarkMapper
    let envRefs: [String: String]
    /// Names the script checks accept although the standard-library data does not know them
    /// (`--allow-flux`; `FluxScopeCheck.check(_:allowing:)`).
    var fluxAllowances: Set<String> = []
    /// Where task readers queue their script checks (nil: not checked, e.g. when only the
    /// files holding resources are wanted).
    var scriptChecks: ScriptCheckQueue?
    private(set) var diagnostics: [Diagnostic] = []

    init(source: ManifestText, marks: MarkMapper, envRefs: [String: String]) {
        self.source = source
        self.marks = marks
        self.envRefs = envRefs
    }

    // MARK: Diagnostics

    func error(_ location: SourceLocation?, field: String?, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, at: location, field: field, message, hint: hint))
    }

    func diagnostics(append diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    func diagnostics(appendingAll more: [Diagnostic]) {
        diagnostics += more
    }

    func warning(_ location: SourceLocation?, field: String?, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(.warning, at: location, field: field, message, hint: hint))
    }

    func location(_ node: YAMLNode) -> SourceLocation { marks.location(node.mark) }

    /// `parent.child`, or `child` at the top.
    static func join(_ parent: String, _ child: String) -> String { parent.isEmpty ? child : "\(parent).\(child)" }

    // MARK: Mappings

    /// The entries of a mapping, reporting unknown keys (when `allowed` is given) with a
    /// suggestion. Entries keep the last occurrence of a duplicated key (duplicates are
    /// reported by `reportDuplicateKeys`). Returns nil (after an error naming `what`) when the
    /// node is not a mapping.
    func entries(of node: YAMLNode, path: String, what: String, allowed: [String]? = nil, hintForUnknown: ((String) -> String?)? = nil) -> MappingFields? {
        guard let mapping = node.mapping else {
            error(
                location(node), field: path.isEmpty ? nil : path, "\(what) must be a mapping",
                hint: "write `key: value` lines indented under it")
            return nil
        }
        var result = MappingFields()
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                error(location(keyNode), field: path.isEmpty ? nil : path, "keys of \(what) must be plain names")
                continue
            }
            if YAMLDocumentParser.originalKey(ofRenamed: key) != nil { continue }
            let fieldPath = Self.join(path, key)
            if let allowed, !allowed.contains(key) {
                var hint: String
                if let suggestion = EditDistance.suggestion(for: key, among: allowed) {
                    hint = "did you mean \(suggestion.quoted)?"
                } else {
                    hint = "\(what) fields are: " + allowed.sorted().map(\.quoted).joined(separator: ", ")
                }
                if let extra = hintForUnknown?(key) { hint = extra }
                error(location(keyNode), field: fieldPath, "unknown field \(key.quoted) in \(what)", hint: hint)
                continue
            }
            result.append(MappingEntry(key: key, keyNode: keyNode, value: value))
        }
        return result
    }

    /// Reports every later occurrence of a key in any mapping under `node` (the parser renamed
    /// the earlier ones, see `YAMLDocumentParser`).
    func reportDuplicateKeys(in node: YAMLNode, path: String) {
        if let mapping = node.mapping {
            // Locations and field paths are made only where needed: this walks every key of
            // every document, and almost none is a duplicate.
            // Keys seen so far: mappings of a manifest have a handful of keys, so up to 16 a
            // linear search (no hashing of every key of every document); a dictionary beyond.
            var seen: [(key: String, node: YAMLNode)] = []
            var index: [String: YAMLNode]? = mapping.count > 16 ? [:] : nil
            for (keyNode, value) in mapping {
                guard let rawKey = keyNode.scalar?.string else { continue }
                let key = YAMLDocumentParser.originalKey(ofRenamed: rawKey) ?? rawKey
                let earlier = index != nil ? index![key] : seen.first(where: { $0.key == key })?.node
                if let first = earlier {
                    let at = location(first)
                    error(
                        location(keyNode), field: Self.join(path, key),
                        "duplicate key \(key.quoted) in \(path.isEmpty ? "the document" : path) (first at \(at.line):\(at.column))",
                        hint: "remove one of them; keys in a mapping must be unique")
                } else if index != nil {
                    index![key] = keyNode
                } else {
                    seen.append((key, keyNode))
                }
                if value.mapping != nil || value.sequence != nil {
                    reportDuplicateKeys(in: value, path: Self.join(path, key))
                }
            }
        } else if let sequence = node.sequence {
            for (index, element) in sequence.enumerated() where element.mapping != nil || element.sequence != nil {
                reportDuplicateKeys(in: element, path: "\(path)[\(index)]")
            }
        }
    }

    // MARK: Scalars

    /// A copy of `text` in new storage made by the reading thread. A large file is parsed on
    /// another thread (`DocumentHandoff`), whose heap also holds the documents' short-lived
    /// nodes; the values the desired state keeps (queries, descriptions) are copied so they do
    /// not pin that heap's pages.
    static func ownCopy(_ text: String) -> String {
        let count = text.utf8.count
        guard count > 15 else { return text }  // shorter strings live inside the String value
        return String(unsafeUninitializedCapacity: count) { buffer in
            _ = buffer.initialize(fromContentsOf: text.utf8)
            return count
        }
    }

    /// True for a plain scalar that YAML reads as null (`~`, `null`, or nothing).
    static func isNull(_ node: YAMLNode) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The string value of a field: a scalar as written, or an `{envRef: {key, default}}`
    /// substituted from `envRefs` (then the default). Nil when the field is null/absent, or
    /// after an error (a mapping or sequence where a value belongs, an envRef without value).
    func scalar(_ node: YAMLNode?, path: String, what: String) -> ScalarField? {
        guard let node else { return nil }
        if Self.isNull(node) { return nil }
        if let scalar = node.scalar {
            return ScalarField(value: Self.ownCopy(scalar.string), location: location(node), field: path, node: scalar)
        }
        if let mapping = node.mapping, mapping.count == 1, mapping.first?.key.scalar?.string == "envRef" {
            return envRef(mapping.first!.value, at: location(node), path: path)
        }
        error(
            location(node), field: path, "\(what) must be a single value, not a \(node.mapping != nil ? "mapping" : "list")",
            hint: "write it as `\(path.split(separator: ".").last ?? ""): <value>` or `{envRef: {key: <name>}}`")
        return nil
    }

    private func envRef(_ node: YAMLNode, at location: SourceLocation, path: String) -> ScalarField? {
        let envPath = path + ".envRef"
        guard let fields = entries(of: node, path: envPath, what: "envRef", allowed: ManifestVocabulary.envRefFields) else { return nil }
        guard let key = scalar(fields["key"]?.value, path: envPath + ".key", what: "envRef key"), !key.value.isEmpty else {
            error(self.location(node), field: envPath + ".key", "envRef has no `key`", hint: "write `envRef: {key: <name>, default: <value>}`")
            return nil
        }
        if let value = envRefs[key.value] {
            return ScalarField(value: value, location: location, field: path, node: nil)
        }
        if let defaultNode = fields["default"]?.value, !Self.isNull(defaultNode) {
            guard let value = defaultNode.scalar else {
                error(self.location(defaultNode), field: envPath + ".default", "envRef default must be a single value")
                return nil
            }
            return ScalarField(value: Self.ownCopy(value.string), location: self.location(defaultNode), field: path, node: value)
        }
        error(
            location, field: path, "envRef \(key.value.quoted) has no value and no default",
            hint: "pass `--env-ref \(key.value)=<value>`, put `\(key.value)` in an --env-file, or add `default:` to the envRef")
        return nil
    }

    // MARK: Positions inside scalars

    /// The file location of a 1-based line and column inside a scalar's value, exact for
    /// literal blocks (`|`, `|-`), folded blocks, and one-line plain or quoted scalars (JSON
    /// strings with escapes included); the scalar's own location otherwise.
    func location(inside field: ScalarField, line: Int, column: Int) -> SourceLocation {
        locator(for: field).location(line: line, column: column)
    }

    /// What `location(inside:line:column:)` needs of `field`, kept to map positions later
    /// (the file's lines are split only when a position is asked for).
    func locator(for field: ScalarField) -> ScalarLocator {
        guard let node = field.node, let mark = node.mark else { return ScalarLocator(source: source, start: nil, style: nil, fallback: field.location) }
        return ScalarLocator(source: source, start: marks.location(mark), style: node.style.rawValue, fallback: field.location)
    }
}

/// Maps positions inside one scalar's value to the file (`ManifestNodeReader.location(inside:)`),
/// on demand: a value that keeps it (a script reference's place) costs nothing until asked.
struct ScalarLocator: Sendable {
    let source: ManifestText
    /// Where the scalar starts in the file; nil when the value was substituted (no node).
    let start: SourceLocation?
    /// `YAMLNode.Scalar.Style`'s raw value (the type is not `Sendable`).
    let style: YAMLNode.Scalar.Style.RawValue?
    /// The field's own location, for a position that cannot be mapped.
    let fallback: SourceLocation

    /// The file location of `line`:`column` of the value (1-based), exact for literal and
    /// folded blocks and one-line scalars; the field's location otherwise.
    func location(line: Int, column: Int) -> SourceLocation {
        guard let start, let raw = style, let style = YAMLNode.Scalar.Style(rawValue: raw) else { return fallback }
        let mapper = ScalarPositionMapper(lines: source.lines, startLine: start.line, startColumn: start.column, style: style)
        guard let position = mapper.position(line: line, column: column) else { return fallback }
        return source.location(line: position.line, column: position.column)
    }
}
