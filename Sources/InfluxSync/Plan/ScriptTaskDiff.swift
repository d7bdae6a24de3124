import Flux
import InfluxAPI

/// InfluxDB Cloud script tasks (influxdb-api.md §15.1): a task that runs a stored script has
/// no Flux to compare; its name, schedule (`every` | `cron`, `offset`), `scriptID`,
/// `scriptParameters`, description and status are JSON fields, compared by value and sent as
/// JSON fields on create and PATCH.
enum ScriptTaskDiff {
    /// The create body of a script task; nil for a Flux task.
    static func createRequest(_ task: DesiredTask, orgID: String) -> TaskCreateRequest? {
        guard let scriptID = task.scriptID else { return nil }
        let (every, cron) = schedule(task.options.schedule)
        return .script(
            orgID: orgID, scriptID: scriptID, parameters: task.scriptParameters ?? [:], name: task.options.name,
            every: every, cron: cron, offset: task.options.offset?.description, status: task.status.rawValue,
            description: task.description.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The differences and the PATCH that removes them (always with `status`, §7.2).
    static func diff(desired: DesiredTask, live: InfluxTask) -> TaskDiff {
        var out = TaskDiff.empty
        var update = TaskUpdateRequest(status: desired.status.rawValue)
        var changed = false
        func field(_ name: String, _ old: String?, _ new: String?) { out.fields.append(FieldChange(field: name, old: old, new: new)); changed = true }
        if live.scriptID != desired.scriptID {
            field("scriptID", live.scriptID, desired.scriptID)
            update.scriptID = desired.scriptID
        }
        if !live.name.isExactly(desired.options.name) {
            field("name", live.name, desired.options.name)
            update.name = desired.options.name
        }
        let (every, cron) = schedule(desired.options.schedule)
        let liveEvery = live.every.flatMap { $0.isEmpty ? nil : try? FluxDuration(parsing: $0) }
        if liveEvery != every.flatMap({ try? FluxDuration(parsing: $0) }) {
            field("every", live.every, every)
            update.every = every
        }
        if (live.cron ?? "") != (cron ?? "") {
            field("cron", live.cron, cron)
            update.cron = cron
        }
        let liveOffset = live.offset.flatMap { try? FluxDuration(parsing: $0) } ?? .zero
        if liveOffset != (desired.options.offset ?? .zero) {
            field("offset", live.offset, desired.options.offset?.description)
            update.offset = desired.options.offset?.description ?? ""
        }
        let desiredParameters = desired.scriptParameters ?? [:]
        if (live.scriptParameters ?? [:]) != desiredParameters {
            field("scriptParameters", ScriptParameterValue.describe(live.scriptParameters), ScriptParameterValue.describe(desiredParameters))
            update.scriptParameters = desiredParameters
        }
        if !(live.description ?? "").isExactly(desired.description ?? "") {
            field("description", live.description, desired.description)
            update.description = desired.description ?? ""
        }
        if live.status != desired.status.rawValue { field("status", live.status, desired.status.rawValue) }
        out.update = changed ? update : nil
        return out
    }

    /// `every` and `cron` texts of a schedule.
    static func schedule(_ schedule: TaskSchedule) -> (every: String?, cron: String?) {
        switch schedule {
        case .every(let d): (d.description, nil)
        case .cron(let c): (nil, c)
        }
    }
}
