import Flux
import InfluxAPI

/// The difference between a declared task and the live task it matches, by the rules of
/// design.md "What counts as a difference": options by value, body as a token stream,
/// description and status as text. Labels are compared by the planner.
struct TaskDiff {
    /// Field changes in a fixed order: name, every, cron, offset, concurrency, retry, query,
    /// description, status.
    var fields: [FieldChange] = []
    /// Unified diff of the body when it changed.
    var fluxDiff: String?
    /// The PATCH that makes the live task match, or nil when nothing but labels differ.
    var update: TaskUpdateRequest?

    /// No difference (filled in by `ScriptTaskDiff`).
    static var empty: TaskDiff { TaskDiff() }

    private init() {}

    /// - Parameters:
    ///   - desiredScript: `desired.script` parsed already (`DesiredTask.parsedScript`); nil
    ///     parses it here, unless it is the same bytes as `live.flux`: the same text always
    ///     parses to the same script, so the live one is used (an unchanged task is not read twice).
    ///   - liveScript: `live.flux` parsed already (`ParsedScripts`); nil parses it here.
    /// The tasks and scripts are borrowed: an initialiser takes ownership of its arguments by
    /// default, and the planner's 10,000 calls each copied both tasks to make one.
    init(
        desired: borrowing DesiredTask, live: borrowing InfluxTask, desiredScript parsedDesired: borrowing FluxScript? = nil,
        liveScript parsedLive: borrowing FluxScript? = nil
    ) {
        let liveScript = (copy parsedLive) ?? (try? FluxScript(parsing: live.flux))
        let desiredScript =
            (copy parsedDesired)
            ?? (desired.script.isExactly(live.flux) ? liveScript : (try? FluxScript(parsing: desired.script)))
        var scriptChanged = false

        if let liveOptions = liveScript?.options {
            fields += Self.optionChanges(old: liveOptions, new: desired.options)
            if let liveScript, let desiredScript {
                fields += Self.extraOptionChanges(old: liveScript.extraOptions, new: desiredScript.extraOptions)
            }
        } else {
            fields.append(FieldChange(field: "options", old: "(no readable option task record)", new: Self.describe(desired.options)))
        }
        if !fields.isEmpty { scriptChanged = true }

        let sameBody: Bool
        if let liveScript, let desiredScript { sameBody = liveScript.hasEquivalentBody(to: desiredScript) } else { sameBody = false }
        if !sameBody {
            scriptChanged = true
            let oldBody = liveScript.map(Self.bodyText) ?? live.flux
            let newBody = desiredScript.map(Self.bodyText) ?? desired.query
            fields.append(FieldChange(field: "query", old: oldBody, new: newBody))
            fluxDiff =
                UnifiedDiff.make(old: oldBody, new: newBody, ignoringIndentation: true)
                ?? "(the scripts differ only in tokens that do not show as separate lines)\n"
        }

        let liveDescription = live.description ?? ""
        let desiredDescription = desired.description ?? ""
        let descriptionChanged = !liveDescription.isExactly(desiredDescription)
        if descriptionChanged {
            fields.append(FieldChange(field: "description", old: live.description, new: desired.description))
        }
        let statusChanged = live.status != desired.status.rawValue
        if statusChanged {
            fields.append(FieldChange(field: "status", old: live.status, new: desired.status.rawValue))
        }
        if scriptChanged || descriptionChanged || statusChanged {
            // Always send status: a description-only PATCH is rejected (influxdb-api.md §7.2).
            update = TaskUpdateRequest(
                flux: scriptChanged ? desired.script : nil,
                status: desired.status.rawValue,
                description: descriptionChanged ? desiredDescription : nil
            )
        }
    }

    /// Imports and body as one text, the way the user thinks of `spec.query`, in the order of
    /// the file: a comment header above the imports stays above them.
    static func bodyText(_ script: FluxScript) -> String { script.textWithoutOptions }

    /// Option differences by value (an absent offset equals `0s`; absent concurrency/retry
    /// equal 1, the server default).
    static func optionChanges(old: TaskOptions, new: TaskOptions) -> [FieldChange] {
        var out: [FieldChange] = []
        if !old.name.isExactly(new.name) { out.append(FieldChange(field: "name", old: old.name, new: new.name)) }
        if old.schedule != new.schedule {
            let (oldEvery, oldCron) = parts(old.schedule)
            let (newEvery, newCron) = parts(new.schedule)
            if oldEvery != newEvery { out.append(FieldChange(field: "every", old: oldEvery, new: newEvery)) }
            if oldCron != newCron { out.append(FieldChange(field: "cron", old: oldCron, new: newCron)) }
        }
        if (old.offset ?? .zero) != (new.offset ?? .zero) {
            out.append(FieldChange(field: "offset", old: old.offset?.description, new: new.offset?.description))
        }
        if (old.concurrency ?? 1) != (new.concurrency ?? 1) {
            out.append(FieldChange(field: "concurrency", old: old.concurrency.map(String.init), new: new.concurrency.map(String.init)))
        }
        if (old.retry ?? 1) != (new.retry ?? 1) {
            out.append(FieldChange(field: "retry", old: old.retry.map(String.init), new: new.retry.map(String.init)))
        }
        return out
    }

    /// Differences in the record's other properties (`FluxScript.extraOptions`), which the
    /// script reads at run time (`task.bucket`): by key, their values compared as tokens; a
    /// property added or removed has no old or new value. Field `task.<key>`, in the order of
    /// the declared record, then the live one's removed keys.
    /// A key written more than once compares all its values, in order (shown joined by `, `).
    static func extraOptionChanges(old: [TaskOptionExtra], new: [TaskOptionExtra]) -> [FieldChange] {
        guard old != new else { return [] }
        func values(_ extras: [TaskOptionExtra], _ key: String) -> String? {
            let found = extras.filter { $0.key == key }.map(\.value)
            return found.isEmpty ? nil : found.joined(separator: ", ")
        }
        var out: [FieldChange] = []
        var seen: Set<String> = []
        for key in new.map(\.key) + old.map(\.key) where seen.insert(key).inserted {
            let before = values(old, key)
            let after = values(new, key)
            if before != after { out.append(FieldChange(field: "task.\(key)", old: before, new: after)) }
        }
        return out
    }

    private static func parts(_ schedule: TaskSchedule) -> (every: String?, cron: String?) {
        switch schedule {
        case .every(let d): (d.description, nil)
        case .cron(let c): (nil, c)
        }
    }

    static func describe(_ options: TaskOptions) -> String {
        var s = "name: \(options.name), "
        switch options.schedule {
        case .every(let d): s += "every: \(d)"
        case .cron(let c): s += "cron: \(c)"
        }
        if let o = options.offset { s += ", offset: \(o)" }
        return s
    }
}
