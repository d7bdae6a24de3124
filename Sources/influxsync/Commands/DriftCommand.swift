import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// `influxsync drift PATHS…`: how the live org differs from the manifests, and how the managed
/// tasks are running.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Report live changes made outside git, unmanaged tasks, and run health.",
        discussion: """
            Compares the live org with the manifests (the same rules as plan, without --prune) and \
            reports per resource: what differs from the manifests, changed outside git or not applied yet (field by field, with Flux diffs), missing \
            (declared but not live: deleted outside git, or never applied), unmanaged (live, not \
            declared, not owned), owned but no longer declared, and declared but not owned. For \
            every managed task it reads the recent runs (GET /api/v2/tasks/{id}/runs, one page, \
            a few tasks at a time) and reports the last run's status, its error from the run's \
            log, latestCompleted, whether an active `every` task missed its schedule (no \
            completed run within two intervals), a run stuck in `started` longer than its \
            interval (or --stuck-after), and a `scheduled` run that never started. When one \
            task's runs cannot be read it is reported as "health unavailable" and the report \
            goes on. Differences the ignore policies of influxsync.yaml keep live are left out; \
            --include-ignored reports them as `ignored`. Sends only reads.

            Exit status: 0 when the report was made; 1 on error; 2 when a finding of a --fail-on \
            category exists (drift: changed, missing, owned-undeclared, not-owned, duplicate; \
            unmanaged; failing; missed: missed, stuck or not started; unavailable; all). \
            --detailed-exitcode alone is --fail-on drift.
            """
    )

    @OptionGroup var manifests: ManifestOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(
        name: .customLong("owner-label"),
        help: ArgumentHelp("Name of the label that marks resources influxsync manages (default: the target's ownerLabel, else influxsync).", valueName: "name"))
    var ownerLabel: String?

    @Option(help: ArgumentHelp("Output format: text, json (schemas/drift.schema.json) or markdown.", valueName: "format"))
    var format: OutputFormat = .text

    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp(
            "Exit 2 when any of these is found (comma-separated): drift, unmanaged, failing, missed, unavailable, all.", valueName: "categories"))
    var failOn: String?

    @OptionGroup var health: RunHealthCLIOptions

    @Flag(
        name: .customLong("no-server-checks"),
        help: "Skip the checks against the server (the org's buckets and secret keys the scripts name): no extra requests.")
    var noServerChecks = false

    @Flag(name: .customLong("include-ignored"), help: "Also report differences the ignore policies of influxsync.yaml keep live (as `ignored`; never drift for --fail-on).")
    var includeIgnored = false

    @Flag(name: .customLong("detailed-exitcode"), help: "Exit 0 when there is no drift, 2 when there is, 1 on error (same as --fail-on drift).")
    var detailedExitCode = false

    func validate() throws {
        try manifests.requirePaths(target: connection.target)
        _ = try failOnCategories()
        _ = try health.options(scheduleChecked: true)
    }

    /// The categories that make the exit status 2; empty when neither flag was given.
    func failOnCategories() throws -> Set<DriftCategory> {
        guard let failOn else { return detailedExitCode ? [.drift] : [] }
        var out: Set<DriftCategory> = []
        for item in failOn.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !item.isEmpty {
            if item == "all" {
                out.formUnion(DriftCategory.allCases)
            } else if let category = DriftCategory(rawValue: item) {
                out.insert(category)
            } else {
                throw ValidationError("--fail-on: unknown category \"\(item)\"; use drift, unmanaged, failing, missed, unavailable or all.")
            }
        }
        if out.isEmpty { throw ValidationError("--fail-on needs at least one of drift, unmanaged, failing, missed, unavailable, all.") }
        return out
    }

    func run() async throws {
        let console = Console()
        let view = format.view(color: console.useColor(noColorFlag: output.noColor))
        try manifests.checkPathsExist()
        let categories = try failOnCategories()
        let target = try TargetSelection.selected(connection)
        let policies = try TargetSelection.policies(connection, target: target)
        if let warning = try TargetSelection.sharedOwnershipWarning(connection, target: target) { console.error(warning) }
        let settings = try ConnectionSettings.resolve(connection, environment: console.environment, target: target)
        let planning = try PlanningOptions.parse(["--owner-label", ownerLabel ?? target?.ownerLabel ?? "influxsync"] + (noServerChecks ? ["--no-server-checks"] : []))
        let checkedAt = Date()
        let report = try await Session.with(settings, console: console) { session -> DriftReport in
            // Same-named live labels are findings of the report, not a reason to stop.
            let outcome = try await CommandPipeline.run(
                manifests: manifests, planning: planning, session: session, console: console, target: target,
                policies: policies, resolveDuplicateLabels: true)
            let managed = DriftDetector.managedTasks(plan: outcome.plan, live: outcome.live)
            let records = try await RunHistory.fetch(client: session.client, tasks: managed, checkedAt: checkedAt, limit: health.runs)
            let options = try health.options(scheduleChecked: session.sandbox == nil)
            return DriftDetector.report(
                plan: outcome.plan, live: outcome.live, records: records, checkedAt: checkedAt, options: options,
                includeIgnored: includeIgnored)
        }
        console.outputRaw(view.drift(report))
        CIIntegration.appendStepSummary(MarkdownDriftRenderer.render(report), console: console)
        if report.hasFindings(in: categories) { throw ExitCode(2) }
    }
}
