/// Everything a plan is made from besides the server, as plain values: resolved once by the
/// caller (the CLI: flags, then the target of `influxsync.yaml`, then the environment) and read
/// by every stage of `PlanPipeline`. Nothing here is parsed or resolved again downstream.
public struct PlanInputs: Sendable {
    /// Manifest files, directories (recursive) or `-` for standard input, in load order.
    public var paths: [String]
    /// Values of `{envRef: {key}}` references, every source merged (the target's `envRefs`,
    /// `--env-file` files, `--env-ref` flags; later wins).
    public var envRefs: [String: String]
    /// Caps the manifests are read under (`--max-manifest-bytes`).
    public var limits: ManifestLimits
    /// Names the offline Flux checks accept although their standard-library data does not
    /// know them (`--allow-flux`, the target's `allowFlux`; `FluxScopeCheck`).
    public var fluxAllowances: Set<String>
    /// How to plan: owner label, prune, policies, duplicate-label resolution.
    public var planOptions: PlanOptions
    /// `--allow-empty`: a prune with no declared Task and no Label is allowed (it deletes
    /// everything the owner label marks).
    public var allowEmpty: Bool
    /// The checks of the scripts' buckets and secret keys against the server.
    public var serverChecks: ServerCheckMode
    /// Hash each manifest file as it is read, for the digest a saved plan records
    /// (`ManifestLoader.Parsed.manifestDigest`; `plan --out`). Off, nothing is hashed.
    public var digestManifests: Bool

    /// Creates inputs; defaults are those of a bare `influxsync plan PATHS`.
    public init(
        paths: [String], envRefs: [String: String] = [:], limits: ManifestLimits = .default, fluxAllowances: Set<String> = [],
        planOptions: PlanOptions = PlanOptions(), allowEmpty: Bool = false, serverChecks: ServerCheckMode = .warn,
        digestManifests: Bool = false
    ) {
        self.paths = paths
        self.envRefs = envRefs
        self.limits = limits
        self.fluxAllowances = fluxAllowances
        self.planOptions = planOptions
        self.allowEmpty = allowEmpty
        self.serverChecks = serverChecks
        self.digestManifests = digestManifests
    }
}

/// How the scripts' buckets and secret keys are checked against the server (design.md
/// "Checks before apply").
public enum ServerCheckMode: Sendable, Hashable {
    /// Not checked (`--no-server-checks`): no extra request.
    case off
    /// Checked; what is missing becomes warnings of the plan.
    case warn
    /// Checked first (`--strict`); what is missing stops the pipeline before `beforeFetch`.
    case strict
}
