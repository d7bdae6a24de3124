import Foundation

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

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Writes `text` and a newline to standard output.
    func output(_ text: String) {
        write(text + "\n", to: FileHandle.standardOutput)
    }

    /// Writes `text` without a newline to standard output.
    func outputRaw(_ text: String) {
        write(text, to: FileHandle.standardOutput)
    }

    /// Writes `text` and a newline to standard error.
    func error(_ text: String) {
        write(text + "\n", to: FileHandle.standardError)
    }

    /// True when standard input is a terminal (a person can answer the apply prompt).
    var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Whether to print ANSI colours: only on a terminal, never with `--no-color`, a
    /// non-empty `NO_COLOR` (https://no-color.org) or `TERM=dumb`.
    func useColor(noColorFlag: Bool) -> Bool {
        if noColorFlag { return false }
        if let value = environment["NO_COLOR"], !value.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }

    /// Reads one line from standard input, without its newline; nil at end of input.
    func readLine() -> String? {
        Swift.readLine(strippingNewline: true)
    }

    private func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
