import Foundation
import InfluxAPI
import InfluxSync

/// Following a run until it ends, and printing runs and log lines.
enum RunWaiter {
    /// Terminal run states (§12.2).
    static let terminal: Set<String> = ["success", "failed", "canceled"]

    /// Polls `GET /api/v2/tasks/{id}/runs/{runID}` (§12.5) every `interval` seconds until the
    /// run ends or `timeout` seconds pass; with `printLogs`, prints each new log line as it
    /// appears (`GET …/logs`, §13). The pauses and the timeout are measured on `clock` (tests
    /// pass one they control).
    /// - Returns: the run in its last state read.
    /// - Throws: `CommandFailure` on an API error or when the timeout passes.
    static func wait(
        task: InfluxTask, runID: String, session: Session, console: Console, timeout: Double,
        interval: Double = 0.5, printLogs: Bool,
        clock: any Clock<Duration> = ContinuousClock()
    ) async throws -> InfluxRun {
        try await poll(
            task: task, runID: runID, session: session, console: console, timeout: timeout,
            interval: interval, printLogs: printLogs, clock: clock)
    }

    /// `wait` on a clock of a known type (its instants can be compared). The time waited is
    /// compared with `timeout` in seconds, so any timeout works (even one too long for a
    /// `Duration`).
    private static func poll(
        task: InfluxTask, runID: String, session: Session, console: Console, timeout: Double,
        interval: Double, printLogs: Bool, clock: some Clock<Duration>
    ) async throws -> InfluxRun {
        let start = clock.now
        var printed = 0
        while true {
            let run: InfluxRun
            do {
                run = try await session.client.getRun(taskID: task.id, runID: runID)
                if printLogs {
                    let lines = try await session.client.runLogs(taskID: task.id, runID: runID)
                    for line in lines.dropFirst(printed) { console.output(logLine(line)) }
                    printed = max(printed, lines.count)
                }
            } catch let error as InfluxAPIError {
                throw CommandFailure("cannot follow run \(runID) of task \(DisplayText.quoted(task.name)): \(APIErrorText.describe(error, settings: session.settings))")
            }
            if terminal.contains(run.status) { return run }
            if seconds(start.duration(to: clock.now)) > timeout {
                throw CommandFailure(
                    "run \(runID) of task \(DisplayText.quoted(task.name)) is still \(DisplayText.escaped(run.status)) after \(Int(timeout)) seconds",
                    hint: "follow it with: \(session.settings.command(["logs", task.id, runID, "--follow"]))")
            }
            try await clock.sleep(for: .seconds(interval))
        }
    }

    /// `duration` in seconds.
    private static func seconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// `2026-11-29T10:00:00.123Z  message`.
    static func logLine(_ event: InfluxLogEvent) -> String {
        "\(DisplayText.escaped(event.time))  \(DisplayText.escaped(event.message))"
    }

    /// Rows of a run table: ID, status, scheduledFor, startedAt, finishedAt.
    static func table(_ runs: [InfluxRun]) -> String {
        let header = ["RUN", "STATUS", "SCHEDULED FOR", "STARTED AT", "FINISHED AT"]
        let rows = runs.map { [$0.id, $0.status, $0.scheduledFor, $0.startedAt ?? "-", $0.finishedAt ?? "-"].map(DisplayText.escaped) }
        let widths = (0..<header.count).map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
        return ([header] + rows).map { cells in
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count + 2) }.joined()
        }.joined(separator: "\n") + "\n"
    }

    /// What a failed run died of: its log's last error line.
    static func failure(task: InfluxTask, runID: String, session: Session) async -> String? {
        guard let lines = try? await session.client.runLogs(taskID: task.id, runID: runID) else { return nil }
        return RunLog.errorLine(lines).map(DisplayText.escaped)
    }
}
