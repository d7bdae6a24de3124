import Flux

/// Flux duration literals given on the command line (`--since 24h`, `--stuck-after 30m`).
public enum DurationText {
    /// The length in seconds of a positive Flux duration literal without calendar units
    /// (`mo`, `y`); nil for anything else.
    public static func seconds(_ text: String) -> Double? {
        guard let d = try? FluxDuration(parsing: text), d.months == 0, d.nanoseconds > 0 else { return nil }
        return Double(d.nanoseconds) / 1_000_000_000
    }
}
