import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// `influxsync logs TASK [RUN] [--follow]`: a run's log lines.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the log of a task's run (the latest run when RUN is not given).",
        discussion: """
        TASK is a task ID or a task name; RUN a run ID. Without RUN, the latest run is shown: \
        a queued or running one if there is one, else the newest completed run. With \
        --follow, new lines are printed as they appear until the run ends.
        """
    )

    @Argument(help: ArgumentHelp("Task ID or name.", valueName: "task"))
    var task: String

    @Argument(help: ArgumentHelp("Run ID (default: the latest run).", valueName: "run"))
    var runArgument: String?

    @Flag(help: "Keep printing new lines until the run ends.")
    var follow = false

    @Option(help: ArgumentHelp("With --follow, give up after this long (a duration like 90s or 10m; a bare number is seconds).", valueName: "duration"))
    var timeout = WaitDuration(seconds: 600)

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let console = Console()
        try await TaskLookup.withTask(task, connection: connection, console: console) { session, found in
            let runID: String
            do {
                if let runArgument {
                    runID = runArgument
                } else {
                    let runs = try await session.client.listRuns(taskID: found.id, afterTime: nil, limit: 1)
                    guard let latest = runs.first else {
                        throw CommandFailure("task \(DisplayText.quoted(found.name)) (\(found.id)) has no run yet", hint: "start one with: \(session.settings.command(["run", found.id, "--wait"]))")
                    }
                    runID = latest.id
                }
                if follow {
                    _ = try await RunWaiter.wait(task: found, runID: runID, session: session, console: console, timeout: timeout.seconds, printLogs: true)
                    return
                }
                for line in try await session.client.runLogs(taskID: found.id, runID: runID) { console.output(RunWaiter.logLine(line)) }
            } catch let error as InfluxAPIError {
                throw CommandFailure("cannot read the log of task \(DisplayText.quoted(found.name)): \(APIErrorText.describe(error, settings: session.settings))")
            }
        }
    }
}
