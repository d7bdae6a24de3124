/// A cron expression in InfluxDB's dialect (influxdb-api.md §4.5), evaluated in UTC: which
/// instants fire (the sandbox's scheduler) and the latest one before a time (`drift`'s
/// missed-schedule check). 5 fields (seconds fixed at 0), 6 (leading seconds), 7 (trailing year);
/// `*`, numbers, ranges, steps, lists, month/weekday names, 7 = Sunday, and the `@` macros.
/// `@every <duration>` is treated like an `every` task. Expressions are validated on task
/// create; anything it does not understand simply never fires. Expressions are read through
/// `CronScanner`, the scanner validation and the server's error texts use too.
public struct CronSchedule: Sendable {
    private var seconds: Set<Int>
    private var minutes: Set<Int>
    private var hours: Set<Int>
    private var days: Set<Int>
    private var months: Set<Int>
    private var weekdays: Set<Int>
    private var years: Set<Int>?
    private var dayIsStar: Bool
    private var weekdayIsStar: Bool

    /// The interval of an `@every` expression, in nanoseconds.
    public let everyNanoseconds: Int64?

    private static let macros: [String: String] = [
        "@yearly": "0 0 0 1 1 *", "@annually": "0 0 0 1 1 *", "@monthly": "0 0 0 1 * *",
        "@weekly": "0 0 0 * * 0", "@daily": "0 0 0 * * *", "@midnight": "0 0 0 * * *",
        "@hourly": "0 0 * * * *", "@every_minute": "0 * * * * *", "@every_second": "* * * * * *",
    ]
    private static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    private static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    /// Parses an expression; nil when it is not understood.
    public init?(_ expression: String) {
        let text = expression.trimmingFluxWhitespace()
        if text.lowercased().hasPrefix("@every ") {
            guard let duration = try? FluxDuration(parsing: String(text.dropFirst(7)).lowercased().replacingOccurrences(of: "hr", with: "h")),
                duration.months == 0, duration.nanoseconds > 0
            else { return nil }
            let n = duration.nanoseconds
            everyNanoseconds = n
            (seconds, minutes, hours, days, months, weekdays, years) = ([], [], [], [], [], [], nil)
            (dayIsStar, weekdayIsStar) = (true, true)
            return
        }
        everyNanoseconds = nil
        var fields = CronScanner.fields(Self.macros[text.lowercased()] ?? text).map(\.text)
        if fields.count == 5 { fields.insert("0", at: 0) }
        guard fields.count == 6 || fields.count == 7 else { return nil }
        guard let s = Self.field(fields[0], 0...59, names: []), let mi = Self.field(fields[1], 0...59, names: []),
            let h = Self.field(fields[2], 0...23, names: []), let d = Self.field(fields[3], 1...31, names: []),
            let mo = Self.field(fields[4], 1...12, names: Self.monthNames, nameBase: 1),
            var w = Self.field(fields[5], 0...7, names: Self.dayNames, nameBase: 0)
        else { return nil }
        if w.contains(7) { w.insert(0) }
        (seconds, minutes, hours, days, months, weekdays) = (s, mi, h, d, mo, w)
        years = fields.count == 7 ? Self.field(fields[6], 1970...2099, names: []) : nil
        if fields.count == 7 && years == nil { return nil }
        dayIsStar = fields[3] == "*" || fields[3] == "?"
        weekdayIsStar = fields[5] == "*" || fields[5] == "?"
    }

    private static func field(_ text: String, _ range: ClosedRange<Int>, names: [String], nameBase: Int = 0) -> Set<Int>? {
        var out: Set<Int> = []
        for item in CronScanner.items(text) {
            guard !item.hasExtraSlash else { return nil }
            var step = 1
            if let stepText = item.step { guard let n = Int(stepText), n > 0 else { return nil }; step = n }
            var lo = range.lowerBound, hi = range.upperBound
            if item.base != "*" {
                let bounds = item.ends
                guard bounds.count <= 2 else { return nil }
                func value(_ s: Substring) -> Int? {
                    if let n = Int(s) { return n }
                    if let i = names.firstIndex(of: s.uppercased()) { return i + nameBase }
                    return nil
                }
                guard let a = value(bounds[0]) else { return nil }
                lo = a
                hi = bounds.count == 2 ? (value(bounds[1]) ?? -1) : (item.step != nil ? range.upperBound : a)
            }
            guard range.contains(lo), range.contains(hi), lo <= hi else { return nil }
            out.formUnion(stride(from: lo, through: hi, by: step))
        }
        return out
    }

    /// True when the whole second `unixSeconds` is an instant of the schedule.
    public func matches(unixSeconds t: Int64) -> Bool {
        guard everyNanoseconds == nil else { return false }
        var dayNumber = t / 86_400
        var rem = t % 86_400
        if rem < 0 { rem += 86_400; dayNumber -= 1 }
        guard seconds.contains(Int(rem % 60)), minutes.contains(Int(rem / 60 % 60)), hours.contains(Int(rem / 3600)) else { return false }
        return dayMatches(dayNumber)
    }

    /// The latest instant of the schedule at or before `unixSeconds` (whole seconds since
    /// 1970, UTC), searching back at most `searchDays` days; nil for an `@every` expression or
    /// when none is found (a year field that has passed).
    public func latestFire(atOrBefore unixSeconds: Int64, searchDays: Int = 1_830) -> Int64? {
        guard everyNanoseconds == nil else { return nil }
        var day = unixSeconds / 86_400
        var bound = unixSeconds % 86_400
        if bound < 0 { bound += 86_400; day -= 1 }
        let hoursDown = hours.sorted(by: >), minutesDown = minutes.sorted(by: >), secondsDown = seconds.sorted(by: >)
        for _ in 0..<searchDays {
            if dayMatches(day) {
                for h in hoursDown where Int64(h) * 3600 <= bound {
                    for m in minutesDown where Int64(h * 3600 + m * 60) <= bound {
                        for s in secondsDown where Int64(h * 3600 + m * 60 + s) <= bound {
                            return day * 86_400 + Int64(h * 3600 + m * 60 + s)
                        }
                    }
                }
            }
            day -= 1
            bound = 86_399
        }
        return nil
    }

    /// True when the day `dayNumber` (days since 1970-01-01) is one the schedule fires on.
    private func dayMatches(_ dayNumber: Int64) -> Bool {
        let (y, m, d) = Self.civil(dayNumber)
        guard months.contains(m), years?.contains(y) ?? true else { return false }
        let weekday = Int(((dayNumber % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
        let dayOK = days.contains(d), weekdayOK = weekdays.contains(weekday)
        if dayIsStar || weekdayIsStar { return dayOK && weekdayOK }
        return dayOK || weekdayOK
    }

    private static func civil(_ z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }
}
