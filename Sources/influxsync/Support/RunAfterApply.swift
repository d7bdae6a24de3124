import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// `apply --run-after`: after a successful apply, one manual run of each task the plan created,
/// changed or adopted (active ones; an inactive task cannot be run, §12.4), waited for one
/// after the other; exit 1 when one failed.
enum RunAfterApply {
    /// Runs the tasks and prints one line per run (its error from the log when it failed); with
    /// `keepStdoutClean` (apply `--format json`) the lines go to standard error.
    /// - Throws: `ExitCode.failure` when a run failed or could not be started.
    static func run(plan: Plan, session: Session, console: Console, timeout: Double, keepStdoutClean: Bool = false) async throws {
        let say: (String) -> Void = { keepStdoutClean ? console.error($0) : console.output($0) }
        let changed = plan.changes.filter { $0.resource.kind == .task && [.create, .update, .adopt].contains($0.action) }
        guard !changed.isEmpty else { return }
        let live: LiveState
        do {
            live = try await LiveStateFetcher.fetch(client: session.client, org: session.org)
        } catch let error as InfluxAPIError {
            throw CommandFailure("cannot read the tasks to run them: \(APIErrorText.describe(error, settings: session.settings))")
        }
        var failed = 0
        for change in changed {
            let matches = change.resource.id.map { id in live.tasks.filter { $0.id == id } } ?? live.tasks.filter { $0.name == change.resource.name }
            guard matches.count == 1, let task = matches.first else {
                console.error(
                    "error: cannot tell which live task \(DisplayText.quoted(change.resource.name)) is (\(matches.count) match); it was not run\n  hint: run it by ID with: \(session.settings.command(["run", "ID", "--wait"]))"
                )
                failed += 1
                continue
            }
            guard task.status == "active" else {
                say("Not running task \(DisplayText.quoted(task.name)) (\(task.id)): it is inactive.")
                continue
            }
            do {
                let started = try await session.client.forceRun(taskID: task.id, scheduledFor: nil)
                let run = try await RunWaiter.wait(task: task, runID: started.id, session: session, console: console, timeout: timeout, printLogs: false)
                if run.status == "success" {
                    say("Ran task \(DisplayText.quoted(task.name)) (\(task.id)): run \(run.id) succeeded.")
                } else {
                    let cause = await RunWaiter.failure(task: task, runID: run.id, session: session)
                    console.error(
                        "error: run \(run.id) of task \(DisplayText.quoted(task.name)) \(run.status == "failed" ? "failed" : "was canceled")\(cause.map { ": \($0)" } ?? "")")
                    console.error("  hint: read its whole log with: \(session.settings.command(["logs", task.id, run.id]))")
                    failed += 1
                }
            } catch let error as InfluxAPIError {
                console.error("error: \(RunErrors.describe(error, action: "start a run of", task: task, session: session))")
                failed += 1
            }
        }
        if failed > 0 { throw ExitCode.failure }
    }
}
