import Flux
import Foundation
import InfluxAPI

extension ManifestExporter {
    /// A task chosen for export, with its parsed script (nil for a Cloud script task) and its
    /// options (of its `option task` record; of its `every`/`cron`/`offset` for a script task).
    typealias SelectedTask = (task: InfluxTask, script: FluxScript?, options: TaskOptions)

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
    /// name filters whose script parses and has an `option task` record — or, for a Cloud
    /// script task, whose schedule reads — and whose name a manifest can declare (a note for
    /// each other).
    static func selectTasks(_ live: LiveState, options: ExportOptions, pattern: NSRegularExpression?, notes: inout [String]) -> [SelectedTask] {
        let ownerIdentity = Ownership.labelIdentity(options.ownerLabel)
        let ours = live.labels.first { Ownership.isOwnerLabel($0, named: options.ownerLabel) }
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
            // Another configuration's task (it carries that configuration's owner label): the
            // plan of the exported directory would refuse it ("not adopted silently").
            if let other = task.labels.first(where: { Ownership.isOwnerLabel($0) && Ownership.labelIdentity($0.name) != ownerIdentity }) {
                notes.append(
                    "task \(DisplayText.quoted(task.name)) (\(task.id)) skipped: it is managed by owner label \(DisplayText.quoted(other.name)); \(otherConfigurationHint(other.name))"
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
            if let scriptID = task.scriptID, !scriptID.isEmpty {
                // A Cloud script task (§15): its schedule is in the task's fields, not in Flux.
                if let nested = task.scriptParameters?.sorted(by: { $0.key < $1.key }).first(where: {
                    if case .array = $0.value { true } else if case .object = $0.value { true } else { false }
                }) {
                    notes.append(
                        "task \(DisplayText.quoted(task.name)) (\(task.id)) skipped: its script parameter \(DisplayText.quoted(nested.key)) is a list or an object, which a manifest cannot declare"
                    )
                    continue
                }
                guard let options = scriptTaskOptions(task) else {
                    notes.append(
                        "task \(DisplayText.quoted(task.name)) (\(task.id)) skipped: it runs the invokable script \(DisplayText.escaped(scriptID)) on a schedule influxsync cannot read (every \(DisplayText.quoted(task.every ?? "")), cron \(DisplayText.quoted(task.cron ?? "")))"
                    )
                    continue
                }
                tasks.append((task, nil, options))
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

    /// A script task's options from its `every` or `cron` and `offset` fields; nil when the
    /// schedule is missing or does not read as a Flux duration or a cron expression.
    static func scriptTaskOptions(_ task: InfluxTask) -> TaskOptions? {
        let schedule: TaskSchedule
        if let every = task.every, !every.isEmpty {
            guard let duration = try? FluxDuration(parsing: every) else { return nil }
            schedule = .every(duration)
        } else if let cron = task.cron, !cron.isEmpty {
            schedule = .cron(cron)
        } else {
            return nil
        }
        var offset: FluxDuration?
        if let text = task.offset, !text.isEmpty {
            guard let parsed = try? FluxDuration(parsing: text) else { return nil }
            offset = parsed
        }
        return TaskOptions(name: task.name, schedule: schedule, offset: offset)
    }
}
