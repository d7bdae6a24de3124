import Flux

/// Schedules InfluxDB accepts but that are almost certainly mistakes, reported as warnings
/// (they never change the exit status): a negative offset, an offset longer than `every`, and
/// a cron expression that never fires (`0 0 31 2 *`: February has no 31st), and a cron task
/// whose query sets `option location` (cron runs in UTC regardless).
enum ScheduleWarnings {
    /// One warning: which option it is about, the message and the hint.
    struct Warning: Equatable {
        /// `offset` or `cron`.
        var option: String
        var message: String
        var hint: String
    }

    /// The warnings for a task's resolved options, offset first.
    static func warnings(for options: TaskOptions) -> [Warning] {
        var found: [Warning] = []
        if let offset = options.offset, offset.isNegative {
            found.append(
                Warning(
                    option: "offset", message: "offset \(offset) is negative: each run starts \(-offset) before its scheduled time, before the data of its period has arrived",
                    hint: "an offset delays runs so late data is in: write a positive duration such as `5m`, or remove it"))
        }
        if let offset = options.offset, case .every(let every) = options.schedule, offset.months == 0, every.months == 0,
            offset.nanoseconds > every.nanoseconds
        {
            found.append(
                Warning(
                    option: "offset", message: "offset \(offset) is longer than `every: \(every)`: each run starts after the next one is due",
                    hint: "make the offset shorter than the interval (it only delays the start; the run's time range stays on its schedule)"))
        }
        if case .cron(let cron) = options.schedule, let reason = CronCalendar.neverFires(cron) {
            found.append(
                Warning(
                    option: "cron", message: "cron \(cron.quoted) never fires: \(reason)",
                    hint: "check the day-of-month and month fields; InfluxDB accepts this expression but never runs the task"))
        }
        return found
    }

    /// A cron task whose query sets `option location`: InfluxDB evaluates cron in UTC and its
    /// cron has no time zones (influxdb-api.md §4.5), so the schedule does not follow the
    /// location. Returns the warning and the 1-based line and column of the `option` keyword
    /// in `script`; nil for an `every` task or a query without `option location`.
    static func cronLocation(options: TaskOptions, script: FluxScript) -> (warning: Warning, line: Int, column: Int)? {
        guard case .cron(let cron) = options.schedule else { return nil }
        let tokens = script.tokens.filter { $0.kind != .comment }
        guard tokens.count >= 3 else { return nil }
        for i in 0..<(tokens.count - 2)
        where tokens[i].isKeyword("option") && tokens[i + 1].kind == .identifier
            && tokens[i + 1].text == "location" && tokens[i + 2].is("=")
        {
            let warning = Warning(
                option: "cron",
                message: "cron \(cron.quoted) runs in UTC: InfluxDB evaluates a task's cron schedule in UTC whatever the query's `option location` says",
                hint: "write the cron fields in UTC; `option location` applies to the query's time functions, not to when the task runs")
            return (warning, tokens[i].line, tokens[i].column)
        }
        return nil
    }
}

/// The calendar reading of a cron expression's day-of-month and month fields, to tell when it
/// can never match (`CronExpression.validate` has accepted it already).
enum CronCalendar {
    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ]
    private static let longestMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    /// Why the expression can never fire (`February has no day 30 or 31`), or nil when it fires
    /// (or cannot be read this way: macros, a restricted day of week, which InfluxDB's cron may
    /// match instead of the day of month).
    static func neverFires(_ expression: String) -> String? {
        let fields = expression.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let offset: Int
        switch fields.count {
        case 5: offset = 0
        case 6, 7: offset = 1
        default: return nil
        }
        guard fields[offset + 4] == "*" || fields[offset + 4] == "?",
            let days = values(fields[offset + 2], in: 1...31, names: []),
            let months = values(fields[offset + 3], in: 1...12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])
        else { return nil }
        if months.contains(where: { month in days.contains { $0 <= longestMonth[month - 1] } }) { return nil }
        let dayList = days.sorted().map(String.init)
        let dayText = dayList.count == 1 ? "day \(dayList[0])" : "day " + dayList.dropLast().joined(separator: ", ") + " or \(dayList.last!)"
        let monthList = months.sorted().map { monthNames[$0 - 1] }
        return monthList.count == 1 ? "\(monthList[0]) has no \(dayText)" : "none of \(monthList.joined(separator: ", ")) has a \(dayText)"
    }

    /// The numbers a field matches; nil when it cannot be read.
    static func values(_ field: String, in bounds: ClosedRange<Int>, names: [String]) -> Set<Int>? {
        func number(_ atom: Substring) -> Int? {
            if let value = Int(atom) { return value }
            return names.firstIndex(of: atom.uppercased()).map { $0 + bounds.lowerBound }
        }
        var result = Set<Int>()
        for item in field.split(separator: ",") {
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return nil }
            let step = parts.count == 2 ? Int(parts[1]) : 1
            guard let step, step > 0 else { return nil }
            var low = bounds.lowerBound, high = bounds.upperBound
            if parts[0] != "*" {
                let ends = parts[0].split(separator: "-", omittingEmptySubsequences: false)
                guard ends.count <= 2, let first = number(ends[0]) else { return nil }
                low = first
                if ends.count == 2 { guard let last = number(ends[1]) else { return nil }; high = last } else if parts.count == 1 { high = first }
            }
            guard low <= high else { return nil }
            result.formUnion(stride(from: low, through: high, by: step).filter { bounds.contains($0) })
        }
        return result
    }
}
