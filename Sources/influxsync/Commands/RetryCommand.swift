import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// `influxsync retry TASK RUN [--wait]`: queues a run again.
struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Retry one run of a task (a new run with the same scheduledFor).",
        discussion: """
            TASK is a task ID or a task name, RUN a run ID. Sends POST \
            /api/v2/tasks/{id}/runs/{runID}/retry: the server queues a new run, under a new ID, \
            for the same scheduledFor (the task must be active). With --wait, follows it, prints \
            its log, and exits 1 when it failed.
            """
    )

    @Argument(help: ArgumentHelp("Task ID or name.", valueName: "task"))
    var task: String

    @Argument(help: ArgumentHelp("Run ID.", valueName: "run"))
    var runID: String

    @Flag(help: "Wait for the new run to end, print its log, and exit 1 when it failed.")
    var wait = false

    @Option(help: ArgumentHelp("With --wait, give up after this long (a duration like 90s or 10m; a bare number is seconds).", valueName: "duration"))
    var timeout = WaitDuration(seconds: 600)

    @Option(help: ArgumentHelp("Output format: text, or json (one document: the task and the run; schemas/run.schema.json).", valueName: "format"))
    var format: RunDocument.Format = .text

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        try TaskLookup.requireRunID(runID)
        try RunDocument.refuseWithWait(format, wait: wait)
    }

    func run() async throws {
        let console = Console()
        try await TaskLookup.withTask(task, connection: connection, console: console) { session, found in
            let retried: InfluxRun
            do {
                retried = try await session.client.retryRun(taskID: found.id, runID: runID)
            } catch let error as InfluxAPIError where error.status == 404 && error.message.hasSuffix("run not found") {
                throw CommandFailure(
                    "task \(DisplayText.quoted(found.name)) (\(found.id)) has no run \(runID)", hint: "list its runs with: \(session.settings.command(["runs", found.id]))")
            } catch let error as InfluxAPIError {
                throw CommandFailure(RunErrors.describe(error, action: "retry run \(runID) of", task: found, session: session))
            }
            if format == .json { return console.outputRaw(RunDocument.render(task: found, run: retried)) }
            console.output(
                "Retrying run \(runID) of task \(DisplayText.quoted(found.name)) (\(found.id)) as run \(retried.id), scheduled for \(DisplayText.escaped(retried.scheduledFor)).")
            if wait { try await RunErrors.finish(task: found, runID: retried.id, session: session, console: console, timeout: timeout.seconds) }
        }
    }
}
