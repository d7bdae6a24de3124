/// The script as a reader of `spec.query` sees it.
extension FluxScript {
    /// The script without its `option task` statement, in source order: the comments written
    /// above the imports (a script's header), the imports one per line, a blank line, the
    /// body. What the plan diffs and what a `.flux` task or an export shows as its query.
    public var textWithoutOptions: String {
        var body = self.body
        var head: [String] = []
        if let comment = textBeforeImports, body.hasPrefix(comment) {
            head.append(comment)
            body = String(body.dropFirst(comment.count)).trimmingFluxWhitespace()
        }
        head += imports
        var parts: [String] = []
        if !head.isEmpty { parts.append(head.joined(separator: "\n")) }
        if !body.isEmpty { parts.append(body) }
        return parts.joined(separator: "\n\n")
    }
}
