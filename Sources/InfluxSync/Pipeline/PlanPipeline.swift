import InfluxAPI

/// The stages every command that plans runs, in order (design.md "The pipeline"): read the
/// manifests (`readManifests`, offline: a broken manifest never costs a request), then
/// `run`: the mass-delete guard, the org, the checks against the server, the live state, the
/// plan. Only reads are sent; the caller shows the diagnostics and applies the plan.
public enum PlanPipeline {
    /// The manifests read once (`ManifestLoader.parse`) and resolved without live label names.
    public struct Manifests: Sendable {
        /// The parse, kept to resolve again once live label names are known; nil when no
        /// association names an undeclared label (then that resolve would change nothing, and
        /// the documents are not held through the plan).
        public var parsed: ManifestLoader.Parsed?
        /// The resolve: the declared state when there is no error, and every diagnostic.
        public var result: ManifestLoader.Result
        /// The digest of the files read, when asked (`PlanInputs.digestManifests`).
        public var manifestDigest: Result<ManifestDigest, ManifestDigestError>?
    }

    /// What `run` returns.
    public struct Outcome: Sendable {
        /// The declared state the plan was made from.
        public var desired: DesiredState
        /// The live state the plan was made from.
        public var live: LiveState
        /// The plan, with the server checks' findings (warnings) added.
        public var plan: Plan
        /// Parts of the server checks that could not be read, one sentence each (`ServerFacts.unavailable`).
        public var uncheckable: [String] = []
    }

    /// Why `run` stopped; nothing was written.
    public enum Failure: Error, Sendable {
        /// `--prune` with no declared Task and no Label, without `allowEmpty`: nothing was sent.
        case emptyPrune
        /// Reading the org or the live state failed.
        case liveRead(InfluxAPIError)
        /// `ServerCheckMode.strict` and the scripts name buckets or secrets the org lacks
        /// (error findings); `unavailable` as `ServerFacts.unavailable`.
        case strictChecks(findings: [ScriptFinding], unavailable: [String])
        /// Resolving again with the live label names found errors (in `ManifestLoader.Result.diagnostics`).
        case manifests(ManifestLoader.Result)
        /// The planner refused (ambiguous or conflicting live state, a protected resource).
        case plan(PlanError)
    }

    /// Reads and resolves `inputs.paths` (standard input through `readStandardInput`), once;
    /// with `inputs.digestManifests`, the parse also holds the manifest digest.
    public static func readManifests(_ inputs: PlanInputs, readStandardInput: () -> String = { "" }) -> Manifests {
        let parsed = ManifestLoader.parse(
            paths: inputs.paths, envRefs: inputs.envRefs, readStandardInput: readStandardInput,
            limits: inputs.limits, fluxAllowances: inputs.fluxAllowances, digest: inputs.digestManifests)
        let result = ManifestLoader.resolve(parsed, liveLabelNames: nil)
        let resolveAgain = result.desired.map { !$0.undeclaredLabelNames.isEmpty } ?? false
        return Manifests(parsed: resolveAgain ? parsed : nil, result: result, manifestDigest: parsed.manifestDigest)
    }

    /// Plans `declared` (from `readManifests`, without errors) against the server.
    ///
    /// `beforeFetch` runs once the org is resolved and before the live state is read (apply
    /// takes its lock there). With `beforeFetch`, a prune and `protect` policies, the live
    /// state is first read and planned without it: a plan that would delete a protected
    /// resource is refused before the lock, so the refusal writes nothing.
    /// - Throws: `Failure`, or whatever `beforeFetch` throws.
    public static func run(
        _ manifests: Manifests, declared: DesiredState, inputs: PlanInputs, client: any InfluxAPIClient, org selector: OrgSelector,
        beforeFetch: ((InfluxOrg) async throws -> Void)? = nil
    ) async throws -> Outcome {
        // The mass-delete guard: a prune against an empty set of manifests (a wrong path in a
        // CI variable looks exactly like this) would delete everything we own.
        if inputs.planOptions.prune, !inputs.allowEmpty, declared.tasks.isEmpty, declared.labels.isEmpty {
            throw Failure.emptyPrune
        }
        let live: LiveState
        var facts: ServerFacts?
        do {
            let org = try await LiveStateFetcher.resolve(selector, client: client)
            // The org's buckets and secret keys are read beside the live state; skipped when
            // no script names one. Strict: settled first, so a refusal comes before the lock.
            let checkServer = inputs.serverChecks != .off && ServerReferenceCheck.needsFacts(declared.tasks)
            let referenced = ServerReferenceCheck.bucketNames(declared.tasks)
            if checkServer, inputs.serverChecks == .strict {
                let strictFacts = await ServerFactsFetcher.fetch(client: client, orgID: org.id, referencedBuckets: referenced)
                let findings = ServerReferenceCheck.findings(tasks: declared.tasks, facts: strictFacts, org: org.name, strict: true)
                if !findings.isEmpty { throw Failure.strictChecks(findings: findings, unavailable: strictFacts.unavailable) }
                facts = strictFacts
            }
            if beforeFetch != nil, inputs.planOptions.prune, !inputs.planOptions.policies.protect.isEmpty {
                // The protect check before the lock: a refused apply writes nothing.
                let unlocked = try await LiveStateFetcher.fetch(client: client, org: org)
                _ = try plan(desired(manifests, declared: declared, live: unlocked), live: unlocked, options: inputs.planOptions)
            }
            try await beforeFetch?(org)
            async let fetched =
                checkServer && facts == nil
                ? ServerFactsFetcher.fetch(client: client, orgID: org.id, referencedBuckets: referenced) : nil
            live = try await LiveStateFetcher.fetch(client: client, org: org)
            if let later = await fetched { facts = later }
        } catch let error as InfluxAPIError {
            throw Failure.liveRead(error)
        }
        let desired = try desired(manifests, declared: declared, live: live)
        var plan = try plan(desired, live: live, options: inputs.planOptions)
        var uncheckable: [String] = []
        if let facts {
            uncheckable = facts.unavailable
            plan.findings += ServerReferenceCheck.findings(tasks: desired.tasks, facts: facts, org: live.org.name, strict: false)
        }
        return Outcome(desired: desired, live: live, plan: plan, uncheckable: uncheckable)
    }

    /// The same parse resolved again, now that live label names are known, when an
    /// association names a label no manifest declares (it may exist live); otherwise the live
    /// names change nothing and `declared` is returned. Nothing is read or parsed twice.
    /// - Throws: `Failure.manifests` with every diagnostic when that resolve finds errors.
    private static func desired(_ manifests: Manifests, declared: DesiredState, live: LiveState) throws(Failure) -> DesiredState {
        guard !declared.undeclaredLabelNames.isEmpty, let parsed = manifests.parsed else { return declared }
        let result = ManifestLoader.resolve(parsed, liveLabelNames: Set(live.labels.map(\.name)))
        guard let desired = result.desired else { throw .manifests(result) }
        return desired
    }

    /// `Planner.plan`, its refusal as `Failure.plan`.
    private static func plan(_ desired: DesiredState, live: LiveState, options: PlanOptions) throws(Failure) -> Plan {
        do { return try Planner.plan(desired: desired, live: live, options: options) } catch { throw .plan(error) }
    }
}
