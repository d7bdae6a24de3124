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

    func run() async throws {
        let console = Console()
        let settings = try ConnectionSettings.resolve(connection, environment: console.environment)
        let outcome = try await Session.with(settings, console: console) { session in
            try await PlanPipeline.run(manifests: manifests, planning: planning, session: session, console: console)
        }
        try PlanOutput.emit(outcome, manifestPaths: manifests.paths, options: ciOutput,
                            connectionFlags: connection.givenFlags, color: console.useColor(noColorFlag: output.noColor), console: console)
        if detailedExitCode && !outcome.plan.isEmpty {
            throw ExitCode(2)
        }
    }
}

extension String {
    /// The text, ending with exactly one `\n` when it did not end with one.
    var withTrailingNewline: String { hasSuffix("\n") ? self : self + "\n" }
}
