import Foundation
import InfluxSync

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's terminal: standard output for results, standard error for diagnostics and
/// `-v` lines, standard input for the apply confirmation.
struct Console: Sendable {
    /// The environment variables (`NO_COLOR`, `TERM`, `INFLUX_*`).
    let environment: [String: String]
    /// When set, standard-error lines go here instead (one target of `plan --all-targets`).
    let errorCapture: ConsoleCapture?

    init(environment: [String: String] = ProcessInfo.processInfo.environment, errorCapture: ConsoleCapture? = nil) {
        self.environment = environment
        self.errorCapture = errorCapture
    }

    /// Writes `text` and a newline to standard output, guarded against workflow commands
    /// (`DisplayText.guardingWorkflowCommands`), as every write but `outputVerbatim`.
    func output(_ text: String) {
        StandardStreams.write(DisplayText.guardingWorkflowCommands(text) + "\n", to: STDOUT_FILENO)
    }

    /// Writes `text` without a newline to standard output (guarded as `output`).
    func outputRaw(_ text: String) {
        StandardStreams.write(DisplayText.guardingWorkflowCommands(text), to: STDOUT_FILENO)
    }

    /// Writes `text` exactly (`export --out -`: YAML whose content the guard would change).
    func outputVerbatim(_ text: String) {
        StandardStreams.write(text, to: STDOUT_FILENO)
    }

    /// Writes a workflow command influxsync means to issue (`::error file=…::…`, its values
    /// %-escaped by `GitHubActions`) and a newline to standard error, unguarded: the one write
    /// the guard of `error` must not break. Never captured (a target's report of
    /// `plan --all-targets` is printed guarded): the runner reads it wherever it stands.
    func workflowCommand(_ line: String) {
        StandardStreams.write(line + "\n", to: STDERR_FILENO)
    }

    /// Writes `text` and a newline to standard error (guarded as `output`).
    func error(_ text: String) {
        if let errorCapture {
            errorCapture.append(text)
        } else {
            StandardStreams.write(DisplayText.guardingWorkflowCommands(text) + "\n", to: STDERR_FILENO)
        }
    }

    /// True when standard input is a terminal (a person can answer the apply prompt).
    var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Whether to print ANSI colours on standard output (`useColor(noColorFlag:environment:isTerminal:)`).
    func useColor(noColorFlag: Bool) -> Bool {
        Self.useColor(noColorFlag: noColorFlag, environment: environment, isTerminal: isatty(STDOUT_FILENO) == 1)
    }

    /// The colour decision, in this order: `--no-color` or a non-empty `NO_COLOR` turn colours
    /// off; a non-empty `FORCE_COLOR` (other than `0` or `false`) or `CLICOLOR_FORCE` (other
    /// than `0`) turn them on even without a terminal (CI logs that render ANSI colours);
    /// otherwise colours only on a terminal whose `TERM` is not `dumb`.
    static func useColor(noColorFlag: Bool, environment: [String: String], isTerminal: Bool) -> Bool {
        if noColorFlag { return false }
        if let value = environment["NO_COLOR"], !value.isEmpty { return false }
        if let value = environment["FORCE_COLOR"], !value.isEmpty, value != "0", value.lowercased() != "false" { return true }
        if let value = environment["CLICOLOR_FORCE"], !value.isEmpty, value != "0" { return true }
        if environment["TERM"] == "dumb" { return false }
        return isTerminal
    }

    /// Reads one line from standard input, without its newline; nil at end of input.
    func readLine() -> String? {
        Swift.readLine(strippingNewline: true)
    }

}

/// Lines a `Console` would have written to standard error, kept to be reported later.
final class ConsoleCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var captured: [String] = []

    /// Keeps one message (it may span lines).
    func append(_ text: String) {
        lock.lock()
        captured.append(text)
        lock.unlock()
    }

    /// The messages kept so far, in order.
    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return captured
    }
}
