/// InfluxDB's cron dialect (influxdb-api.md §4.5, `influxdata/cron`).
public enum CronExpression {
    /// The `@` macros InfluxDB accepts besides `@every <duration>` (lower case, as the server).
    public static let macros: Set<String> = [
        "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
        "@every_minute", "@every_second",
    ]

    /// Checks an expression the way InfluxDB would: 5, 6 or 7 fields, ranges, steps, lists,
    /// month and weekday names, `@` macros and `@every <duration>`.
    ///
    /// Fields: 5 = `minute hour day-of-month month day-of-week`; 6 = a leading `second`;
    /// 7 = a trailing `year` (1970–2099). Each field is a comma list of `*`, `*/n`, `a`,
    /// `a/n`, `a-b`, `a-b/n`. Day of week is 0–6 (`SUN`–`SAT`), with 7 accepted only as the end
    /// of a range; months are 1–12 (`JAN`–`DEC`); names are case-insensitive. `?`, `L`, `W`, `#`
    /// and time zones are not supported; neither is a step of 0 (the server reads `*/0` as a
    /// single value, almost certainly not what was meant).
    /// - Throws: `FluxError` whose message names the wrong field (`invalid minute */60`);
    ///   line is 1 and column points into the expression.
    public static func validate(_ expression: String) throws(FluxError) {
        let fields = CronScanner.fields(expression).map { (text: $0.text, column: $0.offset + 1) }
        guard let first = fields.first else {
            throw FluxError("empty cron expression", line: 1, column: 1)
        }
        if first.text.hasPrefix("@") {
            try validateMacro(fields)
            return
        }
        let names: [CronField]
        switch fields.count {
        case 5: names = [.minute, .hour, .dayOfMonth, .month, .dayOfWeek]
        case 6: names = [.second, .minute, .hour, .dayOfMonth, .month, .dayOfWeek]
        case 7: names = [.second, .minute, .hour, .dayOfMonth, .month, .dayOfWeek, .year]
        default:
            throw FluxError(
                "invalid cron expression \"\(expression)\": \(fields.count) fields, expected 5 (minute hour day-of-month month day-of-week), 6 (with leading seconds) or 7 (with trailing year)",
                line: 1, column: fields.count > 7 ? fields[7].column : 1)
        }
        for (field, name) in zip(fields, names) {
            try name.validate(field.text, column: field.column)
        }
    }

    static func validateMacro(_ fields: [(text: String, column: Int)]) throws(FluxError) {
        let head = fields[0]
        if head.text == "@every" {
            guard fields.count >= 2 else {
                throw FluxError("invalid cron expression: @every needs a duration such as @every 1h30m", line: 1, column: head.column)
            }
            for field in fields.dropFirst() { try validateEveryDuration(field.text, column: field.column) }
            return
        }
        guard macros.contains(head.text) else {
            throw FluxError(
                "invalid cron macro \(head.text) (use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every_minute, @every_second or @every <duration>)",
                line: 1, column: head.column)
        }
        if fields.count > 1 {
            throw FluxError("invalid cron expression: unexpected \"\(fields[1].text)\" after \(head.text)", line: 1, column: fields[1].column)
        }
    }

    /// `@every` durations: digits+unit pairs, units `y mo w d h hr m s ms us u µs µ ns`,
    /// case-insensitive; the total must not be zero.
    static func validateEveryDuration(_ text: String, column: Int) throws(FluxError) {
        let s = Array(text.lowercased().unicodeScalars)
        var i = 0
        var nonZero = false
        while i < s.count {
            let start = i
            while i < s.count, FluxScanner.isDigit(s[i]) { i += 1 }
            guard i > start else {
                throw FluxError("invalid @every duration \(text): unexpected \(FluxScanner.show(s[i]))", line: 1, column: column + i)
            }
            if s[start..<i].contains(where: { $0 != "0" }) { nonZero = true }
            let rest = String(String.UnicodeScalarView(s[i...]))
            let unit = ["mo", "ms", "ns", "hr", "us", "µs", "y", "w", "d", "h", "m", "s", "u", "µ"].first { rest.hasPrefix($0) }
            guard let unit else {
                throw FluxError(
                    "invalid @every duration \(text): expected a unit (y mo w d h m s ms us ns) at \(i < s.count ? FluxScanner.show(s[i]) : "end")", line: 1, column: column + i)
            }
            i += unit.unicodeScalars.count
        }
        if !nonZero { throw FluxError("invalid @every duration \(text): must not be zero", line: 1, column: column) }
    }
}

/// One position of a cron expression, with its bounds and names.
enum CronField: String {
    case second, minute, hour
    case dayOfMonth = "day of month"
    case month
    case dayOfWeek = "day of week"
    case year

    var bounds: ClosedRange<Int> {
        switch self {
        case .second, .minute: return 0...59
        case .hour: return 0...23
        case .dayOfMonth: return 1...31
        case .month: return 1...12
        case .dayOfWeek: return 0...6
        case .year: return 1970...2099
        }
    }

    var names: [String] {
        switch self {
        case .month: return ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        case .dayOfWeek: return ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
        default: return []
        }
    }

    /// Number for a digits or name atom, nil when it is neither.
    func number(_ atom: Substring) -> Int? {
        if !atom.isEmpty, atom.unicodeScalars.allSatisfy(FluxScanner.isDigit) { return Int(atom) ?? Int.max }
        if let index = names.firstIndex(of: atom.uppercased()) { return self == .month ? index + 1 : index }
        return nil
    }

    func validate(_ text: String, column: Int) throws(FluxError) {
        for item in CronScanner.items(text) {
            try validateItem(item, whole: text, column: column + item.offset)
        }
    }

    func validateItem(_ scanned: CronScanner.Item, whole: String, column: Int) throws(FluxError) {
        let item = scanned.text
        func fail(_ detail: String? = nil) -> FluxError {
            FluxError("invalid \(rawValue) \(whole)" + (detail.map { ": \($0)" } ?? ""), line: 1, column: column)
        }
        if item.isEmpty { throw fail("empty list item") }
        if let bad = item.unicodeScalars.first(where: { $0 == "?" || $0 == "#" }) {
            throw fail("'\(bad)' is not supported by InfluxDB's cron")
        }
        let atoms = item.split(whereSeparator: { $0 == "-" || $0 == "/" })
        if atoms.contains(where: { atom in number(atom) == nil && atom != "*" && atom.uppercased().contains(where: { $0 == "L" || $0 == "W" }) }) {
            throw fail("'L' and 'W' are not supported by InfluxDB's cron")
        }
        guard !scanned.hasExtraSlash else { throw fail() }
        if let stepText = scanned.step {
            guard let step = number(stepText), stepText.unicodeScalars.allSatisfy(FluxScanner.isDigit) else { throw fail("step must be a number") }
            let span = bounds.upperBound - bounds.lowerBound + 1
            let maxStep = self == .dayOfWeek ? 7 : (self == .month ? 12 : (self == .year ? 128 : span - 1))
            if step == 0 { throw fail("step must be at least 1") }
            if step > maxStep { throw fail("step must be at most \(maxStep)") }
        }
        if scanned.base == "*" { return }
        let ends = scanned.ends
        guard ends.count <= 2, let low = number(ends[0]) else { throw fail() }
        if ends.count == 1 {
            guard bounds.contains(low) else { throw fail("\(low) is outside \(bounds.lowerBound)-\(bounds.upperBound)") }
            return
        }
        guard let high = number(ends[1]) else { throw fail() }
        let upper = self == .dayOfWeek ? 7 : bounds.upperBound
        guard bounds.contains(low) else { throw fail("\(low) is outside \(bounds.lowerBound)-\(bounds.upperBound)") }
        guard (bounds.lowerBound...upper).contains(high) else { throw fail("\(high) is outside \(bounds.lowerBound)-\(upper)") }
        guard low <= high else { throw fail("range start must not be after its end") }
    }
}
