import Flux

/// Cross-document checks and the final `DesiredState` (design.md "resolve").
///
/// Checks: duplicate `metadata.name` within a kind; two labels whose names collide under
/// InfluxDB's rule (trimmed, case-insensitive, §10.1); associations that name no declared
/// label (accepted when the label exists live, or when live names are unknown); a label
/// associated twice with one task. Association names are compared as label identity is
/// (trimmed, case-insensitive), so validate and plan agree; two tasks with the same display name (unless both are
/// pinned by `spec.id`); one ID pinned by two tasks.
struct DesiredStateResolver {
    /// Live label names, or nil when unknown (then undeclared associations are accepted).
    let liveLabelNames: Set<String>?

    /// InfluxDB's label-name identity: trimmed, case-insensitive.
    static func labelIdentity(_ name: String) -> String { Ownership.labelIdentity(name) }

    func resolve(_ documents: ManifestDocuments, diagnostics: inout [Diagnostic]) -> DesiredState {
        var labelsByKey: [String: LabelDocument] = [:]
        var labelsByIdentity: [String: LabelDocument] = [:]
        var labels: [DesiredLabel] = []
        for label in documents.labels {
            if let first = labelsByKey[label.key.value] {
                diagnostics.append(
                    Diagnostic(
                        at: label.key.location, field: "metadata.name",
                        "duplicate Label \(label.key.value.quoted) (first declared at \(first.key.location))",
                        hint: "metadata.name must be unique among labels"))
                continue
            }
            labelsByKey[label.key.value] = label
            let identity = Self.labelIdentity(label.name.value)
            if let first = labelsByIdentity[identity] {
                diagnostics.append(
                    Diagnostic(
                        at: label.name.location, field: label.name.field,
                        "label name \(label.name.value.quoted) collides with label \(first.name.value.quoted) at \(first.name.location)",
                        hint: "InfluxDB label names are unique ignoring case and surrounding spaces; rename one of them"))
                continue
            }
            labelsByIdentity[identity] = label
            labels.append(
                DesiredLabel(
                    key: label.key.value, name: label.name.value, color: label.color,
                    description: label.description, pinnedID: label.pinnedID?.value,
                    previousNames: label.previousNames, location: label.location))
        }
        let liveIdentities = liveLabelNames.map { Set($0.map(Self.labelIdentity)) }
        var labelsByKeyIdentity: [String: LabelDocument] = [:]
        for label in labels.compactMap({ labelsByKey[$0.key] }) where labelsByKeyIdentity[Self.labelIdentity(label.key.value)] == nil {
            labelsByKeyIdentity[Self.labelIdentity(label.key.value)] = label
        }

        var tasks: [DesiredTask] = []
        tasks.reserveCapacity(documents.tasks.count)
        // The first task of each key, name and pinned ID, by index (a document is large:
        // tables of copies cost more memory than the whole manifest text).
        var tasksByKey: [String: Int] = [:]
        var tasksByName: [String: Int] = [:]
        var tasksByID: [String: Int] = [:]
        tasksByKey.reserveCapacity(documents.tasks.count)
        tasksByName.reserveCapacity(documents.tasks.count)
        for (index, task) in documents.tasks.enumerated() {
            if let first = tasksByKey[task.key.value].map({ documents.tasks[$0] }) {
                diagnostics.append(
                    Diagnostic(
                        at: task.key.location, field: task.key.field,
                        "duplicate Task \(task.key.value.quoted) (first declared at \(first.key.location))",
                        hint: "metadata.name must be unique among tasks"))
                continue
            }
            tasksByKey[task.key.value] = index
            if let name = task.options?.name {
                if let first = tasksByName[name].map({ documents.tasks[$0] }), task.pinnedID == nil || first.pinnedID == nil {
                    diagnostics.append(
                        Diagnostic(
                            at: task.nameLocation, field: "spec.name",
                            "two tasks are named \(name.quoted) (the other is at \(first.nameLocation))",
                            hint: "give each task its own name, or pin both to live tasks with spec.id"))
                } else if tasksByName[name] == nil {
                    tasksByName[name] = index
                }
            }
            if let id = task.pinnedID {
                if let first = tasksByID[id.value].map({ documents.tasks[$0] }) {
                    diagnostics.append(
                        Diagnostic(
                            at: id.location, field: "spec.id",
                            "task ID \(id.value.quoted) is pinned twice (also at \(first.pinnedID!.location))",
                            hint: "a live task can be managed by one manifest only"))
                } else {
                    tasksByID[id.value] = index
                }
            }
            var labelNames: [String] = []
            var associated: [String: SourceLocation] = [:]
            for association in task.associations {
                // Compared as label identity is (trimmed, case-insensitive), as the planner
                // matches names: `Team-Ops` names the label `team-ops` in validate and plan alike.
                let identity = Self.labelIdentity(association.value)
                if let first = associated[identity] {
                    diagnostics.append(
                        Diagnostic(
                            at: association.location, field: association.field,
                            "label \(association.value.quoted) is associated twice (also at \(first.line):\(first.column))",
                            hint: "remove one of the two associations"))
                    continue
                }
                associated[identity] = association.location
                if let label = labelsByKey[association.value] ?? labelsByKeyIdentity[identity] {
                    labelNames.append(label.name.value)
                } else if let byName = documents.labels.first(where: { Self.labelIdentity($0.name.value) == identity }) {
                    diagnostics.append(
                        Diagnostic(
                            at: association.location, field: association.field,
                            "association names label \(association.value.quoted) by its display name",
                            hint: "associations refer to labels by metadata.name: write \(byName.key.value.quoted)"))
                } else if liveIdentities == nil || liveIdentities!.contains(identity) {
                    labelNames.append(association.value)
                } else {
                    let hint =
                        EditDistance.suggestion(for: association.value, among: documents.labels.map(\.key.value))
                        .map { "did you mean \($0.quoted)?" }
                        ?? "declare a Label with metadata.name \(association.value.quoted), or create the label in InfluxDB first"
                    diagnostics.append(
                        Diagnostic(
                            at: association.location, field: association.field,
                            "association names label \(association.value.quoted), which no manifest declares and InfluxDB does not have",
                            hint: hint))
                }
            }
            guard let options = task.options, let script = task.script else { continue }
            var desiredTask = DesiredTask(
                key: task.key.value, options: options, query: task.query, script: script, scriptID: task.scriptID,
                scriptParameters: task.scriptParameters, description: task.description,
                status: task.status, labels: labelNames, pinnedID: task.pinnedID?.value, previousNames: task.previousNames,
                location: task.location)
            desiredTask.references = task.references
            desiredTask.parsedScript = task.parsedScript
            tasks.append(desiredTask)
        }
        return DesiredState(labels: labels, tasks: tasks)
    }
}
