import Foundation
import InfluxSync

/// What `plan` and `drift` do for CI systems beyond printing: GitHub annotations for manifest
/// diagnostics and the GitHub job summary.
enum CIIntegration {
    /// With `GITHUB_ACTIONS=true`, prints each error and warning as a workflow command
    /// (`::error file=…,line=…,col=…::…`) on standard error, where the runner reads it too and
    /// where it cannot corrupt JSON or Markdown on standard output.
    static func annotate(_ diagnostics: [Diagnostic], console: Console) {
        guard GitHubActions.isActive(environment: console.environment) else { return }
        for line in GitHubActions.annotations(for: diagnostics.filter { $0.severity != .note }) {
            console.workflowCommand(line)
        }
    }

    /// With `GITHUB_STEP_SUMMARY` set, appends `markdown` to that file. A failure to write is
    /// reported as a warning on standard error and does not change the exit status.
    static func appendStepSummary(_ markdown: @autoclosure () -> String, console: Console) {
        guard let path = console.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return }
        do {
            try GitHubActions.appendStepSummary(markdown(), environment: console.environment)
        } catch {
            console.error("warning: cannot append to GITHUB_STEP_SUMMARY file \(path): \(FileProblem.describe(path: path))")
        }
    }
}
