import Flux

/// Flux duration literals given on the command line (`--since 24h`, `--stuck-after 30m`).
public enum DurationText {
    /// The length in seconds of a positive Flux duration literal without calendar units
    /// (`mo`, `y`); nil for anything else.
    public static func seconds(_ text: String) -> Double? {
        guard let d = try? FluxDuration(parsing: text), d.months == 0, d.nanoseconds > 0 else { return nil }
        return Double(d.nanoseconds) / 1_000_000_000
    }

    /// `30s`, `5m`, `1h30m`: a length in seconds, rounded to whole seconds, as a duration
    /// literal the flags accept back (`--lock-timeout`, `--timeout`).
    public static func text(seconds: Double) -> String {
        let s = Int(seconds.rounded())
        var out = ""
        if s >= 3600 { out += "\(s / 3600)h" }
        if s % 3600 >= 60 { out += "\(s % 3600 / 60)m" }
        if s % 60 > 0 || out.isEmpty { out += "\(s % 60)s" }
        return out
    }

    /// An elapsed time as a person reads it, to the minute past an hour and to the second
    /// below one: `45s`, `12m`, `30h`, `2h15m`. Negative times read as `0s`.
    public static func elapsed(_ seconds: Double) -> String {
        let total = max(0, Int(seconds.rounded(.down)))
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" }
        let minutes = (total % 3600) / 60
        return "\(total / 3600)h" + (minutes > 0 ? "\(minutes)m" : "")
    }
}
