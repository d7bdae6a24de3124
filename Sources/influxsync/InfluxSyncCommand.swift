import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// `influxsync`: reconciles InfluxDB 2.x tasks and labels with manifests kept in git.
///
/// Exit codes: 0 success; 1 any error (including usage errors); `plan --detailed-exitcode`
/// adds 2 for "there are changes".
@main
struct InfluxSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "influxsync",
        abstract: "Declarative GitOps for InfluxDB 2.x tasks and labels.",
        discussion: """
            Manifests use InfluxDB's template format (apiVersion influxdata.com/v2alpha1, kinds Task \
            and Label). `plan` shows the fewest API calls that make the server match them; `apply` \
            makes them. Connection settings come from flags or INFLUX_HOST, INFLUX_TOKEN, \
            INFLUX_ORG, INFLUX_ORG_ID; `--sandbox FILE` runs everything against an embedded \
            InfluxDB emulator instead.
            """,
        version: BuildInfo.versionLine,
        subcommands: [
            ValidateCommand.self,
            PlanCommand.self,
            ApplyCommand.self,
            DriftCommand.self,
            ExportCommand.self,
            ForceUnlockCommand.self,
            StatusCommand.self,
            RunsCommand.self,
            LogsCommand.self,
            RunCommand.self,
            RetryCommand.self,
            RetryFailedCommand.self,
            CancelCommand.self,
            SandboxCommand.self,
        ]
    )

    /// Parses and runs a subcommand, mapping every error to a message on standard error and
    /// exit status 1 (help and `--version` exit 0; `ExitCode`s pass through unchanged).
    /// Every message has one style: `error: <one sentence>` and `  hint: …` lines, usage
    /// errors of the argument parser included (`UsageErrorText`).
    static func main() async {
        StandardStreams.ignoreBrokenPipeSignal()
        let console = Console()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            console.error(failure.rendered)
            Foundation.exit(1)
        } catch let api as InfluxAPIError {
            // A request error no command turned into its own sentence: still the one style.
            console.error((["error: \(DisplayText.escaped(api.description))"] + (api.hint.map { ["  hint: \($0)"] } ?? [])).joined(separator: "\n"))
            Foundation.exit(1)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success {
                exit(withError: error)
            }
            let names = configuration.subcommands.map { $0.configuration.commandName ?? "" }.filter { !$0.isEmpty }
            console.error(UsageErrorText.render(fullMessage(for: error), arguments: Array(CommandLine.arguments.dropFirst()), subcommands: names))
            Foundation.exit(1)
        }
    }
}
