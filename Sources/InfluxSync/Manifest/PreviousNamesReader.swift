import Yams

extension ManifestNodeReader {
    /// `spec.previousNames` of a Task or Label: a list of non-empty names under which the
    /// resource may exist live (rename in place). Errors are reported; bad entries are dropped.
    func previousNames(_ entry: MappingEntry?) -> [String] {
        guard let entry, !ManifestNodeReader.isNull(entry.value) else { return [] }
        guard let sequence = entry.value.sequence else {
            error(
                location(entry.value), field: "spec.previousNames", "previousNames must be a list of names",
                hint: "write `previousNames: [\"old name\"]`")
            return []
        }
        var names: [String] = []
        for (index, node) in sequence.enumerated() {
            let path = "spec.previousNames[\(index)]"
            guard let field = scalar(node, path: path, what: path) else { continue }
            if field.value.trimmingWhitespace().isEmpty {
                error(field.location, field: path, "previous name is empty", hint: "remove the entry")
            } else {
                names.append(field.value)
            }
        }
        return names
    }
}
