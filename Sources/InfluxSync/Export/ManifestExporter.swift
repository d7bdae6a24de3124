import Flux
import Foundation
import InfluxAPI
import Yams

/// Turns the live state of an org into manifests (`influxsync export`). Pure: no I/O.
///
/// Tasks are taken in name order (ties by ID) and written with `spec.name`, `description`,
/// `every` or `cron`, `offset` (when not zero), `concurrency`, `retry`, `status`,
/// `associations` and `query` (imports and body, without the `option task` record), so that
/// loading them back gives the same options (by value), body (as tokens), description,
/// status and labels: a plan of the exported files only adopts. Tasks sharing a display name
/// are pinned with `spec.id`. Labels are written with `spec.name`, `color` and
/// `description`; other properties are left on the server (a plan never removes them). Owner
/// labels (the `influxsync.role: owner-label` property) are never exported.
public enum ManifestExporter {
    /// Name of the one file of `--single-file`.
    public static let singleFileName = "manifests.yaml"
    /// Name of the labels file.
    public static let labelsFileName = "labels.yaml"
    /// Folder of the task files.
    public static let tasksFolder = "tasks"

    /// Exports `live`.
    /// - Throws: `ExportError` for an invalid `--name-regex` or `--single-file` with the flux format.
    public static func export(_ live: LiveState, options: ExportOptions) throws(ExportError) -> ExportResult {
        if options.singleFile && options.format == .flux {
            throw ExportError(description: "--single-file cannot be used with --format flux (one .flux file holds one task)",
                              hint: "drop --single-file, or use --format yaml")
        }
        var pattern: NSRegularExpression?
        if let source = options.namePattern {
            do {
                pattern = try NSRegularExpression(pattern: source)
            } catch {
                throw ExportError(description: "--name-regex \(source.debugDescription) is not a valid regular expression",
                                  hint: "check the brackets and escapes, e.g. --name-regex '^cpu-'")
            }
        }
        var notes: [String] = []
        let ownerIdentity = Ownership.labelIdentity(options.ownerLabel)
        let ours = live.labels.first { Ownership.isOwnerLabel($0) && Ownership.labelIdentity($0.name) == ownerIdentity }
        let wantedLabels = Set(options.labels.map(Ownership.labelIdentity))

        // 1. Tasks to export.
        var tasks: [(task: InfluxTask, script: FluxScript, options: TaskOptions)] = []
        for task in live.tasks.sorted(by: { ($0.name, $0.id) < ($1.name, $1.id) }) {
            let owned = ours.map { owner in task.labels.contains { $0.id == owner.id } } ?? false
            switch options.ownership {
            case .owned where !owned, .unowned where owned: continue
            default: break
            }
            if !wantedLabels.isEmpty && !task.labels.contains(where: { wantedLabels.contains(Ownership.labelIdentity($0.name)) }) {
                continue
            }
            if let pattern, pattern.firstMatch(in: task.name, range: NSRange(task.name.startIndex..., in: task.name)) == nil {
                continue
            }
            let script: FluxScript
            do throws(FluxError) {
                script = try FluxScript(parsing: task.flux)
            } catch {
                notes.append("task \(DisplayText.quoted(task.name)) (\(task.id)) skipped: its script is not valid Flux (\(DisplayText.escaped(error.message)) at \(error.line):\(error.column))")
                continue
            }
            guard let taskOptions = script.options else {
                notes.append("task \(DisplayText.quoted(task.name)) (\(task.id)) skipped: its script has no `option task` record")
                continue
            }
            tasks.append((task, script, taskOptions))
        }

        // 2. Labels: every label but owner labels, or with a task filter only those the tasks carry.
        let carried = Set(tasks.flatMap { $0.task.labels.map(\.id) })
        let labels = live.labels
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

        // 3. Task documents.
        let nameCounts = Dictionary(grouping: tasks, by: { $0.task.name }).mapValues(\.count)
        var taskSlugs = ExportSlugs(fallback: "task")
        var taskFiles: [ExportedFile] = []
        var taskDocuments: [Node] = []
        for (task, script, taskOptions) in tasks {
            let key = taskSlugs.claim(task.name)
            let associations = task.labels.compactMap { labelKeys[$0.id] }
            switch options.format {
            case .flux:
                var lost: [String] = []
                if !(task.description ?? "").isEmpty { lost.append("description") }
                if task.status != TaskStatus.active.rawValue { lost.append("status \(task.status)") }
                if !associations.isEmpty { lost.append("labels") }
                if !lost.isEmpty {
                    notes.append("task \(DisplayText.quoted(task.name)): a .flux file cannot hold its \(lost.joined(separator: ", ")); use --format yaml to keep them")
                }
                taskFiles.append(ExportedFile(path: "\(tasksFolder)/\(key).flux", contents: script.source.withFinalLineBreak))
            case .yaml:
                let document = taskDocument(task, script: script, options: taskOptions, key: key,
                                            pin: nameCounts[task.name, default: 0] > 1, associations: associations)
                if options.singleFile {
                    taskDocuments.append(document)
                } else {
                    taskFiles.append(ExportedFile(path: "\(tasksFolder)/\(key).yaml", contents: try serialize([document])))
                }
            }
        }
        var files: [ExportedFile] = []
        if options.singleFile {
            if !labelDocuments.isEmpty || !taskDocuments.isEmpty {
                files.append(ExportedFile(path: singleFileName, contents: try serialize(labelDocuments + taskDocuments)))
            }
        } else {
            if !labelDocuments.isEmpty {
                files.append(ExportedFile(path: labelsFileName, contents: try serialize(labelDocuments)))
            }
            files += taskFiles
        }
        return ExportResult(files: files, taskCount: tasks.count, labelCount: labels.count, notes: notes)
    }

    private static func taskDocument(_ task: InfluxTask, script: FluxScript, options: TaskOptions, key: String,
                                     pin: Bool, associations: [String]) -> Node {
        typealias W = YAMLManifestWriter
        var spec: [(String, Node)] = [("name", W.string(options.name))]
        if pin { spec.append(("id", W.string(task.id))) }
        if let description = task.description, !description.isEmpty { spec.append(("description", W.string(description))) }
        switch options.schedule {
        case .every(let every): spec.append(("every", W.string(every.description)))
        case .cron(let cron): spec.append(("cron", W.string(cron)))
        }
        if let offset = options.offset, !offset.isZero { spec.append(("offset", W.string(offset.description))) }
        if let concurrency = options.concurrency { spec.append(("concurrency", W.integer(concurrency))) }
        if let retry = options.retry { spec.append(("retry", W.integer(retry))) }
        spec.append(("status", W.string(task.status)))
        if !associations.isEmpty {
            spec.append(("associations", W.sequence(associations.map {
                W.mapping([("kind", W.string("Label")), ("name", W.string($0))])
            })))
        }
        spec.append(("query", W.string(TaskSpecReader.queryWithoutOptions(script))))
        return W.document(kind: "Task", key: key, spec: spec)
    }

    private static func serialize(_ documents: [Node]) throws(ExportError) -> String {
        do {
            return try YAMLManifestWriter.serialize(documents)
        } catch {
            throw ExportError(description: "the manifests could not be written as YAML", hint: "report this with the task names involved")
        }
    }
}

extension String {
    /// The text ending with exactly one line break.
    var withFinalLineBreak: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text + "\n"
    }
}
