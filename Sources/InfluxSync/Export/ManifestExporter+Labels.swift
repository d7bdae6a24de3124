import Foundation
import InfluxAPI
import Yams

extension ManifestExporter {
    /// The `kind: Label` documents, in name order (ties by ID): every label but owner labels, or
    /// with a task filter only those the exported tasks carry; and each label's key by label ID.
    static func labelDocuments(_ live: [InfluxLabel], carriedBy tasks: [SelectedTask], options: ExportOptions, notes: inout [String])
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
        let ours = Ownership.labelIdentity(options.ownerLabel)
        func isOthers(_ label: InfluxLabel) -> Bool {
            label.properties[Ownership.ownerProperty].map { Ownership.labelIdentity($0) != ours } ?? false
        }
        // An association to another configuration's label names it by its live name, which the
        // loader matches case-insensitively against the keys first: no key may take that name.
        for label in labels where isOthers(label) { labelSlugs.reserve(Ownership.labelIdentity(label.name)) }
        for label in labels {
            // The server stores a name of only spaces as "" (§10.1); no manifest can declare it.
            if label.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                notes.append("label \(DisplayText.quoted(label.name)) (\(label.id)) skipped: its name is empty, which no manifest can declare; rename it in InfluxDB to export it")
                continue
            }
            // Another configuration's label: declaring it would make the plan refuse the whole
            // directory ("not adopted silently"). A task keeps its association by the live name.
            if isOthers(label), let owner = label.properties[Ownership.ownerProperty] {
                notes.append(
                    "label \(DisplayText.quoted(label.name)) (\(label.id)) skipped: it is managed by owner label \(DisplayText.quoted(owner)); \(otherConfigurationHint(owner))"
                )
                labelKeys[label.id] = label.name
                continue
            }
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

    /// How to export another configuration's resources: `--owner-label NAME`, the name quoted
    /// for a shell when it can be pasted (nothing `DisplayText` escapes: no control or bidi
    /// character), else as display text.
    static func otherConfigurationHint(_ ownerLabel: String) -> String {
        let pasteable = DisplayText.escaped(ownerLabel) == ownerLabel
        let word = pasteable ? ShellWords.quote(ownerLabel) : DisplayText.quoted(ownerLabel)
        return "export with --owner-label \(word) to write that configuration's manifests"
    }
}
