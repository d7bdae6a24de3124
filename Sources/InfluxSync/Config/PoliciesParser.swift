import Yams

/// Reads a `policies:` mapping of `influxsync.yaml` (top level or under a target) strictly:
/// every unknown key, selector or field name is refused naming `file:line`.
enum PoliciesParser {
    private static let sections = ["ignore", "protect"]
    private static let selectorKeys = PolicySelector.Kind.allCases.map(\.rawValue)

    /// Parses `node`, the value of a `policies` key.
    /// - Parameters:
    ///   - path: the config file, for `path:line` in messages and rule locations.
    ///   - owner: `""` at the top level, ` of target "prod"` under a target.
    /// - Throws: `ConfigError` for a value that is not a mapping, an unknown section, a section
    ///   that is not a list, a rule that is not a mapping, with no selector or two of them, an
    ///   unknown rule key, names that are not strings, an ignore rule without `fields` or with
    ///   a field its selector cannot have, or a protect rule with `fields`.
    static func parse(_ node: Node, path: String, owner: String) throws(ConfigError) -> Policies {
        func line(_ node: Node) -> String { "\(path):\(node.mark?.line ?? 0)" }
        guard let mapping = node.mapping else {
            throw ConfigError("\(line(node)): `policies`\(owner) must be a mapping", hint: "write `policies:` then `ignore:` and/or `protect:` lists of rules")
        }
        var policies = Policies()
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard sections.contains(key) else {
                throw ConfigError(
                    "\(line(keyNode)): unknown field `\(key)` in `policies`\(owner)",
                    hint: "\(suggestion(key, sections))`policies` has `ignore` and `protect`")
            }
            guard let rules = value.sequence else {
                throw ConfigError(
                    "\(line(value)): `policies.\(key)`\(owner) must be a list of rules",
                    hint: "write one `- tasks: [\"name-*\"]` entry per rule")
            }
            for rule in rules {
                if key == "ignore" {
                    policies.ignore.append(try ignoreRule(rule, line: line))
                } else {
                    policies.protect.append(try protectRule(rule, line: line))
                }
            }
        }
        return policies
    }

    private static func ignoreRule(_ node: Node, line: (Node) -> String) throws(ConfigError) -> IgnoreRule {
        let (selector, fieldsNode) = try selectorAndFields(node, section: "ignore", line: line)
        guard let fieldsNode else {
            throw ConfigError(
                "\(line(node)): this ignore rule has no `fields`",
                hint: "list the fields whose live value wins: \(list(PolicyField.allowed(for: selector.kind).map(\.rawValue)))")
        }
        let allowed = PolicyField.allowed(for: selector.kind)
        let what = selector.kind == .labels ? "labels" : "tasks"
        var fields: [PolicyField] = []
        for item in try names(fieldsNode, key: "fields", line: line) {
            guard let field = PolicyField(rawValue: item.text), allowed.contains(field) else {
                throw ConfigError(
                    "\(line(item.node)): `\(item.text)` is not a field an ignore rule can name for \(what)",
                    hint: "\(suggestion(item.text, allowed.map(\.rawValue)))\(what) have \(list(allowed.map(\.rawValue)))")
            }
            if !fields.contains(field) { fields.append(field) }
        }
        return IgnoreRule(selector: selector, fields: fields, location: line(node))
    }

    private static func protectRule(_ node: Node, line: (Node) -> String) throws(ConfigError) -> ProtectRule {
        let (selector, fieldsNode) = try selectorAndFields(node, section: "protect", line: line)
        if let fieldsNode {
            throw ConfigError(
                "\(line(fieldsNode)): a protect rule has no `fields`: it protects the whole resource from deletion",
                hint: "remove `fields`, or move the rule under `ignore:`")
        }
        return ProtectRule(selector: selector, location: line(node))
    }

    /// The rule's one selector and its `fields` node (nil when absent).
    private static func selectorAndFields(_ node: Node, section: String, line: (Node) -> String) throws(ConfigError) -> (PolicySelector, Node?) {
        let keys = section == "ignore" ? selectorKeys + ["fields"] : selectorKeys
        let aRule = section == "ignore" ? "an ignore rule" : "a protect rule"
        guard let mapping = node.mapping else {
            throw ConfigError("\(line(node)): \(aRule) must be a mapping", hint: "write `- tasks: [\"name-*\"]`\(section == "ignore" ? " with `fields: [status]`" : "")")
        }
        var selector: PolicySelector?
        var fields: Node?
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if key == "fields" {
                fields = value
                continue
            }
            guard let kind = PolicySelector.Kind(rawValue: key) else {
                throw ConfigError(
                    "\(line(keyNode)): unknown field `\(key)` in \(aRule)",
                    hint: "\(suggestion(key, keys))\(aRule) has \(list(keys))")
            }
            if let first = selector {
                throw ConfigError(
                    "\(line(keyNode)): this \(section) rule has both `\(first.kind.rawValue)` and `\(key)`; a rule has exactly one selector",
                    hint: "split it into two rules")
            }
            selector = PolicySelector(kind, try names(value, key: key, line: line).map(\.text))
        }
        guard let selector else {
            throw ConfigError(
                "\(line(node)): this \(section) rule selects nothing",
                hint: "give it one of \(list(selectorKeys)) (names or globs such as \"nightly-*\")")
        }
        return (selector, fields)
    }

    /// A non-empty string, or a non-empty list of them.
    private static func names(_ node: Node, key: String, line: (Node) -> String) throws(ConfigError) -> [(text: String, node: Node)] {
        let items = node.sequence.map(Array.init) ?? [node]
        var out: [(text: String, node: Node)] = []
        for item in items {
            guard let text = item.scalar?.string, !text.trimmingWhitespace().isEmpty else {
                throw ConfigError(
                    "\(line(item)): `\(key)` must be a name or a list of names",
                    hint: key == "fields" ? "write `fields: [status]`" : "write `\(key): [\"name\", \"prefix-*\"]` (globs: * and ?)")
            }
            out.append((text, item))
        }
        if out.isEmpty {
            throw ConfigError(
                "\(line(node)): `\(key)` lists nothing", hint: key == "fields" ? "write `fields: [status]`" : "write `\(key): [\"name\", \"prefix-*\"]` (globs: * and ?)")
        }
        return out
    }

    private static func suggestion(_ key: String, _ among: [String]) -> String {
        EditDistance.suggestion(for: key, among: among).map { "did you mean `\($0)`? " } ?? ""
    }

    private static func list(_ names: [String]) -> String { names.map { "`\($0)`" }.joined(separator: ", ") }
}
