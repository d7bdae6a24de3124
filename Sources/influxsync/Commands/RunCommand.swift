import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// `influxsync run TASK [--scheduled-for T] [--wait]`: a manual run.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a task now (a manual run), optionally waiting for it and printing its log.",
        discussion: """
            TASK is a task ID or a task name. Sends POST /api/v2/tasks/{id}/runs; the run starts \
            at once, outside the schedule (the task must be active). With --wait, follows the \
            run, prints its log lines, and exits 1 when it failed.
            """
    )

    @Argument(help: ArgumentHelp("Task ID or name.", valueName: "task"))
    var task: String

    @Option(name: .customLong("scheduled-for"), help: ArgumentHelp("The run's now() (RFC 3339); default: now.", valueName: "time"))
    var scheduledFor: String?

    @Flag(help: "Wait for the run to end, print its log, and exit 1 when it failed.")
    var wait = false

    @Option(help: ArgumentHelp("With --wait, give up after this long (a duration like 90s or 10m; a bare number is seconds).", valueName: "duration"))
    var timeout = WaitDuration(seconds: 600)

    @Option(help: ArgumentHelp("Output format: text, or json (one document: the task and the run; schemas/run.schema.json).", valueName: "format"))
    var format: RunDocument.Format = .text

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        try RunDocument.refuseWithWait(format, wait: wait)
        if let scheduledFor, RFC3339.parseStrict(scheduledFor) == nil {
            throw ValidationError("--scheduled-for \(DisplayText.quoted(scheduledFor)) is not an RFC 3339 time such as 2026-11-29T10:00:00Z.")
        }
    }

    func run() async throws {
        let console = Console()
        try await TaskLookup.withTask(task, connection: connection, console: console) { session, found in
            let started: InfluxRun
            do {
                started = try await session.client.forceRun(taskID: found.id, scheduledFor: scheduledFor)
            } catch let error as InfluxAPIError {
                throw CommandFailure(RunErrors.describe(error, action: "start a run of", task: found, session: session))
            }
            if format == .json { return console.outputRaw(RunDocument.render(task: found, run: started)) }
            console.output("Started run \(started.id) of task \(DisplayText.quoted(found.name)) (\(found.id)), scheduled for \(DisplayText.escaped(started.scheduledFor)).")
            if wait { try await RunErrors.finish(task: found, runID: started.id, session: session, console: console, timeout: timeout.seconds) }
        }
    }
}

/// Error wording and the `--wait` ending shared by the run commands.
enum RunErrors {
    /// `cannot start a run of task "cpu" (0a…): task "cpu" is inactive` with a hint for the
    /// usual causes (§12.4, §12.6, §12.7).
    static func describe(_ error: InfluxAPIError, action: String, task: InfluxTask, session: Session) -> String {
        let what = "cannot \(action) task \(DisplayText.quoted(task.name)) (\(task.id))"
        if error.status == 400, error.message.hasSuffix("inactive task") {
            return "\(what): the task is inactive\n  hint: activate it (status: active in its manifest, then influxsync apply), or run it on a server where it is active"
        }
        return "\(what): \(APIErrorText.describe(error, settings: session.settings))"
    }

    /// Waits for the run, prints its log and, when it failed, throws `ExitCode.failure` after
    /// printing `error: run … failed: <last error line>`.
    static func finish(task: InfluxTask, runID: String, session: Session, console: Console, timeout: Double) async throws {
        let run = try await RunWaiter.wait(task: task, runID: runID, session: session, console: console, timeout: timeout, printLogs: true)
        guard run.status == "success" else {
            let cause = run.status == "failed" ? await RunWaiter.failure(task: task, runID: runID, session: session) : nil
            console.error("error: run \(runID) of task \(DisplayText.quoted(task.name)) \(run.status == "failed" ? "failed" : "was canceled")\(cause.map { ": \($0)" } ?? "")")
            console.error("  hint: read its whole log with: \(session.settings.command(["logs", task.id, runID]))")
            throw ExitCode.failure
        }
        console.output("Run \(runID) of task \(DisplayText.quoted(task.name)) succeeded.")
    }
}
