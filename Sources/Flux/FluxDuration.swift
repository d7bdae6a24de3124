/// The value of a Flux duration literal (influxdb-api.md §4.4).
///
/// A duration has a calendar part (`months`: `mo`, and `y` = 12 `mo`) and a fixed part
/// (`nanoseconds`: `ns us µs ms s m h d w`, with `d` = 24h and `w` = 7d). Two durations are
/// equal when both parts are equal, so `1h` == `60m` == `1h0m0s` == `3600s`, `1d` == `24h`,
/// `1w` == `7d`, while `1mo` never equals any fixed number of hours. A negative duration
/// (`-5m`, only meaningful for `offset`) has both parts negated.
public struct FluxDuration: Hashable, Sendable, CustomStringConvertible {
    /// Calendar months (`1y` = 12).
    public var months: Int64
    /// Fixed length in nanoseconds.
    public var nanoseconds: Int64

    /// Creates a duration from its two parts.
    public init(months: Int64 = 0, nanoseconds: Int64 = 0) {
        self.months = months
        self.nanoseconds = nanoseconds
    }

    /// Parses a Flux duration literal such as `1h30m`, `1y6mo`, `90s`, `1m0s` (Go-style spellings
    /// are valid Flux compounds), `µs`/`us`, with an optional leading `-`.
    /// - Throws: `FluxError` naming the offending character when the text is not a literal
    ///   (`1.5m`, `5`, `1 h`, `10x`).
    public init(parsing text: String) throws(FluxError) {
        fatalError("FluxDuration(parsing:) is not implemented yet")
    }

    /// The zero duration.
    public static let zero = FluxDuration()

    /// True when both parts are zero.
    public var isZero: Bool { months == 0 && nanoseconds == 0 }

    /// The shortest canonical Flux spelling: `1h30m`, `1d`, `1w`, `1y6mo`, `-5m`, `0s`.
    public var description: String {
        fatalError("FluxDuration.description is not implemented yet")
    }
}
