/// Go's `time.Duration` parsing and InfluxDB's offset printing (influxdb-api.md §3, §4.2, §7.2).
enum GoDuration {
    /// Go's `time.ParseDuration`: signed sequence of decimal numbers with units
    /// `ns us µs ms s m h`.
    /// - Throws: a message like Go's: `time: unknown unit "d" in duration "1d"`,
    ///   `time: invalid duration "abc"`, `time: missing unit in duration "1"`.
    static func parse(_ text: String) throws(TaskScriptFailure) -> Int64 {
        let quoted = goQuote(text)
        func invalid() -> TaskScriptFailure { .message("time: invalid duration \(quoted)") }
        var s = Substring(text)
        var negative = false
        if let first = s.first, first == "-" || first == "+" { negative = first == "-"; s = s.dropFirst() }
        if s == "0" { return 0 }
        guard !s.isEmpty else { throw invalid() }
        var total: Double = 0
        while !s.isEmpty {
            let number = s.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", let value = Double(number.hasPrefix(".") ? "0" + number : String(number)) else { throw invalid() }
            s = s.dropFirst(number.count)
            let unit = s.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard !unit.isEmpty else { throw .message("time: missing unit in duration \(quoted)") }
            s = s.dropFirst(unit.count)
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1_000
            case "ms": scale = 1_000_000
            case "s": scale = 1_000_000_000
            case "m": scale = 60_000_000_000
            case "h": scale = 3_600_000_000_000
            default: throw .message("time: unknown unit \(goQuote(String(unit))) in duration \(quoted)")
            }
            total += value * scale
        }
        guard total < 9.2e18 else { throw invalid() }
        return Int64(total) * (negative ? -1 : 1)
    }

    /// InfluxDB's offset text: `<h>h<m>m<s>s` with zero parts dropped, `-` when negative,
    /// `""` for zero (§3): `90s` → `1m30s`, `3600s` → `1h`.
    static func offsetText(_ nanoseconds: Int64) -> String {
        guard nanoseconds != 0 else { return "" }
        var d = nanoseconds.magnitude
        var out = nanoseconds < 0 ? "-" : ""
        let hour: UInt64 = 3_600_000_000_000, minute: UInt64 = 60_000_000_000, second: UInt64 = 1_000_000_000
        if d / hour > 0 { out += "\(d / hour)h" }
        d %= hour
        if d == 0 { return out }
        if d / minute > 0 { out += "\(d / minute)m" }
        d %= minute
        if d == 0 { return out }
        if d / second > 0 { out += "\(d / second)s" }
        d %= second
        if d > 0 { out += "\(d)ns" }
        return out
    }

    /// The JSON-side duration of a PATCH body (§4.4): `""` → nil (not set); digits followed by
    /// letters, repeated, optionally signed → the text; otherwise a decode error.
    /// - Throws: `duration is missing a unit: ` or `invalid duration <text>`.
    static func patchDuration(_ text: String) throws(TaskScriptFailure) -> String? {
        if text.isEmpty { return nil }
        var s = Substring(text)
        if s.first == "-" { s = s.dropFirst() }
        guard !s.isEmpty else { throw .message("invalid duration \(text)") }
        while !s.isEmpty {
            let digits = s.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { throw .message("invalid duration \(text)") }
            s = s.dropFirst(digits.count)
            let unit = s.prefix { $0.isLetter }
            guard !unit.isEmpty else {
                throw .message(s.isEmpty ? "duration is missing a unit: " : "invalid duration \(text)")
            }
            s = s.dropFirst(unit.count)
        }
        return text
    }

    /// True when every magnitude in a duration text is zero (`0s`, `0h0m`).
    static func isZero(_ text: String) -> Bool {
        !text.contains { $0.isNumber && $0 != "0" }
    }
}
