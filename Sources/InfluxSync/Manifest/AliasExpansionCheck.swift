import Yams

/// Bounds the cost of reading a YAML document whose aliases (`*name`) expand to far more nodes
/// than the text holds (the "billion laughs" shape: 9 levels of 10 aliases make 10⁹ nodes from
/// 1 KB). Yams composes an alias as a shared copy of its anchored node, which is cheap; walking
/// the tree is not. This check walks the document once, stopping as soon as the nodes reached
/// through aliases exceed `ManifestLimits.maxAliasNodes` or the nesting exceeds `maxDepth`, so
/// its cost is bounded by the caps, not by the expansion. Run it while the Yams `Parser` that
/// produced the node is alive: nodes hold their `anchor` weakly and the parser owns it.
struct AliasExpansionCheck {
    let limits: ManifestLimits
    let source: ManifestText
    let marks: MarkMapper

    /// The cap the document exceeds, as an error at the alias (or node) where it was exceeded;
    /// nil when the document is within both caps.
    func violation(in root: Node) -> Diagnostic? {
        var walk = Walk(limits: limits)
        guard let exceeded = walk.visit(root, depth: 1, alias: nil) else { return nil }
        switch exceeded {
        case .aliasNodes(let anchor, let node):
            return Diagnostic(
                at: aliasLocation(anchor) ?? marks.location(node.mark),
                "YAML aliases expand to more than \(limits.maxAliasNodes) nodes (the alias cap), here through alias *\(anchor)",
                hint: "write the values out instead of nesting aliases of aliases; influxsync refuses alias expansion beyond \(limits.maxAliasNodes) nodes")
        case .depth(let node):
            return Diagnostic(
                at: marks.location(node.mark),
                Self.depthMessage(source: source, limits: limits),
                hint: Self.depthHint)
        }
    }

    /// `YAML nesting is deeper than 256 levels (the depth cap)` (`JSON` for a `.json` file):
    /// the same words whether our walk or the parser's own stack limit found it.
    static func depthMessage(source: ManifestText, limits: ManifestLimits) -> String {
        "\(source.syntaxName) nesting is deeper than \(limits.maxDepth) levels (the depth cap)"
    }

    /// What to do about a document nested too deep.
    static let depthHint = "flatten the structure; manifests never need more than a few levels"

    /// Where the first use of `*anchor` is in the source (an alias node keeps only the anchored
    /// node's position after composing), or nil when it cannot be found.
    private func aliasLocation(_ anchor: String) -> SourceLocation? {
        let name = Array(anchor.unicodeScalars)
        let before = Set(" \t[{,:-".unicodeScalars)
        let after = Set(" \t]},#".unicodeScalars)
        for (number, line) in source.lines.enumerated() {
            for i in line.indices where line[i] == "*" && (i == 0 || before.contains(line[i - 1])) {
                let end = i + 1 + name.count
                guard end <= line.count, Array(line[(i + 1)..<end]) == name else { continue }
                if end == line.count || after.contains(line[end]) {
                    return source.location(line: number + 1, column: i + 1)
                }
            }
        }
        return nil
    }

    enum Exceeded {
        case aliasNodes(anchor: String, node: Node)
        case depth(Node)
    }

    /// The walk's counters. An anchored node met a second time is an alias use: it and
    /// everything under it count towards `maxAliasNodes`, attributed to the outermost alias.
    struct Walk {
        let limits: ManifestLimits
        var anchors = Set<String>()
        var aliasNodes = 0

        mutating func visit(_ node: Node, depth: Int, alias: String?) -> Exceeded? {
            if depth > limits.maxDepth { return .depth(node) }
            var alias = alias
            if let anchor = node.anchor?.rawValue, alias == nil, !anchors.insert(anchor).inserted {
                alias = anchor
            }
            if let alias {
                aliasNodes += 1
                if aliasNodes > limits.maxAliasNodes { return .aliasNodes(anchor: alias, node: node) }
            }
            switch node {
            case .scalar, .alias:
                return nil
            case .sequence(let sequence):
                for item in sequence {
                    if let exceeded = visit(item, depth: depth + 1, alias: alias) { return exceeded }
                }
            case .mapping(let mapping):
                for (key, value) in mapping {
                    if let exceeded = visit(key, depth: depth + 1, alias: alias) { return exceeded }
                    if let exceeded = visit(value, depth: depth + 1, alias: alias) { return exceeded }
                }
            }
            return nil
        }
    }
}
