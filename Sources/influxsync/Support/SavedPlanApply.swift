import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// `apply FILE` where FILE is a saved plan (`plan --out FILE`): re-read the live state and the
/// manifests, refuse when either moved, else apply exactly the saved plan. A plan that deletes
/// a resource a `protect` policy names — of the plan's own policies or of influxsync.yaml as it
/// is now — is refused before the lock is taken (no write at all).
///
/// A saved plan was reviewed when it was made, so it is applied without the `yes` question
/// (as Terraform applies a saved plan file). Nothing is written when it is stale.
enum SavedPlanApply {
    /// Decodes the saved plan (`SavedPlanFile.named(by:)` read it once, to recognise it),
    /// checks it against the live state and the manifests (read under `manifestOptions.limits`,
    /// `--max-manifest-bytes`), applies it.
    /// - Throws: `CommandFailure` (stale plan: every moved file and resource named; malformed
    ///   plan; live state unreadable), `ExitCode.failure` when a request fails.
    static func run(
        _ file: SavedPlanFile, manifestOptions: ManifestOptions, connection: ConnectionOptions, locking: LockOptions,
        view: any ApplyView, sending: ApplyOptions, console: Console
    ) async throws {
        let path = file.path
        let saved = try decode(file)
        let parallelism = try sending.resolvedParallelism(environment: console.environment)

        var options = connection
        if let planned = saved.target {
            if let given = connection.target, given != planned {
                throw CommandFailure(
                    "saved plan \(path) was made for target \"\(planned)\", not \"\(given)\"; nothing was applied",
                    hint:
                        "apply it with --target \(ShellWords.quote(planned)), or make a plan for \(ShellWords.quote(given)) with plan --target \(ShellWords.quote(given)) --out FILE"
                )
            }
            options.target = planned
        }
        let manifests = try manifestBase(saved, path: path, options: options)
        // The protect rules of now (influxsync.yaml may have gained one since the plan was
        // made) and those the plan was made with.
        let current = try TargetSelection.policies(options, target: try TargetSelection.selected(options))
        let protect = (saved.policies?.protect ?? []) + current.protect.filter { !(saved.policies?.protect ?? []).contains($0) }
        let env = console.environment
        let orgFromEnvironment = [env["INFLUX_ORG"], env["INFLUX_ORG_ID"]].contains { !($0 ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        if options.sandbox == nil, options.org == nil, options.orgID == nil, !orgFromEnvironment {
            options.orgID = saved.plan.orgID
        }
        let settings: ConnectionSettings
        do {
            settings = try ConnectionSettings.resolve(options, environment: env)
        } catch var failure as CommandFailure where connection.givenFlags.isEmpty {
            // A saved plan records no server and no token: they come from the flags, as for plan.
            failure.hints.append(
                "a saved plan is applied with the connection flags its plan used (--host URL --org NAME, or --sandbox FILE); the hint `plan --out` printed shows the complete command"
            )
            throw failure
        }
        try await Session.with(settings, console: console, adaptiveConcurrency: parallelism.isAdaptive) { session in
            let lock = try ApplyLocking(
                options: locking, ownerLabel: saved.plan.ownerLabel, connection: options,
                settings: settings, session: session, console: console)
            try await lock.releasing {
                try await apply(
                    saved, path: path, manifests: manifests, limits: manifestOptions.limits, protect: protect,
                    connectionFlags: hintFlags(connection, target: options.target) + manifestOptions.limitFlags, view: view,
                    session: session, lock: lock, console: console,
                    parallelism: parallelism, quiet: sending.quiet || connection.verbose)
            }
        }
    }

    /// Where the saved plan's manifest paths are relative to, and the paths the re-plan hint
    /// names (none when they are the target's own `manifests`).
    private struct ManifestBase {
        var directory: String
        var replanArguments: [String]
    }

    /// The directory `saved.manifestPathBase` names: the plan file's, or the targets file's
    /// (found as `--target` finds it: `--config`, else `influxsync.yaml` here).
    /// - Throws: `CommandFailure` when a plan made with `--target` finds no targets file or no
    ///   such target.
    private static func manifestBase(_ saved: SavedPlan, path: String, options: ConnectionOptions) throws -> ManifestBase {
        let planDirectory = PathRelativity.absolute(
            URL(fileURLWithPath: path).deletingLastPathComponent().path,
            in: FileManager.default.currentDirectoryPath)
        guard saved.manifestPathBase == .targetsFile, let name = saved.target else {
            return ManifestBase(directory: planDirectory, replanArguments: saved.resolvedManifestPaths(baseDirectory: planDirectory))
        }
        guard let config = try TargetSelection.config(options) else {
            throw CommandFailure(
                "saved plan \(path) was made with --target \(name), and there is no \(TargetsConfig.fileName) here to find its manifests",
                hint: "run apply from the directory that holds \(TargetsConfig.fileName), or pass --config FILE")
        }
        let target = try TargetSelection.selected(options)
        let resolved = saved.resolvedManifestPaths(baseDirectory: config.rootDirectory)
        let cwd = FileManager.default.currentDirectoryPath
        let own = (target?.manifests ?? []).map { PathRelativity.absolute($0, in: cwd) }
        let same = own == resolved.map { PathRelativity.absolute($0, in: cwd) }
        return ManifestBase(directory: config.rootDirectory, replanArguments: same ? [] : resolved)
    }

    /// The connection flags as given, with `--target` when it came from the saved plan.
    private static func hintFlags(_ connection: ConnectionOptions, target: String?) -> [String] {
        var options = connection
        options.target = target
        return options.givenFlags
    }

    private static func apply(
        _ saved: SavedPlan, path: String, manifests: ManifestBase, limits: ManifestLimits, protect: [ProtectRule], connectionFlags: [String], view: any ApplyView,
        session: Session, lock: ApplyLocking, console: Console, parallelism: ApplyParallelism, quiet: Bool
    ) async throws {
        let live: LiveState
        do {
            // Lock first, then read: the check below must see a state no other apply changes.
            let org = try await LiveStateFetcher.resolve(session.org, client: session.client)
            if !protect.isEmpty, saved.plan.operations.contains(where: { if case .deleteTask = $0 { true } else if case .deleteLabel = $0 { true } else { false } }) {
                // Before the lock: a refused saved plan writes nothing at all.
                let unlocked = try await LiveStateFetcher.fetch(client: session.client, org: org)
                let problems = PolicyFilter.protectionProblems(protect, plan: saved.plan, live: unlocked)
                if !problems.isEmpty {
                    for problem in problems { console.error("error: \(problem)") }
                    console.error("Saved plan \(path) was not applied; nothing was changed.")
                    throw ExitCode.failure
                }
            }
            try await lock.acquire(in: org)
            live = try await LiveStateFetcher.fetch(client: session.client, org: org)
        } catch let error as InfluxAPIError {
            throw CommandFailure("cannot read the live state: \(APIErrorText.describe(error, settings: session.settings))")
        }
        // An interrupted apply of a saved plan leaves it stale: the message shows the new plan to make.
        let newPlan = saved.replanCommand(source: path, manifestArguments: manifests.replanArguments, connectionFlags: connectionFlags)
        InterruptGate.shared.setNextSteps(
            .init(
                converge: "make and review a new plan, then apply it: \(newPlan)",
                check: "Make and review a new plan before applying again: \(newPlan)"))
        do {
            try verify(saved, path: path, live: live, manifests: manifests, limits: limits, connectionFlags: connectionFlags)
        } catch {
            // A job that reruns after its apply succeeded finds the plan stale; when the live
            // state already matches the plan's unchanged manifests, there is nothing left to do.
            guard alreadyApplied(saved, manifests: manifests, limits: limits, live: live) else { throw error }
            view.alreadyApplied(saved.plan, path: path)
            return
        }

        // What is sent must be what the plan's manifests and this live state give: a plan file
        // edited after it was made (its requests changed, its displayed fields not) is refused.
        if let fresh = replan(saved, manifests: manifests, limits: limits, live: live, digestVerified: true),
            fresh.operations != saved.plan.operations || shown(fresh) != shown(saved.plan)
        {
            throw CommandFailure(
                "saved plan \(path) does not hold the changes its manifests and the live state give (it was edited, or made by another influxsync version); nothing was applied",
                hint: "make and review a new plan: \(newPlan)")
        }

        view.willApply(saved.plan)
        guard !saved.plan.isEmpty else {
            view.nothingToApply(saved.plan)
            return
        }
        try await lock.apply(saved.plan, session: session, view: view, parallelism: parallelism, quiet: quiet)
    }

    /// True when the saved plan's manifests are byte for byte those it was made from and a
    /// plan of them against `live` (same org, owner label and prune flags) has nothing to send:
    /// the plan was applied already. False when they cannot be read again, need env refs,
    /// differ, or `live` is another org (a plan pointed at the wrong org or host passed as
    /// "already applied").
    private static func alreadyApplied(_ saved: SavedPlan, manifests: ManifestBase, limits: ManifestLimits, live: LiveState) -> Bool {
        guard !saved.plan.isEmpty, live.org.id == saved.plan.orgID, let fresh = replan(saved, manifests: manifests, limits: limits, live: live) else {
            return false
        }
        return fresh.isEmpty
    }

    /// What a plan shows for each change (action, resource, field differences, labels, Flux
    /// diff): a saved plan whose shown differences were edited, its requests not, is refused
    /// like one whose requests were (it showed one change and sent another).
    private static func shown(_ plan: Plan) -> [String] {
        plan.changes.map { change in
            let fields = change.fields.map { "\($0.field)=\($0.old ?? "∅")→\($0.new ?? "∅")" }.joined(separator: ";")
            return
                "\(change.action) \(change.resource.kind) \(change.resource.name) \(change.resource.id ?? "") [\(fields)] +\(change.labelsAdded) -\(change.labelsRemoved) \(change.fluxDiff ?? "")"
        }
    }

    /// The plan of the saved plan's manifests — byte for byte those it was made from — against
    /// `live`, made as `plan` made it: its recorded flags (`--prune`, `--prune-labels-in-use`,
    /// `--allow-flux`; for a plan saved before they were recorded, what its changes show), env
    /// ref values, owner label and policies. Nil when the manifests changed or cannot be read
    /// that way (e.g. a target's `allowFlux` names were needed). `digestVerified`: `verify`
    /// has just compared their digest, which is then not computed again.
    private static func replan(
        _ saved: SavedPlan, manifests: ManifestBase, limits: ManifestLimits, live: LiveState, digestVerified: Bool = false
    ) -> Plan? {
        let paths = saved.resolvedManifestPaths(baseDirectory: manifests.directory)
        if !digestVerified {
            guard let now = try? ManifestDigest.compute(paths: paths, limits: limits),
                now.files.map(\.sha256) == saved.manifestDigest.files.map(\.sha256)
            else { return nil }
        }
        let flags = saved.planFlags ?? []
        let allowed = Set(zip(flags, flags.dropFirst()).filter { $0.0 == "--allow-flux" }.map(\.1))
        let parsed = ManifestLoader.parse(paths: paths, envRefs: saved.envRefs ?? [:], limits: limits, fluxAllowances: allowed)
        guard let desired = ManifestLoader.resolve(parsed, liveLabelNames: nil).desired else { return nil }
        let options = PlanOptions(
            ownerLabel: saved.plan.ownerLabel,
            prune: saved.planFlags.map { $0.contains("--prune") } ?? saved.plan.changes.contains { $0.action == .delete },
            pruneLabelsInUse: saved.planFlags.map { $0.contains("--prune-labels-in-use") }
                ?? saved.plan.changes.contains { $0.action == .delete && $0.unmanagedTasks != nil },
            policies: saved.policies ?? Policies(), allowConversion: saved.planFlags?.contains("--allow-conversion") ?? false)
        return try? Planner.plan(desired: desired, live: live, options: options)
    }

    private static func decode(_ file: SavedPlanFile) throws(CommandFailure) -> SavedPlan {
        do {
            return try file.decode()
        } catch {
            throw CommandFailure(error.message)
        }
    }

    /// `SavedPlan.verify` with its typed error turned into a `CommandFailure` outside the
    /// session closure (swiftc 6.3 crashes in SILGen on a typed-throw catch inside the closure).
    private static func verify(
        _ saved: SavedPlan, path: String, live: LiveState, manifests: ManifestBase, limits: ManifestLimits,
        connectionFlags: [String]
    ) throws(CommandFailure) {
        do {
            let command = saved.replanCommand(source: path, manifestArguments: manifests.replanArguments, connectionFlags: connectionFlags)
            try saved.verify(source: path, live: live, baseDirectory: manifests.directory, replanCommand: command, limits: limits)
        } catch {
            throw CommandFailure(error.message)
        }
    }
}
