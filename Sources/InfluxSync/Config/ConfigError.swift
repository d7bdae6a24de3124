/// A problem with a configuration source (`influxsync.yaml`, an `--env-file`, the influx CLI's
/// configs) or with the connection settings they resolve to. `message` names the file and
/// line where there is one.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One sentence, without the `error: ` prefix.
    public var message: String
    /// What to do about it.
    public var hint: String

    /// Creates an error.
    public init(_ message: String, hint: String) {
        self.message = message
        self.hint = hint
    }

    /// `message` and `hint: …` on the next line.
    public var description: String { "\(message)\nhint: \(hint)" }
}
