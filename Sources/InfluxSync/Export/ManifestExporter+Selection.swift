import Flux
import Foundation
import InfluxAPI

extension ManifestExporter {
    /// A task chosen for export, with its parsed script and the options of its `option task` record.
    typealias SelectedTask = (task: InfluxTask, script: FluxScript, options: TaskOptions)

    /// `--name-regex` compiled, or nil when not given.
    /// - Throws: `ExportError` when it is not a valid regular expression.
    static func namePattern(_ source: String?) throws(ExportError) -> NSRegularExpression? {
        guard let source else { return nil }
        do {
            return try NSRegularExpression(pattern: source)
        } catch {
            throw ExportError(
                description: "--name-regex \(source.debugDescription) is not a valid regular expression",
                hint: "check the brackets and escapes, e.g. --name-regex '^cpu-'")
        }
    }

    /// The tasks to export, in name order (ties by ID): those passing the ownership, label and
    /// name filters whose script parses and has an `option task` record and whose name a
    /// manifest can declare (a note for each other: a script task, a name with a line break).
    static func selectTasks(_ live: LiveState, options: ExportOptions, pattern: NSRegularExpression?, notes: inout [String]) -> [SelectedTask] {
        let ownerIdentity = Ownership.labelIdentity(options.ownerLabel)
        let ours = live.labels.first { Ownership.isOwnerLabel($0) && Ownership.labelIdentity($0.name) == ownerIdentity }
        let wantedLabels = Set(options.labels.map(Ownership.labelIdentity))
        var tasks: [SelectedTask] = []
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
            if let scriptID = task.scriptID, !scriptID.isEmpty {
                notes.append(
                    "task \(DisplayText.quoted(task.name)) (\(task.id)) skipped: it runs the invokable script \(DisplayText.escaped(scriptID)); export writes Flux tasks only (declare it with spec.scriptID by hand)"
                )
                continue
            }
            // The loader refuses such a name (InfluxDB stores it, but `option task` cannot hold it
            // on one line): one exported file would stop the plan of the whole directory.
            if task.name.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
                notes.append(
                    "task \(DisplayText.quoted(task.name)) (\(task.id)) skipped: its name holds a line break, which no manifest can declare; rename it in InfluxDB to export it"
                )
                continue
            }
            let script: FluxScript
            do throws(FluxError) {
                script = try FluxScript(parsing: task.flux)
            } catch {
                notes.append(
                    "task \(DisplayText.quoted(task.name)) (\(task.id)) skipped: its script is not valid Flux (\(DisplayText.escaped(error.message)) at \(error.line):\(error.column))"
                )
                continue
            }
            guard let taskOptions = script.options else {
                notes.append("task \(DisplayText.quoted(task.name)) (\(task.id)) skipped: its script has no `option task` record")
                continue
            }
            tasks.append((task, script, taskOptions))
        }
        return tasks
    }
}
