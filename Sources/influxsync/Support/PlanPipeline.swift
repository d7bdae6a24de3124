import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// validate → fetch → plan, shared by `plan` and `apply` (design.md "The pipeline").
///
/// Nothing but reads are sent: a manifest error stops before any request, a plan error after
/// the reads of the fetch.
enum PlanPipeline {
    /// The outcome: the plan and what it was computed from.
    struct Outcome: Sendable {
        var desired: DesiredState
        var live: LiveState
        var plan: Plan
    }

    /// Runs the pipeline. Diagnostics and errors are printed to standard error.
    /// - Throws: `ExitCode.failure` after printing manifest diagnostics or plan problems;
    ///   `CommandFailure` when reading the live state fails (naming the request and the
    ///   server's code/message).
    static func run(
        manifests: ManifestOptions, planning: PlanningOptions, session: Session, console: Console,
        target: TargetConfig? = nil
    ) async throws -> Outcome {
        let manifests = manifests.applying(target)
        // 1. Validate offline first: a broken manifest never costs a request.
        _ = try ManifestCheck.load(manifests, liveLabelNames: nil, console: console)
        // 2. Read the live state.
        let live: LiveState
        do {
            live = try await LiveStateFetcher.fetch(client: session.client, org: session.org)
        } catch let error as InfluxAPIError {
            throw CommandFailure("cannot read the live state: \(APIErrorText.describe(error, settings: session.settings))")
        }
        // 3. Resolve again, now that live label names are known (associations may use them).
        let desired = try ManifestCheck.load(
            manifests, liveLabelNames: Set(live.labels.map(\.name)), console: console, printNotes: false)
        // 4. Plan.
        do {
            let plan = try Planner.plan(
                desired: desired, live: live,
                options: PlanOptions(ownerLabel: planning.ownerLabel(for: target), prune: planning.prune))
            return Outcome(desired: desired, live: live, plan: plan)
        } catch {
            for problem in error.problems { console.error("error: \(problem)") }
            console.error("No plan was made; nothing was changed.")
            throw ExitCode.failure
        }
    }
}

/// Human text for API errors, with a hint for the usual causes.
enum APIErrorText {
    /// `GET /api/v2/orgs?org=acme: 401 unauthorized: unauthorized access` plus, on its own
    /// indented line, a hint for 401/403 (the token) or a transport failure (the host).
    static func describe(_ error: InfluxAPIError, settings: ConnectionSettings) -> String {
        var text = error.description
        switch error.status {
        case 401?, 403?:
            text += "\n  hint: check the API token (--token, --token-file or INFLUX_TOKEN) and its permissions"
        case nil:
            if case .server = settings.target {
                text += "\n  hint: is InfluxDB running there? Set the URL with --host or INFLUX_HOST"
            }
        default:
            break
        }
        return text
    }
}
