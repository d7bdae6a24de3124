import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// `influxsync retry-failed [PATHS…] [--since 24h]`: retries every failed run of the managed
/// tasks.
struct RetryFailedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry-failed",
        abstract: "Retry, once, every schedule window of the managed tasks within --since whose one run failed.",
        discussion: """
            The managed tasks are the ones the manifests at PATHS declare; without PATHS, every \
            task carrying the owner label. For each, lists the runs scheduled within --since \
            (GET /api/v2/tasks/{id}/runs, pages of 500 by beforeTime, up to 10,000 runs) and \
            retries each schedule window whose \
            only run failed, once (POST …/runs/{runID}/retry), nothing else: a window with more \
            than one run was retried already (whatever came of it) and is left alone, so running \
            this again, or every night, retries no window twice; retry a run by hand with \
            `influxsync retry TASK RUN`. A retry that fails is reported and the others go on; the \
            exit status is then 1.
            """
    )

    @Argument(help: ArgumentHelp("Manifest files or directories; without them, every task with the owner label.", valueName: "path"))
    var paths: [String] = []

    @Option(name: .customLong("env-ref"), help: ArgumentHelp("Value for an {envRef: {key}} reference; repeatable.", valueName: "key=value"))
    var envRefs: [String] = []

    @Option(help: ArgumentHelp("Only runs scheduled within this duration (a Flux duration such as 1h or 7d).", valueName: "duration"))
    var since = "24h"

    @Option(name: .customLong("owner-label"), help: ArgumentHelp("Name of the label that marks resources influxsync manages.", valueName: "name"))
    var ownerLabel = "influxsync"

    @Flag(name: .customLong("dry-run"), help: "List the failed runs that would be retried; retry nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Output format: text, or json (one document: every run retried or to retry, and a summary; schemas/retry-failed.schema.json).", valueName: "format"))
    var format: RunDocument.Format = .text

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if let problem = SinceOption.problem(since) { throw ValidationError(problem) }
    }

    func run() async throws {
        let console = Console()
        let settings = try ConnectionSettings.resolve(connection, environment: console.environment)
        let afterTime = try SinceOption.afterTime(since, now: Date())
        let failures = try await Session.with(settings, console: console) { session -> Int in
            let (plan, live) = try await ManagedTasks.load(paths: paths, envRefs: envRefs, ownerLabel: ownerLabel, session: session, console: console)
            var retried = 0, failures = 0, found = 0
            var entries: [RetryEntry] = []
            let json = format == .json
            let managed = DriftDetector.managedTasks(plan: plan, live: live)
            for (index, task) in managed.enumerated() {
                let failed: [InfluxRun]
                do {
                    let (listed, complete) = try await Self.runs(of: task.id, since: afterTime, client: session.client)
                    if !complete {
                        console.error(
                            "warning: task \(DisplayText.quoted(task.name)) (\(task.id)) has more runs scheduled since \(afterTime) than influxsync reads (\(listed.count)): the older ones were not looked at"
                        )
                    }
                    // Only windows within --since and not in the future, whatever the server listed.
                    failed = RetrySelection.runsToRetry(listed, scheduledFrom: RFC3339.parse(afterTime), scheduledUntil: Date().addingTimeInterval(300))
                } catch let error as InfluxAPIError {
                    console.error("error: cannot list the runs of task \(DisplayText.quoted(task.name)) (\(task.id)): \(APIErrorText.describe(error, settings: session.settings))")
                    failures += 1
                    if error.status == 429 {
                        // Throttled past the client's own retries: each further task would wait
                        // as long again, so the rest is left for a later run.
                        let left = managed.count - index - 1
                        if left > 0 {
                            console.error(
                                "error: the server kept answering 429 (too many requests); the runs of \(left) more \(left == 1 ? "task was" : "tasks were") not read\n  hint: run retry-failed again later: what was retried is not retried twice"
                            )
                            failures += left
                        }
                        break
                    }
                    continue
                }
                if task.status == "inactive", !failed.isEmpty {
                    // InfluxDB refuses every retry of an inactive task (§12.6): a nightly job would
                    // fail on it until someone turned the task back on.
                    console.error(
                        "note: task \(DisplayText.quoted(task.name)) (\(task.id)) is inactive: its \(failed.count) failed \(failed.count == 1 ? "run is" : "runs are") not retried (InfluxDB refuses retries of an inactive task)"
                    )
                    continue
                }
                found += failed.count
                for run in failed {
                    var entry = RetryEntry(task: TaskReference(id: task.id, name: task.name), run: run.id, scheduledFor: run.scheduledFor)
                    defer { entries.append(entry) }
                    if dryRun {
                        if json { continue }
                        console.output("Would retry run \(run.id) of task \(DisplayText.quoted(task.name)) (\(task.id)), scheduled for \(DisplayText.escaped(run.scheduledFor)).")
                        continue
                    }
                    do {
                        let new = try await session.client.retryRun(taskID: task.id, runID: run.id)
                        entry.retriedAs = new.id
                        retried += 1
                        if json { continue }
                        console.output(
                            "Retrying run \(run.id) of task \(DisplayText.quoted(task.name)) (\(task.id)) as run \(new.id), scheduled for \(DisplayText.escaped(new.scheduledFor))."
                        )
                    } catch let error as InfluxAPIError {
                        entry.error = error.description
                        console.error("error: \(RunErrors.describe(error, action: "retry run \(run.id) of", task: task, session: session))")
                        failures += 1
                    }
                }
            }
            if json {
                console.outputRaw(Self.document(since: afterTime, dryRun: dryRun, entries: entries, found: found, retried: retried, failures: failures))
            } else if dryRun {
                console.output("\(found) failed \(found == 1 ? "run" : "runs") scheduled since \(afterTime) would be retried.")
            } else {
                console.output("\(retried) failed \(retried == 1 ? "run" : "runs") scheduled since \(afterTime) retried\(failures > 0 ? ", \(failures) could not be" : "").")
            }
            return failures
        }
        if failures > 0 { throw ExitCode.failure }
    }

    /// Pages of a listing at most, 10,000 runs: a task run every minute for a week.
    static let maxPages = 20

    /// Every run of `taskID` scheduled after `since`: the listing has no pages of its own
    /// (§12.3, newest `scheduledFor` first, bounds exclusive), so a full page is followed by
    /// one with `beforeTime` one second past its oldest `scheduledFor` (a window split by the
    /// page's end is listed again; repeats are dropped by ID), or at it when one window fills a
    /// page, until a page is short or `maxPages` were read (`complete` false then).
    static func runs(of taskID: String, since: String, client: any InfluxRunsAPI) async throws -> (runs: [InfluxRun], complete: Bool) {
        var all: [InfluxRun] = []
        var seen = Set<String>()
        var before: String?
        for _ in 0..<maxPages {
            let page = try await client.listRuns(taskID: taskID, afterTime: since, beforeTime: before, limit: RunHistory.maxLimit)
            let new = page.filter { seen.insert($0.id).inserted }
            all += new
            if page.count < RunHistory.maxLimit { return (all, true) }
            guard let oldest = page.compactMap({ RFC3339.parse($0.scheduledFor) }).min() else { return (all, false) }
            // Normally the next page starts one second after the oldest window (which it lists
            // again, so a window the page cut is read whole). When that brings nothing new, one
            // window fills the page: it has more than one run, so it is not retried anyway
            // (`RetrySelection`), and the next page starts before it.
            var next = RFC3339.format(oldest.addingTimeInterval(1))
            if new.isEmpty || next == before { next = RFC3339.format(oldest) }
            if next == before { return (all, false) }
            before = next
        }
        return (all, false)
    }

    /// One window `retry-failed` retried (or would retry): its failed run, and what came of it.
    struct RetryEntry: Encodable {
        var task: TaskReference
        var run: String
        var scheduledFor: String
        /// The new run's ID when retried; null on `--dry-run` or when the retry failed.
        var retriedAs: String?
        /// The retry's failure (`METHOD path: status code: message`); null otherwise.
        var error: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(task, forKey: .task)
            try c.encode(run, forKey: .run)
            try c.encode(scheduledFor, forKey: .scheduledFor)
            try c.encode(retriedAs, forKey: .retriedAs)
            try c.encode(error, forKey: .error)
        }
        enum Keys: String, CodingKey { case task, run, scheduledFor, retriedAs, error }
    }

    /// `{"formatVersion": 1, "since", "dryRun", "summary": {"found", "retried", "failed"},
    /// "retries": [RetryEntry]}` (`schemas/retry-failed.schema.json`).
    static func document(since: String, dryRun: Bool, entries: [RetryEntry], found: Int, retried: Int, failures: Int) -> String {
        struct Summary: Encodable { var found: Int; var retried: Int; var failed: Int }
        struct Doc: Encodable { var formatVersion = 1; var since: String; var dryRun: Bool; var summary: Summary; var retries: [RetryEntry] }
        return encodeJSON(Doc(since: since, dryRun: dryRun, summary: Summary(found: found, retried: retried, failed: failures), retries: entries))
    }
}
