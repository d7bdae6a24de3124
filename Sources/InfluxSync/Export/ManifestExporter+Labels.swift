import InfluxAPI
import Yams

extension ManifestExporter {
    /// The `kind: Label` documents, in name order (ties by ID): every label but owner labels, or
    /// with a task filter only those the exported tasks carry; and each label's key by label ID.
    static func labelDocuments(_ live: [InfluxLabel], carriedBy tasks: [SelectedTask], options: ExportOptions)
        -> (documents: [Node], keys: [String: String])
    {
        let carried = Set(tasks.flatMap { $0.task.labels.map(\.id) })
        let labels =
            live
            .filter { !Ownership.isOwnerLabel($0) && (!options.hasTaskFilter || carried.contains($0.id)) }
            .sorted { ($0.name, $0.id) < ($1.name, $1.id) }
        var labelSlugs = ExportSlugs(fallback: "label")
        var labelKeys: [String: String] = [:]
        var labelDocuments: [Node] = []
        for label in labels {
            let key = labelSlugs.claim(label.name)
            labelKeys[label.id] = key
            var spec: [(String, Node)] = [("name", YAMLManifestWriter.string(label.name))]
            // Exactly as the server has it (`#abc`, `red` too): the plan compares colours as
            // stored, so anything else would propose to change them on the first apply.
            if let color = label.properties["color"], !color.isEmpty {
                spec.append(("color", YAMLManifestWriter.string(color)))
            }
            if let description = label.properties["description"], !description.isEmpty {
                spec.append(("description", YAMLManifestWriter.string(description)))
            }
            labelDocuments.append(YAMLManifestWriter.document(kind: "Label", key: key, spec: spec))
        }
        return (labelDocuments, labelKeys)
    }
}
