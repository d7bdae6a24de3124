import Flux
import InfluxAPI
import Yams

extension ManifestExporter {
    /// The exported tasks as `.flux` files (a note for what such a file cannot hold), as one
    /// `.yaml` file each, or — with `--single-file` — as documents for the one file. A task
    /// whose name is in `sharedNames` (more than one live task has it) is pinned with `spec.id`,
    /// so it is written as YAML whatever the format. A task no manifest query can carry
    /// (`composedRefusal`) is skipped with a note; `count` is the number of tasks written.
    /// - Throws: `ExportError` when a document cannot be written as YAML.
    static func taskOutputs(
        _ tasks: [SelectedTask], labelKeys: [String: String], sharedNames: Set<String>, options: ExportOptions,
        notes: inout [String]
    ) throws(ExportError) -> (files: [ExportedFile], documents: [Node], count: Int) {
        var taskSlugs = ExportSlugs(fallback: "task")
        var taskFiles: [ExportedFile] = []
        var taskDocuments: [Node] = []
        var count = 0
        for (task, script, taskOptions) in tasks {
            let pin = sharedNames.contains(task.name)
            if let script, options.format == .yaml || pin, let refusal = composedRefusal(script, options: taskOptions) {
                notes.append(
                    "task \(DisplayText.quoted(task.name)) (\(task.id)) skipped: a manifest sends its script with the option task record first, and then \(refusal); move the record to the top of the script in InfluxDB, or bind the first expression to a name, to export it as YAML"
                        + (pin ? "" : " (or export it with --format flux, which keeps the script as written)"))
                continue
            }
            count += 1
            let key = taskSlugs.claim(task.name)
            // By key, not in the server's order: that is the order the associations were made
            // in (an apply makes them concurrently), so two exports of one state would differ.
            let associations = task.labels.compactMap { labelKeys[$0.id] }.sorted()
            switch options.format {
            case .flux where pin || script == nil:
                let why =
                    script == nil
                    ? "it runs an invokable script, so it is written as YAML with spec.scriptID (a .flux file holds a Flux script)"
                    : "its name is shared with another task, so it is written as YAML with spec.id (a .flux file cannot pin an ID)"
                notes.append("task \(DisplayText.quoted(task.name)) (\(task.id)): \(why)")
                let document = taskDocument(task, script: script, options: taskOptions, key: key, pin: pin, associations: associations)
                taskFiles.append(ExportedFile(path: "\(tasksFolder)/\(key).yaml", contents: try serialize([document])))
            case .flux:
                guard let script else { continue }
                var lost: [String] = []
                if !(task.description ?? "").isEmpty { lost.append("description") }
                if task.status != TaskStatus.active.rawValue { lost.append("status \(task.status)") }
                if !associations.isEmpty { lost.append("labels") }
                if !lost.isEmpty {
                    notes.append("task \(DisplayText.quoted(task.name)): a .flux file cannot hold its \(lost.joined(separator: ", ")); use --format yaml to keep them")
                }
                taskFiles.append(ExportedFile(path: "\(tasksFolder)/\(key).flux", contents: script.source.withFinalLineBreak))
            case .yaml:
                let document = taskDocument(
                    task, script: script, options: taskOptions, key: key,
                    pin: pin, associations: associations)
                if options.singleFile {
                    taskDocuments.append(document)
                } else {
                    taskFiles.append(ExportedFile(path: "\(tasksFolder)/\(key).yaml", contents: try serialize([document])))
                }
            }
        }
        return (taskFiles, taskDocuments, count)
    }

    /// Why a manifest of this task cannot send its script (the record moved to the top,
    /// `compose`): the body would read as continuing the record (a live script that starts with
    /// `(`, `[` or `-` before its record), or a record property uses a name the script defines
    /// above the record. Nil when it can.
    static func composedRefusal(_ script: FluxScript, options: TaskOptions) -> String? {
        let composed: String
        do throws(FluxError) {
            composed = try FluxScript.compose(options: options, replacingOptionsOf: script)
        } catch {
            return error.message
        }
        guard let refusal = TaskScriptCheck.check(composed), refusal.continuation != nil else { return nil }
        return refusal.message
    }

    /// The query a task's document holds: the script without its `option task` record (the
    /// spec says the options), keeping the record's properties other than the task options
    /// (`option task = {bucket: "raw"}`, which the script reads at run time) so that the
    /// manifest sends the same script; a script that is nothing but a record without such
    /// properties is `option task = {}`, since a query cannot be empty.
    static func exportedQuery(_ script: FluxScript, options: TaskOptions) -> String {
        let query = FluxScript.queryKeepingExtraOptions(of: script)
        return query.isEmpty ? "option task = {}" : query
    }

    /// The `kind: Task` document of one task (`spec.id` when `pin`: its name is shared): with
    /// its query, or for a script task (`script` nil) its `scriptID` and `scriptParameters`.
    static func taskDocument(
        _ task: InfluxTask, script: FluxScript?, options: TaskOptions, key: String,
        pin: Bool, associations: [String]
    ) -> Node {
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
            spec.append(
                (
                    "associations",
                    W.sequence(
                        associations.map {
                            W.mapping([("kind", W.string("Label")), ("name", W.string($0))])
                        })
                ))
        }
        if let script {
            spec.append(("query", W.string(exportedQuery(script, options: options))))
        } else {
            spec.append(("scriptID", W.string(task.scriptID ?? "")))
            if let parameters = task.scriptParameters, !parameters.isEmpty {
                spec.append(("scriptParameters", W.mapping(parameters.sorted { $0.key < $1.key }.map { ($0.key, W.parameter($0.value)) })))
            }
        }
        return W.document(kind: "Task", key: key, spec: spec)
    }
}
