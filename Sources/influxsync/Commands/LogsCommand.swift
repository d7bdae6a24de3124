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

    @Option(help: ArgumentHelp("Output format: text, or json (one document: the task, the run ID and its log lines; schemas/logs.schema.json).", valueName: "format"))
    var format: RunDocument.Format = .text

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if let runArgument { try TaskLookup.requireRunID(runArgument) }
        if format == .json && follow {
            throw ValidationError("--format json prints the log as it is now and cannot be combined with --follow (which prints new lines as text).")
        }
    }

    func run() async throws {
        let console = Console()
        try await TaskLookup.withTask(task, connection: connection, console: console) { session, found in
            let runID: String
            do {
                if let runArgument {
                    runID = runArgument
                } else {
                    let runs = try await session.client.listRuns(taskID: found.id, afterTime: nil, beforeTime: nil, limit: 1)
                    guard let latest = runs.first else {
                        throw CommandFailure(
                            "task \(DisplayText.quoted(found.name)) (\(found.id)) has no run yet", hint: "start one with: \(session.settings.command(["run", found.id, "--wait"]))")
                    }
                    runID = latest.id
                }
                if follow {
                    _ = try await RunWaiter.wait(task: found, runID: runID, session: session, console: console, timeout: timeout.seconds, printLogs: true)
                    return
                }
                let lines = try await session.client.runLogs(taskID: found.id, runID: runID)
                if format == .json { return console.outputRaw(Self.document(task: found, runID: runID, lines: lines)) }
                for line in lines { console.output(RunWaiter.logLine(line)) }
                // Nothing printed and nothing said looked like a command that did nothing.
                if lines.isEmpty { console.error("Run \(DisplayText.escaped(runID)) of task \(DisplayText.quoted(found.name)) has no log lines.") }
            } catch let error as InfluxAPIError {
                throw CommandFailure("cannot read the log of task \(DisplayText.quoted(found.name)): \(APIErrorText.describe(error, settings: session.settings))")
            }
        }
    }

    /// `{"formatVersion": 1, "task": {"id", "name"}, "runID", "log": [{"time", "message"}]}`
    /// (`schemas/logs.schema.json`; the lines as the server gives them, §13).
    static func document(task: InfluxTask, runID: String, lines: [InfluxLogEvent]) -> String {
        struct Line: Encodable { var time: String; var message: String }
        struct Doc: Encodable { var formatVersion = 1; var task: TaskReference; var runID: String; var log: [Line] }
        return encodeJSON(
            Doc(
                task: TaskReference(id: task.id, name: task.name), runID: runID,
                log: lines.map { Line(time: $0.time, message: $0.message) }))
    }
}
