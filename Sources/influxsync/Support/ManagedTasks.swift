import ArgumentParser
import InfluxAPI
import InfluxSync

/// The managed tasks for `status` and `retry-failed`: those the manifests at PATHS declare (as
/// drift finds them), or without PATHS every task that carries the owner label.
enum ManagedTasks {
    /// The plan (empty without PATHS) and the live state it was made against.
    /// - Throws: `CommandFailure` when the live state cannot be read; `ExitCode.failure` after
    ///   printing manifest or plan errors.
    static func load(paths: [String], envRefs: [String], ownerLabel: String, session: Session, console: Console) async throws -> (Plan, LiveState) {
        if paths.isEmpty {
            do {
                let live = try await LiveStateFetcher.fetch(client: session.client, org: session.org)
                // As plan and drift refuse it: a label that only shares the owner label's name
                // would make a team's tasks look managed (and retried).
                if let problem = DriftDetector.ownerLabelProblem(ownerLabel: ownerLabel, live: live) { throw CommandFailure(problem) }
                return (Plan(orgID: live.org.id, ownerLabel: ownerLabel), live)
            } catch let error as InfluxAPIError {
                throw CommandFailure("cannot read the live state: \(APIErrorText.describe(error, settings: session.settings))")
            }
        }
        let manifests = try ManifestOptions.parse(paths + envRefs.flatMap { ["--env-ref", $0] })
        // Only which tasks are managed matters here: no field is sent, nothing is pruned, and
        // the scripts' buckets and secrets are not looked up (no extra reads, no warning
        // naming a flag these commands do not take).
        let planning = try PlanningOptions.parse(["--owner-label", ownerLabel, "--no-server-checks"])
        let outcome = try await CommandPipeline.run(manifests: manifests, planning: planning, session: session, console: console, policies: Policies())
        return (outcome.plan, outcome.live)
    }
}
