import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// `influxsync cancel TASK RUN`: cancels a queued or running run.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a queued or running run of a task.",
        discussion: """
            TASK is a task ID or a task name, RUN a run ID. Sends DELETE \
            /api/v2/tasks/{id}/runs/{runID}. Only runs still queued or running can be cancelled; \
            InfluxDB Cloud refuses every cancel (405).
            """
    )

    @Argument(help: ArgumentHelp("Task ID or name.", valueName: "task"))
    var task: String

    @Argument(help: ArgumentHelp("Run ID.", valueName: "run"))
    var runID: String

    @Option(help: ArgumentHelp("Output format: text, or json (one document: the task and the canceled run's ID; schemas/run.schema.json).", valueName: "format"))
    var format: RunDocument.Format = .text

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        try TaskLookup.requireRunID(runID)
    }

    func run() async throws {
        let console = Console()
        try await TaskLookup.withTask(task, connection: connection, console: console) { session, found in
            do {
                try await session.client.cancelRun(taskID: found.id, runID: runID)
            } catch let error as InfluxAPIError where error.status == 405 {
                throw CommandFailure(
                    "cannot cancel run \(runID) of task \(DisplayText.quoted(found.name)): the server does not support cancelling runs (InfluxDB Cloud answers 405 to every cancel)",
                    hint: "deactivate the task to stop its future runs, or wait for this run to end")
            } catch let error as InfluxAPIError where error.status == 404 && error.message.hasSuffix("run not found") {
                throw CommandFailure(
                    "run \(runID) of task \(DisplayText.quoted(found.name)) is not queued or running: it has completed, or does not exist",
                    hint: "list its runs with: \(session.settings.command(["runs", found.id]))")
            } catch let error as InfluxAPIError {
                throw CommandFailure(RunErrors.describe(error, action: "cancel run \(runID) of", task: found, session: session))
            }
            if format == .json { return console.outputRaw(RunDocument.render(task: found, canceledRunID: runID)) }
            console.output("Canceled run \(runID) of task \(DisplayText.quoted(found.name)) (\(found.id)).")
        }
    }
}
