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
    ///
    /// `beforeFetch` runs once the org is resolved and before anything else is read (apply
    /// takes its lock there, so the plan is computed from a state no other apply is changing).
    /// - Throws: `ExitCode.failure` after printing manifest diagnostics or plan problems;
    ///   `CommandFailure` when reading the live state fails (naming the request and the
    ///   server's code/message), or for `--prune` with no declared Task and no Label (unless
    ///   `--allow-empty`; nothing is sent); whatever `beforeFetch` throws.
    static func run(
        manifests: ManifestOptions, planning: PlanningOptions, session: Session, console: Console,
        command: String = "plan", beforeFetch: ((InfluxOrg) async throws -> Void)? = nil
    ) async throws -> Outcome {
        // 1. Validate offline first: a broken manifest never costs a request.
        let declared = try ManifestCheck.load(manifests, liveLabelNames: nil, console: console)
        // 2. The mass-delete guard: a prune against an empty set of manifests (a wrong path in
        //    a CI variable looks exactly like this) would delete everything we own.
        if planning.prune, !planning.allowEmpty, declared.tasks.isEmpty, declared.labels.isEmpty {
            throw CommandFailure(MassDeleteGuard.message(command: command, paths: manifests.paths, ownerLabel: planning.ownerLabel))
        }
        // 3. Read the live state.
        let live: LiveState
        do {
            let org = try await LiveStateFetcher.resolve(session.org, client: session.client)
            try await beforeFetch?(org)
            live = try await LiveStateFetcher.fetch(client: session.client, org: org)
        } catch let error as InfluxAPIError {
            throw CommandFailure("cannot read the live state: \(APIErrorText.describe(error, settings: session.settings))")
        }
        // 4. Resolve again, now that live label names are known (associations may use them).
        let desired = try ManifestCheck.load(
            manifests, liveLabelNames: Set(live.labels.map(\.name)), console: console, printNotes: false)
        // 5. Plan.
        do {
            let plan = try Planner.plan(
                desired: desired, live: live,
                options: PlanOptions(ownerLabel: planning.ownerLabel, prune: planning.prune))
            return Outcome(desired: desired, live: live, plan: plan)
        } catch {
            for problem in error.problems { console.error("error: \(problem)") }
            console.error("No plan was made; nothing was changed.")
            throw ExitCode.failure
        }
    }
}

/// The refusal of `--prune` when the manifests declare nothing (issue 10, design.md "Guards").
enum MassDeleteGuard {
    /// `refusing to apply with --prune: …` plus a hint naming `--allow-empty`.
    static func message(command: String, paths: [String], ownerLabel: String) -> String {
        let where_ = paths.map { "\"\($0)\"" }.joined(separator: ", ")
        return "refusing to \(command) with --prune: the manifests in \(where_) declare no Task and no Label, so every task and label owned by \"\(ownerLabel)\" would be deleted; nothing was sent"
            + "\n  hint: check the paths (a wrong directory looks exactly like this); to really delete everything influxsync owns there, add --allow-empty"
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
