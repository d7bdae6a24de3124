import ArgumentParser
import Foundation
import InfluxSync

/// How many changes `apply` writes at once: a fixed number, or `auto` (the server's answers
/// decide, up to `Applier.maxParallelism`).
enum ApplyParallelism: Equatable {
    case fixed(Int)
    case auto

    /// `auto` or a whole number from 1 to `Applier.maxParallelism`; nil for anything else.
    init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.lowercased() == "auto" {
            self = .auto
        } else if let value = Int(text), (1...Applier.maxParallelism).contains(value) {
            self = .fixed(value)
        } else {
            return nil
        }
    }

    /// The `Applier` window width: the number itself, or `Applier.autoWindowWidth` for `auto`.
    var windowWidth: Int {
        switch self {
        case .fixed(let value): return value
        case .auto: return Applier.autoWindowWidth
        }
    }

    /// True for `auto`: the HTTP client's adaptive limit paces the requests.
    var isAdaptive: Bool { self == .auto }
}

/// How `apply` sends its requests: `--parallelism N|auto` (env `INFLUXSYNC_PARALLELISM`) and
/// `--quiet` (no progress line).
struct ApplyOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Changes written at once within a phase, 1 to \(Applier.maxParallelism), or auto: start at 4, grow while the server answers fast and clean, back off on 429/503 and rising latency, never above \(Applier.maxParallelism) (env INFLUXSYNC_PARALLELISM; default \(Applier.defaultParallelism)). A task's own requests always go in order.",
            valueName: "n|auto"))
    var parallelism: String?

    @Flag(name: .shortAndLong, help: "Print no progress line while applying (one is shown on a terminal for applies that take more than a few seconds).")
    var quiet = false

    func validate() throws {
        if let parallelism, ApplyParallelism(parallelism) == nil {
            throw ValidationError("--parallelism must be auto or a whole number from 1 to \(Applier.maxParallelism), got \(parallelism).")
        }
    }

    /// `--parallelism`, else `INFLUXSYNC_PARALLELISM`, else `Applier.defaultParallelism`.
    /// - Throws: `CommandFailure` when the environment variable is neither `auto` nor a whole
    ///   number in range.
    func resolvedParallelism(environment: [String: String]) throws -> ApplyParallelism {
        if let parallelism, let value = ApplyParallelism(parallelism) { return value }
        guard let raw = environment["INFLUXSYNC_PARALLELISM"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            return .fixed(Applier.defaultParallelism)
        }
        guard let value = ApplyParallelism(raw) else {
            throw CommandFailure(
                """
                INFLUXSYNC_PARALLELISM must be auto or a whole number from 1 to \(Applier.maxParallelism), got "\(raw)".
                  hint: unset it or set auto or a number, e.g. export INFLUXSYNC_PARALLELISM=\(Applier.defaultParallelism)
                """)
        }
        return value
    }
}
