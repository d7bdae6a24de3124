import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// `influxsync status [PATHS…]`: how the managed tasks are running.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show how the managed tasks are running: last run, error, missed schedule and a strip of recent runs.",
        discussion: """
            One row per managed task: name, ID, status, schedule, latestCompleted, the last run's \
            status, whether an active `every` task missed its schedule, and its recent runs \
            oldest first (✓ success, ✗ failed, ⊘ canceled, … scheduled or started; coloured \
            cells on a terminal). Below a row: the failed run's error from its log, a run stuck \
            in `started`, a `scheduled` run that never started, or why the task's runs could not \
            be read ("health unavailable"; the other tasks are still shown).

            The managed tasks are the ones the manifests at PATHS declare (as drift finds them); \
            without PATHS, every task carrying the owner label. Sends only reads: one page of \
            runs per task (--runs, at most 500, the last three days) and one log for a failed run.
            """
    )

    @Argument(help: ArgumentHelp("Manifest files or directories; without them, every task with the owner label.", valueName: "path"))
    var paths: [String] = []

    @Option(name: .customLong("env-ref"), help: ArgumentHelp("Value for an {envRef: {key}} reference; repeatable.", valueName: "key=value"))
    var envRefs: [String] = []

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var health: RunHealthCLIOptions

    @Option(name: .customLong("owner-label"), help: ArgumentHelp("Name of the label that marks resources influxsync manages.", valueName: "name"))
    var ownerLabel = "influxsync"

    @Option(help: ArgumentHelp("Output format: text, json or markdown.", valueName: "format"))
    var format: OutputFormat = .text

    func validate() throws {
        _ = try health.options(scheduleChecked: true)
    }

    func run() async throws {
        let console = Console()
        let view = format.view(color: console.useColor(noColorFlag: output.noColor))
        let settings = try ConnectionSettings.resolve(connection, environment: console.environment)
        let checkedAt = Date()
        let report = try await Session.with(settings, console: console) { session -> DriftReport in
            let (plan, live) = try await ManagedTasks.load(paths: paths, envRefs: envRefs, ownerLabel: ownerLabel, session: session, console: console)
            let managed = DriftDetector.managedTasks(plan: plan, live: live)
            let records = try await RunHistory.fetch(client: session.client, tasks: managed, checkedAt: checkedAt, limit: health.runs)
            let options = try health.options(scheduleChecked: session.sandbox == nil)
            var report = DriftDetector.report(plan: plan, live: live, records: records, checkedAt: checkedAt, options: options)
            report.findings = []
            return report
        }
        console.outputRaw(view.status(report))
    }
}
