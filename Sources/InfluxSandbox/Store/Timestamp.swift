import Foundation

/// A point in time as nanoseconds since the Unix epoch (UTC), formatted the ways InfluxDB
/// formats times (influxdb-api.md §1.3).
struct Timestamp: Codable, Hashable, Comparable, Sendable {
    var nanoseconds: Int64

    init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    init(from decoder: any Decoder) throws {
        nanoseconds = try decoder.singleValueContainer().decode(Int64.self)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(nanoseconds)
    }

    static func < (a: Timestamp, b: Timestamp) -> Bool { a.nanoseconds < b.nanoseconds }

    /// The current time (microsecond resolution).
    static func now() -> Timestamp {
        Timestamp(nanoseconds: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()) * 1_000)
    }

    /// Truncated to whole seconds (toward the past).
    var truncatedToSecond: Timestamp {
        let s = nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds - 999_999_999) / 1_000_000_000
        return Timestamp(nanoseconds: s * 1_000_000_000)
    }

    /// `2022-06-30T15:00:00Z` — task fields (§1.3).
    var rfc3339Seconds: String { format(fraction: false) }

    /// `2022-07-18T14:46:07.16222Z` — run/log/org fields: nanoseconds, trailing zeros trimmed.
    var rfc3339Nano: String { format(fraction: true) }

    private func format(fraction: Bool) -> String {
        let second = truncatedToSecond.nanoseconds / 1_000_000_000
        let nanos = nanoseconds - second * 1_000_000_000
        var days = second / 86_400
        var rem = second % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = Self.civil(fromDays: days)
        var text = "\(String(y).leftPadded(4))-\(String(m).leftPadded(2))-\(String(d).leftPadded(2))T"
        text += "\(String(rem / 3600).leftPadded(2)):\(String(rem / 60 % 60).leftPadded(2)):\(String(rem % 60).leftPadded(2))"
        if fraction, nanos > 0 {
            var digits = String(nanos).leftPadded(9)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "Z"
    }

    /// Howard Hinnant's days → civil date.
    private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    private static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Parses RFC 3339 (`2006-01-02T15:04:05Z07:00`, optional fraction) as Go's
    /// `time.Parse(time.RFC3339, …)` accepts it.
    /// - Throws: `TimestampParseError` whose message mimics Go's `parsing time "…" as …`.
    static func parseRFC3339(_ text: String) throws(TimestampParseError) -> Timestamp {
        let b = Array(text.utf8)
        let fail = TimestampParseError(message: "parsing time \(goQuote(text)) as \"2006-01-02T15:04:05Z07:00\": cannot parse \(goQuote(text)) as \"2006\"")
        func num(_ from: Int, _ len: Int) -> Int64? {
            guard from + len <= b.count else { return nil }
            var v: Int64 = 0
            for i in from..<(from + len) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int64(b[i] - 48)
            }
            return v
        }
        guard b.count >= 20, let y = num(0, 4), b[4] == 45, let mo = num(5, 2), b[7] == 45, let d = num(8, 2),
            b[10] == 84 || b[10] == 116, let h = num(11, 2), b[13] == 58, let mi = num(14, 2), b[16] == 58,
            let s = num(17, 2), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 60
        else { throw fail }
        var i = 19
        var nanos: Int64 = 0
        if b[i] == 46 {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int64(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { throw fail }
            for _ in digits..<max(digits, 9) { nanos *= 10 }
        }
        guard i < b.count else { throw fail }
        var offsetSeconds: Int64 = 0
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45, let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == 58, let om = num(i + 4, 2) {
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == 45 ? -1 : 1)
            i += 6
        } else {
            throw fail
        }
        guard i == b.count else { throw fail }
        // Go checks the day against its month after the layout matched.
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        guard d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Int(mo) - 1] else {
            throw TimestampParseError(message: "parsing time \(goQuote(text)): day out of range")
        }
        let secs = days(fromCivil: y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offsetSeconds
        // Nanoseconds since 1970 in an Int64 cover 1677-09-21 … 2262-04-11.
        let (scaled, o1) = secs.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, o2) = scaled.addingReportingOverflow(nanos)
        guard !o1, !o2 else {
            throw TimestampParseError(message: "parsing time \(goQuote(text)): the sandbox supports times between 1677-09-22 and 2262-04-11")
        }
        return Timestamp(nanoseconds: total)
    }
}

/// A time that Go's RFC 3339 parser would reject.
struct TimestampParseError: Error, Equatable { var message: String }

/// Go's `strconv.Quote` (`%q`): escapes quotes, backslashes and non-printable characters.
func goQuote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\u{07}": out += "\\a"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{0B}": out += "\\v"
        default:
            let v = scalar.value
            if v < 0x20 || v == 0x7F {
                out += "\\x" + String(v, radix: 16).leftPadded(2)
            } else if (0x80..<0xA0).contains(v) || v == 0x2028 || v == 0x2029 || v == 0xFEFF {
                out += "\\u" + String(v, radix: 16).leftPadded(4)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
