import Yams

/// A node of a parsed YAML document as the manifest readers see it: a scalar's text and style,
/// a mapping's pairs in order, a sequence's items, each with the position where it starts.
///
/// A plain value with no tags, anchors or reference-counted parts beyond its arrays and
/// strings, so that copying one while reading a document costs a retain, and a document
/// can move between threads (`DocumentHandoff`). Built by `YAMLEventComposer` from libyaml's
/// events, or converted from the Yams parser's nodes (`init(_:)`) when a document needs the
/// parser's own handling (a syntax error, a duplicate key, an alias).
enum YAMLNode: Sendable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(Sequence)

    /// A position in the text parsed: 1-based line, and 1-based column counted in Unicode
    /// scalars (as libyaml counts).
    struct Mark: Sendable, Equatable {
        var line: Int
        var column: Int
    }

    /// A scalar: its value as read (escapes and folding applied) and how it was written.
    struct Scalar: Sendable {
        /// The style scalars are written in (Yams' enumeration of libyaml's styles).
        typealias Style = Yams.Node.Scalar.Style

        var string: String
        /// `Style`'s raw value (that enumeration is not `Sendable`).
        var styleRawValue: Style.RawValue
        var mark: Mark?

        /// How the scalar was written (plain, quoted, literal or folded block).
        var style: Style { Style(rawValue: styleRawValue) ?? .any }
    }

    /// A mapping: its key/value pairs in the order written (duplicates kept as written).
    struct Mapping: Sendable, RandomAccessCollection {
        var pairs: [(key: YAMLNode, value: YAMLNode)]
        var mark: Mark?

        var startIndex: Int { pairs.startIndex }
        var endIndex: Int { pairs.endIndex }
        subscript(position: Int) -> (key: YAMLNode, value: YAMLNode) { pairs[position] }

        /// The value of the first pair whose key is the scalar `key`.
        subscript(key: String) -> YAMLNode? { pairs.first { $0.key.string == key }?.value }
    }

    /// A sequence: its items in order.
    struct Sequence: Sendable, RandomAccessCollection {
        var items: [YAMLNode]
        var mark: Mark?

        var startIndex: Int { items.startIndex }
        var endIndex: Int { items.endIndex }
        subscript(position: Int) -> YAMLNode { items[position] }
    }

    var scalar: Scalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    var mapping: Mapping? {
        if case .mapping(let mapping) = self { return mapping }
        return nil
    }

    var sequence: Sequence? {
        if case .sequence(let sequence) = self { return sequence }
        return nil
    }

    /// The text of a scalar; nil for a mapping or sequence.
    var string: String? { scalar?.string }

    /// Where the node starts.
    var mark: Mark? {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .mapping(let mapping): mapping.mark
        case .sequence(let sequence): sequence.mark
        }
    }
}

extension YAMLNode.Mark {
    /// The same position as a Yams mark.
    init(_ mark: Yams.Mark) { self.init(line: mark.line, column: mark.column) }
}

extension YAMLNode {
    /// The same document as the Yams parser composed it, aliases expanded (call it only after
    /// `AliasExpansionCheck` has bounded the expansion). Tags are dropped: the manifest
    /// readers interpret scalars themselves.
    init(_ node: Yams.Node) {
        switch node {
        case .scalar(let scalar):
            self = .scalar(Scalar(string: scalar.string, styleRawValue: scalar.style.rawValue, mark: scalar.mark.map(Mark.init)))
        case .mapping(let mapping):
            self = .mapping(Mapping(pairs: mapping.map { (key: YAMLNode($0.key), value: YAMLNode($0.value)) }, mark: mapping.mark.map(Mark.init)))
        case .sequence(let sequence):
            self = .sequence(Sequence(items: sequence.map(YAMLNode.init), mark: sequence.mark.map(Mark.init)))
        case .alias(let alias):
            // The parser resolves aliases to their nodes; an alias node only comes from code
            // that builds documents to write them.
            self = .scalar(Scalar(string: "", styleRawValue: Scalar.Style.plain.rawValue, mark: alias.mark.map(Mark.init)))
        }
    }
}
