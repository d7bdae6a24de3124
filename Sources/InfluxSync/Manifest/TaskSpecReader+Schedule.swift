import Flux
import InfluxAPI
import Yams

extension TaskSpecReader {
    /// Options written in `spec` itself, each with the field it is written in (for conflicts,
    /// limits and warnings): the schedule (`every` | `cron`), `offset`, `concurrency`, `retry`.
    struct SpecOptions {
        var everyField: ScalarField?
        var cronField: ScalarField?
        var schedule: (TaskSchedule, ScalarField)?
        var offset: (FluxDuration, ScalarField)?
        var concurrency: (Int, ScalarField)?
        var retry: (Int, ScalarField)?
    }

    /// Reads the schedule fields written in `spec` (`every` | `cron`, `offset`); `ok` turns false
    /// when one is unusable or both `every` and `cron` are written.
    func readSpecSchedule(every everyField: ScalarField?, cron cronField: ScalarField?, offset offsetField: ScalarField?, ok scheduleOK: inout Bool) -> SpecOptions {
        var written = SpecOptions(everyField: everyField, cronField: cronField)
        if let everyField, let cronField {
            reader.error(
                cronField.location, field: "spec.cron", "Task has both `every` and `cron`",
                hint: "keep one: `every` runs at a fixed interval, `cron` on a calendar schedule")
            scheduleOK = false
            _ = rules.every(everyField)
            _ = rules.cron(cronField)
        } else if let everyField {
            if let every = rules.every(everyField) { written.schedule = (.every(every), everyField) } else { scheduleOK = false }
        } else if let cronField {
            if let cron = rules.cron(cronField) { written.schedule = (.cron(cron), cronField) } else { scheduleOK = false }
        }
        if let offsetField {
            if let offset = rules.offset(offsetField) { written.offset = (offset, offsetField) } else { scheduleOK = false }
        }
        return written
    }

    /// The schedule: `spec`'s, else the query record's; a conflict between them is an error, and
    /// so is a task with no schedule at all (unless a misspelled `every`/`cron` was reported, or
    /// the query, whose record may hold the schedule, could not be read: `queryUnread`).
    func resolveSchedule(
        _ written: SpecOptions, queryOptions: QueryOptions?, queryUnread: Bool, spec: YAMLNode, allowed: [String], specLocation: SourceLocation,
        ok scheduleOK: inout Bool
    ) -> TaskSchedule? {
        var schedule = written.schedule?.0
        if let specSchedule = written.schedule, let other = queryOptions?.schedule, other != specSchedule.0 {
            conflict(specSchedule.1, Self.describe(other), queryOptions!.origin(of: "schedule"))
            scheduleOK = false
        }
        if schedule == nil { schedule = queryOptions?.schedule }
        // A misspelled `every`/`cron` was already reported as an unknown field; do not pile on.
        let misspelledSchedule = (spec.mapping?.pairs ?? []).contains { pair in
            guard let name = pair.key.scalar?.string, !allowed.contains(name) else { return false }
            return ["every", "cron"].contains(EditDistance.suggestion(for: name, among: allowed) ?? "")
        }
        if schedule == nil && written.everyField == nil && written.cronField == nil && !misspelledSchedule && !queryUnread {
            reader.error(
                specLocation, field: "spec.every", "Task has neither `every` nor `cron`",
                hint: "add `every: 1h` (a fixed interval) or `cron: \"0 * * * *\"` (a calendar schedule)")
        }
        return schedule
    }

    /// The offset: `spec`'s, else the query record's; a conflict between them is an error.
    func resolveOffset(_ written: SpecOptions, queryOptions: QueryOptions?, ok scheduleOK: inout Bool) -> FluxDuration? {
        var offset = written.offset?.0
        if let specOffset = written.offset, let other = queryOptions?.offset, other != specOffset.0 {
            conflict(specOffset.1, "offset: \(other)", queryOptions!.origin(of: "offset"))
            scheduleOK = false
        }
        if offset == nil { offset = queryOptions?.offset }
        return offset
    }

    /// `every: 1h` or `cron: "0 * * * *"`, as a conflict message quotes a schedule.
    static func describe(_ schedule: TaskSchedule) -> String {
        switch schedule {
        case .every(let every): return "every: \(every)"
        case .cron(let cron): return "cron: \"\(cron)\""
        }
    }
}
