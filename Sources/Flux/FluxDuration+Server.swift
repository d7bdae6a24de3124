/// How InfluxDB itself reads and prints task durations (influxdb-api.md §3, §4.3, §4.4).
extension FluxDuration {
    /// The fixed length InfluxDB uses when it needs one (§4.4): `w` = 7d, `d` = 24h, and each
    /// calendar month counted as 4 weeks (28 days). Saturates at `Int64` bounds.
    public var serverNanoseconds: Int64 {
        let monthNanos: Int64 = 28 * 86_400_000_000_000
        let (m, overflow) = months.multipliedReportingOverflow(by: monthNanos)
        if overflow { return months < 0 ? .min : .max }
        let (sum, overflow2) = m.addingReportingOverflow(nanoseconds)
        if overflow2 { return m < 0 ? .min : .max }
        return sum
    }

    /// The `offset` field of a task object as the server normalises it (§3): hours, minutes,
    /// seconds with zero parts dropped and a `-` when negative — `90s` → `1m30s`, `3600s` →
    /// `1h`, `1h0m5s` → `1h5s`, `-5m`, `1d` → `24h`. Sub-second leftovers are appended as
    /// `ms`/`us`/`ns`; months count as 28 days. Nil for a zero duration (the field is omitted).
    public var serverOffsetText: String? {
        Self.hms(serverNanoseconds)
    }

    /// The `offset` field the server derives from an offset *literal* as written in the
    /// script (§4.3: the literal is converted with `y` = 52 weeks, `mo` = 4 weeks, then printed
    /// as in `serverOffsetText`). `literal` may start with `-`. Nil when it is zero.
    /// - Throws: `FluxError` when `literal` is not a duration literal.
    public static func serverOffsetText(literal: String) throws(FluxError) -> String? {
        hms(try serverNanoseconds(literal: literal))
    }

    /// The fixed length the server computes for a duration literal (§4.4): `y` = 52 weeks,
    /// `mo` = 4 weeks, `w` = 7 days, `d` = 24 hours. Saturates at `Int64` bounds.
    /// - Throws: `FluxError` when `literal` is not a duration literal.
    public static func serverNanoseconds(literal: String) throws(FluxError) -> Int64 {
        let parsed = try FluxDurationLiteral(parsing: literal)
        var total: Int64 = 0
        for part in parsed.parts {
            let unitNanos: Int64
            switch part.unit {
            case "y": unitNanos = 52 * 604_800_000_000_000
            case "mo": unitNanos = 4 * 604_800_000_000_000
            default: unitNanos = FluxDurationLiteral.unitValue(part.unit).1
            }
            let (product, o1) = part.magnitude.multipliedReportingOverflow(by: unitNanos)
            let (sum, o2) = total.addingReportingOverflow(product)
            if o1 || o2 { total = .max; break }
            total = sum
        }
        return parsed.negative ? (total == .max ? .min : -total) : total
    }

    /// The `every` field as the server derives it from the literal in the script (§3, §4.3):
    /// the magnitude+unit pairs re-printed in source order, `µs` written `us`, nothing
    /// normalised (`90m` stays `90m`, `1h0m0s` stays `1h0m0s`). A leading `-` is kept.
    /// - Throws: `FluxError` when `literal` is not a duration literal.
    public static func serverEveryText(literal: String) throws(FluxError) -> String {
        let parsed = try FluxDurationLiteral(parsing: literal)
        var text = parsed.negative ? "-" : ""
        for part in parsed.parts {
            text += String(part.magnitude)
            text += part.unit == "µs" ? "us" : part.unit
        }
        return text
    }

    /// `<h>h<m>m<s>s` (+ `ms`/`us`/`ns`) with zero parts dropped; nil for zero.
    static func hms(_ nanos: Int64) -> String? {
        if nanos == 0 { return nil }
        var rest = nanos.magnitude
        var out = nanos < 0 ? "-" : ""
        let units: [(String, UInt64)] = [
            ("h", 3_600_000_000_000), ("m", 60_000_000_000), ("s", 1_000_000_000),
            ("ms", 1_000_000), ("us", 1_000), ("ns", 1),
        ]
        for (unit, size) in units where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }
}
