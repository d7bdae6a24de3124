import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// `influxsync runs TASK [--since 24h] [--status failed]`: a task's recent runs.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List a task's recent runs.",
        discussion: """
            TASK is a task ID or a task name. Lists the runs scheduled within --since (one \
            GET /api/v2/tasks/{id}/runs with afterTime and limit): queued and running runs first, \
            then completed runs newest first, as InfluxDB orders them.
            """
    )

    @Argument(help: ArgumentHelp("Task ID or name.", valueName: "task"))
    var task: String

    @Option(help: ArgumentHelp("Only runs scheduled within this duration (a Flux duration such as 1h or 7d).", valueName: "duration"))
    var since = "24h"

    @Option(help: ArgumentHelp("Only runs with this status: scheduled, started, success, failed or canceled.", valueName: "status"))
    var status: String?

    @Option(help: ArgumentHelp("At most this many runs (1–500).", valueName: "n"))
    var limit = 100

    @Option(help: ArgumentHelp("Output format: text or json.", valueName: "format"))
    var format: OutputFormat = .text

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if format == .markdown {
            throw ValidationError("runs prints text or json, not markdown (markdown is for plan, drift and status).")
        }
        guard (1...500).contains(limit) else { throw ValidationError("--limit must be between 1 and 500, not \(limit).") }
        if let status, !["scheduled", "started", "success", "failed", "canceled"].contains(status) {
            throw ValidationError("--status \"\(status)\" is not a run status; use scheduled, started, success, failed or canceled.")
        }
        if let problem = SinceOption.problem(since) { throw ValidationError(problem) }
    }

    func run() async throws {
        let console = Console()
        let settings = try ConnectionSettings.resolve(connection, environment: console.environment)
        let afterTime = try SinceOption.afterTime(since, now: Date())
        let (found, runs) = try await Session.with(settings, console: console) { session -> (InfluxTask, [InfluxRun]) in
            let found = try await TaskLookup.find(task, session: session)
            do {
                let runs = try await session.client.listRuns(taskID: found.id, afterTime: afterTime, beforeTime: nil, limit: limit)
                return (found, runs.filter { status == nil || $0.status == status })
            } catch let error as InfluxAPIError {
                throw CommandFailure("cannot list the runs of task \(DisplayText.quoted(found.name)): \(APIErrorText.describe(error, settings: session.settings))")
            }
        }
        if format == .json {
            console.outputRaw(Self.encodeRuns(runs, task: found))
            return
        }
        console.output("Runs of task \(DisplayText.quoted(found.name)) (\(found.id)) scheduled since \(afterTime)\(status.map { ", status \($0)" } ?? ""):")
        if runs.isEmpty { console.output("(none)") } else { console.outputRaw(RunWaiter.table(runs)) }
    }

    /// `{"formatVersion": 1, "task": {"id", "name"}, "runs": [...]}` (schemas/runs.schema.json):
    /// the run objects' fields as the server gives them (§12.1), sorted keys.
    static func encodeRuns(_ runs: [InfluxRun], task: InfluxTask) -> String {
        struct Doc: Encodable { var formatVersion = 1; var task: TaskReference; var runs: [InfluxRun] }
        return encodeJSON(Doc(task: TaskReference(id: task.id, name: task.name), runs: runs))
    }
}
