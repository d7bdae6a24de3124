import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// The library's `PlanPipeline` run for a command: its inputs resolved once from the options,
/// the target and the environment (`CommandPipeline.inputs`), its diagnostics and failures
/// printed to standard error, and the CLI's hints added (duplicates, renames, conversions).
enum CommandPipeline {
    /// The outcome: the plan, the live state and the policies it was computed from.
    struct Outcome: Sendable {
        var live: LiveState
        var plan: Plan
        var policies = Policies()
        /// Set when the plan converts a task and `--allow-conversion` was not given
        /// (`ConversionGuard`): `plan` prints the plan and then fails with it, `apply` fails
        /// with it before asking or sending anything.
        var conversionRefusal: CommandFailure? = nil
        /// The digest of the manifests as this run read them, when asked for (`digestManifests`,
        /// for `plan --out`): `ManifestLoader.Parsed.manifestDigest`.
        var manifestDigest: Result<ManifestDigest, ManifestDigestError>? = nil
        /// What the plan read of another configuration's tasks, for `plan --out`'s fingerprint
        /// (made with the digest, `digestManifests`).
        var fingerprintScope: LiveFingerprint.Scope? = nil
    }

    /// The pipeline's plain inputs, resolved once: `manifests` and `planning` with the target
    /// applied (paths, env refs, `allowFlux`, owner label), env files read, `policies`;
    /// `digestManifests` as `PlanInputs.digestManifests`.
    /// - Throws: `CommandFailure` when no manifest path was given (neither on the command line
    ///   nor by the target) or an `--env-file` cannot be read.
    static func inputs(
        manifests: ManifestOptions, planning: PlanningOptions, policies: Policies, resolveDuplicateLabels: Bool,
        digestManifests: Bool = false
    ) throws -> PlanInputs {
        var inputs = try ManifestCheck.inputs(manifests)
        inputs.planOptions = PlanOptions(
            ownerLabel: planning.ownerLabel, prune: planning.prune, pruneLabelsInUse: planning.pruneLabelsInUse,
            policies: policies, resolveDuplicateLabels: resolveDuplicateLabels, allowConversion: planning.allowConversion)
        inputs.allowEmpty = planning.allowEmpty
        inputs.serverChecks = planning.noServerChecks ? .off : planning.strict ? .strict : .warn
        inputs.digestManifests = digestManifests
        return inputs
    }

    /// Runs the pipeline (`PlanPipeline`). Diagnostics and errors are printed to standard error.
    /// With `digestManifests` (`plan --out`), the outcome holds the manifest digest of this read.
    ///
    /// `beforeFetch` runs once the org is resolved and before anything else is read (apply
    /// takes its lock there, so the plan is computed from a state no other apply is changing);
    /// see `PlanPipeline.run` for the protect check made before it. With `releaseInBackground`
    /// (a command that runs the pipeline once), what it read and planned is freed on another
    /// thread (`Teardown`) instead of on return.
    /// - Throws: `ExitCode.failure` after printing manifest diagnostics, plan problems or
    ///   `--strict` findings; `CommandFailure` when reading the live state fails (naming the
    ///   request and the server's code/message), or for `--prune` with no declared Task and no
    ///   Label (unless `--allow-empty`; nothing is sent); whatever `beforeFetch` throws.
    static func run(
        manifests: ManifestOptions, planning: PlanningOptions, session: Session, console: Console,
        command: String = "plan", target: TargetConfig? = nil, policies: Policies, resolveDuplicateLabels: Bool = false,
        digestManifests: Bool = false, releaseInBackground: Bool = false, beforeFetch: ((InfluxOrg) async throws -> Void)? = nil
    ) async throws -> Outcome {
        let manifests = manifests.applying(target)
        let planning = planning.applying(target)
        let inputs = try inputs(
            manifests: manifests, planning: planning, policies: policies, resolveDuplicateLabels: resolveDuplicateLabels,
            digestManifests: digestManifests)
        // Offline first: a broken manifest never costs a request.
        let read = PlanPipeline.readManifests(inputs, readStandardInput: ManifestCheck.readAllStandardInput)
        let declared = try ManifestCheck.report(read.result, console: console)
        let outcome: PlanPipeline.Outcome
        do {
            outcome = try await PlanPipeline.run(read, declared: declared, inputs: inputs, client: session.client, org: session.org, beforeFetch: beforeFetch)
        } catch let failure as PlanPipeline.Failure {
            throw report(failure, command: command, inputs: inputs, session: session, console: console)
        }
        for reason in outcome.uncheckable { console.error("warning: \(DisplayText.escaped(reason))") }
        CIIntegration.annotate(outcome.plan.findings.map { $0.diagnostic(field: nil) }, console: console)
        if let hint = DuplicateRepair.hint(plan: outcome.plan, manifests: manifests, planning: planning, session: session, target: target) {
            console.error(hint)
        }
        for note in RenameHints.notes(plan: outcome.plan, desired: outcome.desired, live: outcome.live) { console.error(note) }
        if command != "apply", let note = runningApplyNote(outcome.live, ownerLabel: inputs.planOptions.ownerLabel) { console.error(note) }
        let refusal =
            planning.allowConversion
            ? nil
            : ConversionGuard.refusal(plan: outcome.plan, command: command, manifests: manifests, planning: planning, session: session, target: target)
        // The manifests as read and the desired state are not needed after this; freeing them
        // here would sit between the last read and apply's first write.
        if releaseInBackground { Teardown.releaseInBackground((read, outcome)) }
        return Outcome(
            live: outcome.live, plan: outcome.plan, policies: policies, conversionRefusal: refusal,
            manifestDigest: read.manifestDigest,
            fingerprintScope: digestManifests ? LiveFingerprint.Scope(desired: outcome.desired, ownerLabel: inputs.planOptions.ownerLabel) : nil)
    }

    /// `note: …` when an apply of `ownerLabel` holds its lock (an unexpired lease in `live`):
    /// a plan or drift report made meanwhile shows what that apply is changing (a nightly drift
    /// job racing a deploy); nil otherwise.
    static func runningApplyNote(_ live: LiveState, ownerLabel: String, now: Date = Date()) -> String? {
        let name = Ownership.labelIdentity(ApplyLease.labelName(forOwnerLabel: ownerLabel))
        guard let lease = live.leases.first(where: { Ownership.labelIdentity($0.name) == name }), !lease.isExpired(at: now) else { return nil }
        return
            "note: an apply of owner label \(DisplayText.quoted(ownerLabel)) is running (lock held by \(lease.describe(now: now))): what it is changing may show here until it ends"
    }

    /// Prints what a pipeline failure needs printed and returns the error to throw.
    private static func report(_ failure: PlanPipeline.Failure, command: String, inputs: PlanInputs, session: Session, console: Console) -> any Error {
        switch failure {
        case .emptyPrune:
            return MassDeleteGuard.failure(command: command, paths: inputs.paths, ownerLabel: inputs.planOptions.ownerLabel)
        case .liveRead(let error):
            return CommandFailure("cannot read the live state: \(APIErrorText.describe(error, settings: session.settings))")
        case .strictChecks(let findings, let unavailable):
            for reason in unavailable { console.error("warning: \(DisplayText.escaped(reason))") }
            let diagnostics = findings.map { $0.diagnostic(field: nil) }
            for diagnostic in diagnostics { console.error(diagnostic.description) }
            CIIntegration.annotate(diagnostics, console: console)
            let n = findings.count
            console.error("\(n) \(n == 1 ? "name" : "names") in the scripts the org does not have (--strict).")
            console.error("No plan was made; nothing was changed.")
            return ExitCode.failure
        case .manifests(let result):
            do { _ = try ManifestCheck.report(result, console: console, printNotes: false) } catch { return error }
            return ExitCode.failure
        case .plan(let error):
            for problem in error.problems { console.error("error: \(problem)") }
            console.error("No plan was made; nothing was changed.")
            return ExitCode.failure
        }
    }
}

/// How to repair owned duplicate tasks (several owned live tasks matching one manifest, the
/// trace of applies that raced) when the plan was made without `--prune`.
enum DuplicateRepair {
    /// `note: …` plus a `hint:` with the complete `influxsync apply … --prune` command; nil
    /// when the plan holds no would-prune duplicate.
    static func hint(plan: Plan, manifests: ManifestOptions, planning: PlanningOptions, session: Session, target: TargetConfig? = nil) -> String? {
        let copies = plan.changes.filter { $0.action == .wouldPrune && $0.duplicateOf != nil }
        guard !copies.isEmpty else { return nil }
        let others = plan.changes.filter { $0.action == .wouldPrune && $0.duplicateOf == nil }.count
        let noun = copies.count == 1 ? "task is an owned duplicate" : "tasks are owned duplicates"
        // Which copy is kept: the one of the declared kind (a conversion that stopped halfway
        // keeps its new task), else the lowest ID; each line above names the copy it keeps.
        var text = "note: \(copies.count) live \(noun) of a declared task (the copy named on each line is kept); --prune deletes the copies"
        if others > 0 { text += " (and the \(others) other owned \(others == 1 ? "resource" : "resources") listed as would prune)" }
        return text + "\n  hint: to repair, run: " + ShellWords.join(applyWords(manifests: manifests, planning: planning, session: session, target: target) + ["--prune"])
    }

    /// `influxsync apply PATHS…` with every flag that reproduces this plan's inputs: `--env-file`, `--env-ref`,
    /// the connection, the org and a non-default owner label; with a target, `--target NAME`
    /// (and `--config FILE` when not `influxsync.yaml`) instead, which brings its own env refs,
    /// owner label and policies, plus what the command line gave on top of it (`--env-file`,
    /// `--env-ref`, another `--owner-label`), and the paths only when they are not the target's.
    static func applyWords(manifests: ManifestOptions, planning: PlanningOptions, session: Session, target: TargetConfig? = nil) -> [String] {
        if let target {
            var words = ["influxsync", "apply"]
            if manifests.paths != target.manifests { words += manifests.paths }
            words += ["--target", target.name]
            let file = String(target.location[..<(target.location.lastIndex(of: ":") ?? target.location.endIndex)])
            if file != "influxsync.yaml" { words += ["--config", file] }
            // What the command line gave on top of the target.
            for file in manifests.envFiles { words += ["--env-file", file] }
            for item in manifests.envRefs { words += ["--env-ref", item] }
            if planning.ownerLabel != (target.ownerLabel ?? "influxsync") { words += ["--owner-label", planning.ownerLabel] }
            return words
        }
        var words = ["influxsync", "apply"] + manifests.paths
        for file in manifests.envFiles { words += ["--env-file", file] }
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
        return CommandFailure(
            "refusing to \(command) with --prune: the manifests in \(where_) declare no Task and no Label, so every task and label owned by \"\(ownerLabel)\" would be deleted; nothing was sent",
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
