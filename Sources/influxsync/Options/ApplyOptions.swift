import ArgumentParser
import Foundation
import InfluxSync

/// How `apply` sends its requests: `--parallelism N` (env `INFLUXSYNC_PARALLELISM`) and
/// `--quiet` (no progress line).
struct ApplyOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Changes written at once within a phase, 1 to \(Applier.maxParallelism) (env INFLUXSYNC_PARALLELISM; default \(Applier.defaultParallelism)). A task's own requests always go in order.",
        valueName: "n"))
    var parallelism: Int?

    @Flag(name: .shortAndLong, help: "Print no progress line while applying (one is shown on a terminal for applies that take more than a few seconds).")
    var quiet = false

    func validate() throws {
        if let parallelism, !(1...Applier.maxParallelism).contains(parallelism) {
            throw ValidationError("--parallelism must be a whole number from 1 to \(Applier.maxParallelism), got \(parallelism).")
        }
    }

    /// `--parallelism`, else `INFLUXSYNC_PARALLELISM`, else `Applier.defaultParallelism`.
    /// - Throws: `CommandFailure` when the environment variable is not a whole number in range.
    func resolvedParallelism(environment: [String: String]) throws -> Int {
        if let parallelism { return parallelism }
        guard let raw = environment["INFLUXSYNC_PARALLELISM"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            return Applier.defaultParallelism
        }
        guard let value = Int(raw), (1...Applier.maxParallelism).contains(value) else {
            throw CommandFailure("""
                INFLUXSYNC_PARALLELISM must be a whole number from 1 to \(Applier.maxParallelism), got "\(raw)".
                  hint: unset it or set a number, e.g. export INFLUXSYNC_PARALLELISM=\(Applier.defaultParallelism)
                """)
        }
        return value
    }
}
