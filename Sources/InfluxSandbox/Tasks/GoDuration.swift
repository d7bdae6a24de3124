import Flux

/// Go's `time.Duration` parsing and InfluxDB's offset printing (influxdb-api.md §3, §4.2, §7.2).
enum GoDuration {
    /// Go's `time.ParseDuration` (`ServerDurationText.goParse`, the one reader of that
    /// dialect), its failure as the sandbox reports it.
    /// - Throws: Go's message: `time: unknown unit "d" in duration "1d"`,
    ///   `time: invalid duration "abc"`, `time: missing unit in duration "1"`.
    static func parse(_ text: String) throws(TaskScriptFailure) -> Int64 {
        do {
            return try ServerDurationText.goParse(text)
        } catch {
            throw .message(error.message)
        }
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

    /// The JSON-side duration of a PATCH body (§4.4, `ServerDurationText.jsonError`): `""` →
    /// nil (not set); digits followed by letters, repeated, optionally signed → the text;
    /// otherwise a decode error.
    /// - Throws: `duration is missing a unit: ` or `invalid duration <text>`.
    static func patchDuration(_ text: String) throws(TaskScriptFailure) -> String? {
        if let error = ServerDurationText.jsonError(text) { throw .message(error) }
        return text.isEmpty ? nil : text
    }

    /// True when every magnitude in a duration text is zero (`0s`, `0h0m`).
    static func isZero(_ text: String) -> Bool {
        !text.contains { $0.isNumber && $0 != "0" }
    }
}
