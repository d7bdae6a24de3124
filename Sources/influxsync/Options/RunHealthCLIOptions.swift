import ArgumentParser
import InfluxSync

/// `--stuck-after` and `--runs`, shared by `drift` and `status`.
struct RunHealthCLIOptions: ParsableArguments {
    @Option(
        name: .customLong("stuck-after"),
        help: ArgumentHelp(
            "A run started (or still scheduled past its time) longer than this is stuck (not started); a Flux duration such as 30m. Default: the task's every, 1h for cron tasks.",
            valueName: "duration"))
    var stuckAfter: String?

    @Option(name: .customLong("runs"), help: ArgumentHelp("Recent runs to read per task (1–500).", valueName: "n"))
    var runs = 20

    /// The run-health options; `scheduleChecked` false when no scheduler runs.
    /// - Throws: `ValidationError` for a malformed `--stuck-after` or `--runs`.
    func options(scheduleChecked: Bool) throws -> RunHealthOptions {
        guard (1...500).contains(runs) else { throw ValidationError("--runs must be between 1 and 500 (the run list's limit), not \(runs).") }
        guard let stuckAfter else { return RunHealthOptions(scheduleChecked: scheduleChecked) }
        guard let seconds = DurationText.seconds(stuckAfter) else {
            throw ValidationError("--stuck-after \"\(stuckAfter)\" is not a positive duration such as 30m or 2h.")
        }
        return RunHealthOptions(stuckAfterSeconds: seconds, stuckAfterText: stuckAfter, scheduleChecked: scheduleChecked)
    }
}
