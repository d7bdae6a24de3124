import ArgumentParser
import InfluxSync

/// `influxsync plan PATHS…`: shows what apply would change.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the changes that would make the server match the manifests.",
        discussion: """
            Sends only reads. Exit status: 0 success, 1 error; with --detailed-exitcode, 0 no \
            changes, 2 changes, 1 error.
            """
    )

    @OptionGroup var manifests: ManifestOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var planning: PlanningOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var ciOutput: PlanOutputOptions

    @Flag(name: .customLong("detailed-exitcode"), help: "Exit 0 when there are no changes, 2 when there are, 1 on error.")
    var detailedExitCode = false

    @Flag(name: .customLong("all-targets"), help: "Plan every target of influxsync.yaml (or --config) concurrently and report each; the exit status is the worst of them.")
    var allTargets = false

    func validate() throws {
        try manifests.requirePaths(target: connection.target, allTargets: allTargets)
        if allTargets && connection.target != nil { throw ValidationError("--all-targets and --target cannot be used together.") }
        if allTargets && ciOutput.outFile != nil { throw ValidationError("--out saves one plan; it cannot be used with --all-targets.") }
        if allTargets && connection.sandbox != nil { throw ValidationError("--all-targets plans the targets' servers; it cannot be used with --sandbox.") }
        // Each target names its own server and org: one flag for all of them would send every
        // target's plan to one place and report it under each target's name.
        if allTargets, let flag = [("--host", connection.host), ("--org", connection.org), ("--org-id", connection.orgID)].first(where: { $0.1 != nil })?.0 {
            throw ValidationError("--all-targets plans each target against its own server and org; it cannot be used with \(flag).")
        }
    }

    func run() async throws {
        let console = Console()
        let view = ciOutput.format.view(color: console.useColor(noColorFlag: output.noColor))
        if allTargets {
            guard let config = try TargetSelection.config(connection) else {
                throw CommandFailure(
                    "--all-targets needs a targets file, and \(TargetsConfig.fileName) does not exist here",
                    hint: "create \(TargetsConfig.fileName) (see the README, \"Targets\"), or pass --config FILE")
            }
            guard !config.targets.isEmpty else {
                throw CommandFailure(
                    "--all-targets needs targets, and \(config.path) declares none (only policies)",
                    hint: "add entries under `targets:` in \(config.path) (see the README, \"Targets\")")
            }
            let code = await AllTargetsPlan.run(
                config: config, connection: connection, manifests: manifests, planning: planning, view: view,
                detailedExitCode: detailedExitCode, console: console)
            if code != 0 { throw ExitCode(code) }
            return
        }
        try manifests.checkPathsExist()
        let target = try TargetSelection.selected(connection)
        let policies = try TargetSelection.policies(connection, target: target)
        if let warning = try TargetSelection.sharedOwnershipWarning(connection, target: target) { console.error(warning) }
        let settings = try ConnectionSettings.resolve(connection, environment: console.environment, target: target)
        let outcome = try await Session.with(settings, console: console) { session in
            try await CommandPipeline.run(
                manifests: manifests, planning: planning, session: session, console: console, target: target, policies: policies,
                digestManifests: ciOutput.outFile != nil, releaseInBackground: true)
        }
        let targetRoot = try target.flatMap { target in try TargetSelection.config(connection).map { (name: target.name, root: $0.rootDirectory) } }
        // A refused conversion is shown, never saved: a saved plan is applied as it stands.
        var outputOptions = ciOutput
        if outcome.conversionRefusal != nil { outputOptions.outFile = nil }
        try PlanOutput.emit(
            outcome, manifestPaths: manifests.applying(target).paths, options: outputOptions,
            connectionFlags: connection.givenFlags + manifests.limitFlags, planFlags: manifests.givenFlags + planning.givenFlags,
            envRefs: ciOutput.outFile == nil ? [:] : try manifests.applying(target).resolvedEnvRefs(), target: targetRoot,
            view: view, console: console)
        Teardown.keepUntilExit(outcome)
        if var refusal = outcome.conversionRefusal {
            if let file = ciOutput.outFile { refusal.hints.append("the plan was not saved to \(file); add --allow-conversion to save it") }
            throw refusal
        }
        if detailedExitCode && !outcome.plan.isEmpty {
            throw ExitCode(2)
        }
    }
}

extension String {
    /// The text, ending with exactly one `\n` when it did not end with one.
    var withTrailingNewline: String { hasSuffix("\n") ? self : self + "\n" }
}
