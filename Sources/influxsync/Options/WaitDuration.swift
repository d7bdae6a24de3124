import ArgumentParser
import InfluxSync

/// How long to wait for a run (`--timeout` of `run`, `retry`, `logs`; `--run-timeout` of
/// `apply`): a duration like every other time flag (`90s`, `10m`, `1h`), or, as before, a bare
/// number of seconds (`600`).
struct WaitDuration: ExpressibleByArgument, Sendable, Equatable {
    /// The length in seconds.
    var seconds: Double

    /// A length in seconds.
    init(seconds: Double) { self.seconds = seconds }

    /// Parses `90s`, `10m`, `1h30m` or `600` (seconds); nil for anything else, zero or negative.
    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        if let plain = Double(text), plain > 0, plain.isFinite {
            seconds = plain
        } else if let parsed = DurationText.seconds(text) {
            seconds = parsed
        } else {
            return nil
        }
    }

    /// `10m` for 600 seconds: how help shows the default.
    var defaultValueDescription: String {
        seconds.rounded() == seconds ? DurationText.text(seconds: seconds) : "\(seconds)s"
    }
}
