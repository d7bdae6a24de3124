/// The wording of InfluxDB's cron library (`influxdata/cron`, influxdb-api.md §4.5), for the
/// sandbox's `cron invalid: …` messages.
extension CronExpression {
    /// The error InfluxDB's cron parser gives for `expression`, or nil when it accepts it.
    ///
    /// Follows the library's checks and texts: `invalid minute */60` (step too large),
    /// `invalid start hour 24`, `invalid end minute <start>` (the library prints the start),
    /// `invalid day of week range start must be before end`, `error in parsing at char N, 'c'`
    /// for characters outside the grammar, and `failed to parse cron string '<s>'` when a field
    /// selects nothing (the library appends an internal dump, not reproduced). Unlike
    /// `validate(_:)`, a step of 0 is accepted (the library reads `*/0` as the single value 0).
    /// Character positions in parse errors are approximate (§16).
    public static func serverError(_ expression: String) -> String? {
        let s = Array(expression.unicodeScalars)
        func parseError(at index: Int) -> String {
            let i = min(max(index, 0), max(s.count - 1, 0))
            return "error in parsing at char \(i), '\(s.isEmpty ? "" : String(s[i]))'"
        }
        let fields = CronScanner.fields(expression).map { (text: Array($0.text.unicodeScalars), start: $0.offset) }
        guard let first = fields.first else { return parseError(at: 0) }
        if first.text.first == "@" {
            do {
                try validateMacro(fields.map { (String(String.UnicodeScalarView($0.text)), $0.start + 1) })
            } catch {
                if error.message.hasSuffix("must not be zero") { return "failed to parse cron string '\(expression)'" }
                return parseError(at: error.column - 1)
            }
            return nil
        }
        for field in fields {
            if let bad = field.text.firstIndex(where: { !(FluxScanner.isDigit($0) || ($0.isASCII && $0.properties.isAlphabetic) || "/*,-".unicodeScalars.contains($0)) }) {
                return parseError(at: field.start + bad)
            }
        }
        let kinds: [CronField]
        switch fields.count {
        case 5: kinds = [.minute, .hour, .dayOfMonth, .month, .dayOfWeek]
        case 6: kinds = [.second, .minute, .hour, .dayOfMonth, .month, .dayOfWeek]
        case 7: kinds = [.second, .minute, .hour, .dayOfMonth, .month, .dayOfWeek, .year]
        default: return parseError(at: fields.count > 7 ? fields[7].start : s.count - 1)
        }
        for (field, kind) in zip(fields, kinds) {
            var selectsSomething = false
            for item in CronScanner.items(String(String.UnicodeScalarView(field.text))) {
                switch kind.serverCheck(item) {
                case .failure(let failure): return failure.message == "parse" ? parseError(at: field.start + item.offset) : failure.message
                case .success(let nonEmpty): selectsSomething = selectsSomething || nonEmpty
                }
            }
            if !selectsSomething && kind != .second { return "failed to parse cron string '\(expression)'" }
        }
        return nil
    }
}

extension CronField {
    /// The library's name for the field in step errors (`day month` sic for day of month).
    var serverName: String {
        switch self {
        case .dayOfMonth: return "day month"
        default: return rawValue
        }
    }

    /// The library's largest allowed step.
    var serverMaxStep: Int {
        switch self {
        case .second, .minute: return 59
        case .hour: return 23
        case .dayOfMonth: return 30
        case .month: return 12
        case .dayOfWeek: return 7
        case .year: return 128
        }
    }

    struct ServerFailure: Error { var message: String }

    /// One list item as the library checks it: success(true) when it selects at least one value.
    func serverCheck(_ item: CronScanner.Item) -> Result<Bool, ServerFailure> {
        guard !item.text.isEmpty, !item.hasExtraSlash else { return .failure(ServerFailure(message: "parse")) }
        var step = 0
        if let stepText = item.step {
            guard !stepText.isEmpty, stepText.unicodeScalars.allSatisfy(FluxScanner.isDigit), let d = Int(stepText) else { return .failure(ServerFailure(message: "parse")) }
            step = d
            if step > serverMaxStep { return .failure(ServerFailure(message: "invalid \(serverName) */\(step)")) }
        }
        if item.base == "*" { return .success(true) }
        let ends = item.ends
        guard ends.count <= 2, let low = serverNumber(ends[0]) else { return .failure(ServerFailure(message: "parse")) }
        var high: Int?
        if ends.count == 2 {
            guard let h = serverNumber(ends[1]) else { return .failure(ServerFailure(message: "parse")) }
            high = h
        }
        let isRange = high != nil || step > 0
        switch self {
        case .second, .minute, .hour:
            let limit = self == .hour ? 24 : 60
            if low >= limit { return .failure(ServerFailure(message: "invalid start \(rawValue) \(low)")) }
            if let high, high >= limit { return .failure(ServerFailure(message: "invalid end \(rawValue) \(self == .second ? high : low)")) }
            return .success(!isRange || high.map { low <= $0 || $0 == 0 } ?? true)
        case .dayOfMonth:
            if low == 0 { return .failure(ServerFailure(message: "invalid start month \(UInt64.max)")) }
            if low - 1 > 30 { return .failure(ServerFailure(message: "invalid start month \(low - 1)")) }
            if let high, high - 1 > 31 { return .failure(ServerFailure(message: "invalid end month \(low - 1)")) }
            return .success(!isRange || high.map { low <= $0 } ?? true)
        case .month:
            if low > 12 { return .failure(ServerFailure(message: "invalid start month \(low)")) }
            if let high, high > 12 { return .failure(ServerFailure(message: "invalid end month \(low)")) }
            if low == 0 { return .success(isRange && (high ?? 12) >= 1) }
            return .success(!isRange || high.map { low <= $0 } ?? true)
        case .dayOfWeek:
            if low > 7 { return .failure(ServerFailure(message: "invalid start day of week \(low)")) }
            var end = high ?? 6
            if end == 7 { end = 6 }
            if end > 6 { return .failure(ServerFailure(message: "invalid end day of week \(low)")) }
            if low > end { return .failure(ServerFailure(message: "invalid day of week range start must be before end")) }
            return .success(true)
        case .year:
            if low < 1970 || low > 2099 { return .failure(ServerFailure(message: "invalid start year \(low)")) }
            if let high, high < 1970 || high > 2099 { return .failure(ServerFailure(message: "invalid end year \(high)")) }
            return .success(true)
        }
    }

    /// Digits, or a name the library accepts in this field (weekday names also in day of month).
    func serverNumber(_ atom: Substring) -> Int? {
        if !atom.isEmpty, atom.unicodeScalars.allSatisfy(FluxScanner.isDigit) { return Int(atom) ?? Int.max }
        let upper = atom.uppercased()
        let days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
        let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        switch self {
        case .month: return months.firstIndex(of: upper).map { $0 + 1 }
        case .dayOfWeek: return days.firstIndex(of: upper)
        case .dayOfMonth: return days.firstIndex(of: upper).map { $0 + 1 }
        default: return nil
        }
    }
}
