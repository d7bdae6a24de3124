import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// validate → fetch → plan, shared by `plan` and `apply` (design.md "The pipeline").
///
/// Nothing but reads are sent: a manifest error stops before any request, a plan error after
/// the reads of the fetch.
enum PlanPipeline {
    /// The outcome: the plan, the live state and the policies it was computed from.
    struct Outcome: Sendable {
        var live: LiveState
        var plan: Plan
        var policies = Policies()
        /// Set when the plan converts a task and `--allow-conversion` was not given
        /// (`ConversionGuard`): `plan` prints the plan and then fails with it, `apply` fails
        /// with it before asking or sending anything.
        var conversionRefusal: CommandFailure? = nil
    }

    /// Runs the pipeline. Diagnostics and errors are printed to standard error.
    ///
    /// `beforeFetch` runs once the org is resolved and before anything else is read (apply
    /// takes its lock there, so the plan is computed from a state no other apply is changing).
    /// With `beforeFetch`, `--prune` and `protect` policies, the live state is first read and
    /// planned without it: a plan that would delete a protected resource is refused before the
    /// lock is taken, so the refusal sends no write at all (design.md "Policies").
    /// `policies` (`TargetSelection.policies`) are planning input (`PlanOptions.policies`).
    /// - Throws: `ExitCode.failure` after printing manifest diagnostics or plan problems;
    ///   `CommandFailure` when reading the live state fails (naming the request and the
    ///   server's code/message), or for `--prune` with no declared Task and no Label (unless
    ///   `--allow-empty`; nothing is sent); whatever `beforeFetch` throws.
    static func run(
        manifests: ManifestOptions, planning: PlanningOptions, session: Session, console: Console,
        command: String = "plan", target: TargetConfig? = nil, policies: Policies, resolveDuplicateLabels: Bool = false,
        beforeFetch: ((InfluxOrg) async throws -> Void)? = nil
    ) async throws -> Outcome {
        let manifests = manifests.applying(target)
        let planning = planning.applying(target)
        // 1. Read and parse once; validate offline first: a broken manifest never costs a request.
        let parsed = try ManifestCheck.parse(manifests)
        let declared = try ManifestCheck.resolve(parsed, liveLabelNames: nil, console: console)
        // 2. The mass-delete guard: a prune against an empty set of manifests (a wrong path in
        //    a CI variable looks exactly like this) would delete everything we own.
        if planning.prune, !planning.allowEmpty, declared.tasks.isEmpty, declared.labels.isEmpty {
            throw MassDeleteGuard.failure(command: command, paths: manifests.paths, ownerLabel: planning.ownerLabel)
        }
        // 3. Read the live state (the declared scripts were read at load, once).
        let options = PlanOptions(ownerLabel: planning.ownerLabel, prune: planning.prune, pruneLabelsInUse: planning.pruneLabelsInUse, policies: policies,
                                  resolveDuplicateLabels: resolveDuplicateLabels)
        let live: LiveState
        var serverFacts: ServerFacts?
        do {
            let org = try await LiveStateFetcher.resolve(session.org, client: session.client)
            // The checks before apply read the org's buckets and secret keys beside the live
            // state (design.md "Checks before apply"); skipped when no script names one. With
            // --strict they are settled first, so a refusal comes before apply's lock.
            let checkServer = !planning.noServerChecks && ServerReferenceCheck.needsFacts(declared.tasks)
            if checkServer, planning.strict {
                let facts = await ServerFactsFetcher.fetch(client: session.client, orgID: org.id, referencedBuckets: ServerReferenceCheck.bucketNames(declared.tasks))
                try ServerChecks.refuseIfStrict(facts, tasks: declared.tasks, org: org.name, console: console)
                serverFacts = facts
            }
            if beforeFetch != nil, planning.prune, !policies.protect.isEmpty {
                // The protect check before the lock: a refused apply writes nothing.
                let unlocked = try await LiveStateFetcher.fetch(client: session.client, org: org)
                let desired = try desiredState(declared, parsed: parsed, live: unlocked, console: console)
                _ = try makePlan(desired: desired, live: unlocked, options: options, console: console)
            }
            try await beforeFetch?(org)
            async let facts = checkServer && serverFacts == nil ? ServerFactsFetcher.fetch(client: session.client, orgID: org.id, referencedBuckets: ServerReferenceCheck.bucketNames(declared.tasks)) : nil
            live = try await LiveStateFetcher.fetch(client: session.client, org: org)
            if let fetched = await facts { serverFacts = fetched }
        } catch let error as InfluxAPIError {
            throw CommandFailure("cannot read the live state: \(APIErrorText.describe(error, settings: session.settings))")
        }
        // 4. Resolve the same parse again when needed (`desiredState`).
        let desired = try desiredState(declared, parsed: parsed, live: live, console: console)
        // 5. Plan.
        var plan = try makePlan(desired: desired, live: live, options: options, console: console)
        // 6. The checks against the server: findings of the plan (errors with --strict, above).
        if let serverFacts {
            ServerChecks.add(serverFacts, to: &plan, tasks: desired.tasks, org: live.org.name, console: console)
        }
        if let hint = DuplicateRepair.hint(plan: plan, manifests: manifests, planning: planning, session: session) {
            console.error(hint)
        }
        for note in RenameHints.notes(plan: plan, desired: desired, live: live) { console.error(note) }
        let refusal = planning.allowConversion ? nil
            : ConversionGuard.refusal(plan: plan, command: command, manifests: manifests, planning: planning, session: session)
        return Outcome(live: live, plan: plan, policies: policies, conversionRefusal: refusal)
    }

    /// The same parse resolved again, now that live label names are known, when an
    /// association names a label no manifest declares (it may exist live); otherwise the live
    /// names change nothing and `declared` is returned. Nothing is read or parsed twice.
    private static func desiredState(_ declared: DesiredState, parsed: ManifestLoader.Parsed, live: LiveState, console: Console) throws -> DesiredState {
        declared.undeclaredLabelNames.isEmpty ? declared : try ManifestCheck.resolve(
            parsed, liveLabelNames: Set(live.labels.map(\.name)), console: console, printNotes: false)
    }

    /// `Planner.plan`, its problems printed.
    /// - Throws: `ExitCode.failure` after printing the plan's problems.
    private static func makePlan(desired: DesiredState, live: LiveState, options: PlanOptions, console: Console) throws -> Plan {
        do {
            return try Planner.plan(desired: desired, live: live, options: options)
        } catch {
            for problem in error.problems { console.error("error: \(problem)") }
            console.error("No plan was made; nothing was changed.")
            throw ExitCode.failure
        }
    }
}

/// How to repair owned duplicate tasks (several owned live tasks matching one manifest, the
/// trace of applies that raced) when the plan was made without `--prune`.
enum DuplicateRepair {
    /// `note: …` plus a `hint:` with the complete `influxsync apply … --prune` command; nil
    /// when the plan holds no would-prune duplicate.
    static func hint(plan: Plan, manifests: ManifestOptions, planning: PlanningOptions, session: Session) -> String? {
        let copies = plan.changes.filter { $0.action == .wouldPrune && $0.duplicateOf != nil }
        guard !copies.isEmpty else { return nil }
        let others = plan.changes.filter { $0.action == .wouldPrune && $0.duplicateOf == nil }.count
        let noun = copies.count == 1 ? "task is an owned duplicate" : "tasks are owned duplicates"
        var text = "note: \(copies.count) live \(noun) of a declared task (the lowest ID is kept); --prune deletes the copies"
        if others > 0 { text += " (and the \(others) other owned \(others == 1 ? "resource" : "resources") listed as would prune)" }
        return text + "\n  hint: to repair, run: " + ShellWords.join(applyWords(manifests: manifests, planning: planning, session: session) + ["--prune"])
    }

    /// `influxsync apply PATHS…` with every flag that reproduces this plan's inputs: `--env-ref`,
    /// the connection, the org and a non-default owner label.
    static func applyWords(manifests: ManifestOptions, planning: PlanningOptions, session: Session) -> [String] {
        var words = ["influxsync", "apply"] + manifests.paths
        for item in manifests.envRefs { words += ["--env-ref", item] }
        switch session.settings.target {
        case .server(let url): words += ["--host", url]
        case .sandbox(let file): words += ["--sandbox", file]
        }
        words += session.settings.tokenFlags
        switch session.settings.org {
        case .name(let name): words += ["--org", name]
        case .id(let id): words += ["--org-id", id]
        }
        if planning.ownerLabel != "influxsync" { words += ["--owner-label", planning.ownerLabel] }
        return words
    }
}

/// The refusal of `--prune` when the manifests declare nothing (issue 10, design.md "Guards").
enum MassDeleteGuard {
    /// `refusing to apply with --prune: …` plus a hint naming `--allow-empty`.
    static func failure(command: String, paths: [String], ownerLabel: String) -> CommandFailure {
        let where_ = paths.map { "\"\($0)\"" }.joined(separator: ", ")
        return CommandFailure("refusing to \(command) with --prune: the manifests in \(where_) declare no Task and no Label, so every task and label owned by \"\(ownerLabel)\" would be deleted; nothing was sent",
            hint: "check the paths (a wrong directory looks exactly like this); to really delete everything influxsync owns there, add --allow-empty")
    }
}

/// Human text for API errors, with a hint for the usual causes.
enum APIErrorText {
    /// `GET /api/v2/orgs?org=acme: 401 unauthorized: unauthorized access` (the server's message
    /// escaped for a terminal, `DisplayText.escaped`) plus, on its own
    /// indented `hint:` line, what to do: check the token (401/403), or the transport
    /// failure's own hint (unknown host, refused, timeout, TLS; `InfluxAPIError.hint`), or the
    /// hint an answer carries (a redirect: where to point `--host`).
    static func describe(_ error: InfluxAPIError, settings: ConnectionSettings) -> String {
        var text = DisplayText.escaped(error.description)
        switch error.status {
        case 401?, 403?:
            text += "\n  hint: check the API token (--token, --token-file or INFLUX_TOKEN) and its permissions"
        case nil:
            if case .server = settings.target {
                text += "\n  hint: " + (error.hint ?? "is InfluxDB running there? Set the URL with --host or INFLUX_HOST")
            }
        default:
            if let hint = error.hint { text += "\n  hint: " + DisplayText.escaped(hint) }
        }
        return text
    }
}
