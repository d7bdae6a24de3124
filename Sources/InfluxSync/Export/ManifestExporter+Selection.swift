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
    /// name filters whose script parses and has an `option task` record (a note for each other).
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
