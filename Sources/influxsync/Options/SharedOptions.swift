import ArgumentParser
import Foundation
import InfluxSync

// The option groups shared by several subcommands (`@OptionGroup`). Each subcommand lists the
// groups it needs; resolution against the environment lives in Support/.

/// Where the server is and who we are: `--host`, `--token`, `--token-file`, `--org`,
/// `--org-id` (env `INFLUX_HOST`, `INFLUX_TOKEN`, `INFLUX_ORG`, `INFLUX_ORG_ID`, as the `influx`
/// CLI uses), or `--sandbox FILE`; how TLS certificates are checked (`--skip-verify`, env
/// `INFLUX_SKIP_VERIFY`, `--ca-cert FILE`); plus `-v` to print every HTTP request.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("InfluxDB URL (env INFLUX_HOST; default http://localhost:8086).", valueName: "url"))
    var host: String?

    @Option(help: ArgumentHelp("API token (env INFLUX_TOKEN).", valueName: "token"))
    var token: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp("Read the API token from a file (surrounding whitespace ignored).", valueName: "file"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("Organization name (env INFLUX_ORG).", valueName: "name"))
    var org: String?

    @Option(name: .customLong("org-id"), help: ArgumentHelp("Organization ID (env INFLUX_ORG_ID).", valueName: "id"))
    var orgID: String?

    @Option(help: ArgumentHelp(
        "Start an embedded InfluxDB sandbox on a loopback port and work against it; its state is kept in this JSON file (created when missing). Environment connection settings are ignored.",
        valueName: "file"))
    var sandbox: String?

    @Option(help: ArgumentHelp("Use this target (environment) of influxsync.yaml: its host, org, token source, owner label, env refs and manifests.", valueName: "name"))
    var target: String?

    @Option(help: ArgumentHelp("The targets file (default: influxsync.yaml in the current directory).", valueName: "file"))
    var config: String?

    @Option(name: [.customLong("active-config"), .customShort("c")], help: ArgumentHelp(
        "The influx CLI config to fall back on for host, token and org (env INFLUX_ACTIVE_CONFIG; default: the active one in ~/.influxdbv2/configs or INFLUX_CONFIGS_PATH).",
        valueName: "name"))
    var activeConfig: String?

    @Option(name: .customLong("request-timeout"), help: ArgumentHelp(
        "How long one request may take, its answer's head and whole body together, as a duration like 30s or 2m (default 60s; env INFLUXSYNC_REQUEST_TIMEOUT). A request past it is cut off and fails; it is not retried.",
        valueName: "duration"))
    var requestTimeout: String?

    /// First retry delay of the HTTP client (default 1s), for tests that inject many faults.
    @Option(name: .customLong("retry-backoff"), help: ArgumentHelp(visibility: .private))
    var retryBackoff: String?

    @Flag(name: .customLong("skip-verify"), help: "Do not check the server's TLS certificate (env INFLUX_SKIP_VERIFY=true). For test servers only.")
    var skipVerify = false

    @Option(name: .customLong("ca-cert"), help: ArgumentHelp("Also trust the CA certificates in this PEM file when checking the server's TLS certificate.", valueName: "file"))
    var caCert: String?

    @Flag(name: .shortAndLong, help: "Print one line per HTTP request to standard error: METHOD /path?query STATUS ms (never the token).")
    var verbose = false

    /// The connection flags as given, for commands shown in hints (`--host URL --org acme`):
    /// `--sandbox`, `--host`, `--token-file`, `--org`, `--org-id`, `--skip-verify`, `--ca-cert`,
    /// `--request-timeout`, `--target`, `--config`, `--active-config`.
    /// A token given with `--token` appears as `--token "$INFLUX_TOKEN"`
    /// (`ShellWords.tokenVariable`): a hint never prints the token itself.
    var givenFlags: [String] {
        var words: [String] = []
        if let sandbox { words += ["--sandbox", sandbox] }
        if let host { words += ["--host", host] }
        if let tokenFile { words += ["--token-file", tokenFile] }
        if token != nil { words += ["--token", ShellWords.tokenVariable] }
        if let org { words += ["--org", org] }
        if let orgID { words += ["--org-id", orgID] }
        if skipVerify { words.append("--skip-verify") }
        if let caCert { words += ["--ca-cert", caCert] }
        if let requestTimeout { words += ["--request-timeout", requestTimeout] }
        if let target { words += ["--target", target] }
        if let config { words += ["--config", config] }
        if let activeConfig { words += ["--active-config", activeConfig] }
        return words
    }
}

/// The manifests to read: files, directories (recursive) or `-` for standard input, and
/// `--env-ref key=value` substitutions.
struct ManifestOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Manifest files or directories (*.yml, *.yaml, *.json, *.flux, recursively), or - for standard input.", valueName: "path"))
    var paths: [String] = []

    @Option(name: .customLong("env-ref"), help: ArgumentHelp("Value for an {envRef: {key}} reference; repeatable.", valueName: "key=value"))
    var envRefs: [String] = []

    @Option(name: .customLong("max-manifest-bytes"), help: ArgumentHelp("Refuse manifest files larger than this many bytes (8388608 is 8 MiB).", valueName: "bytes"))
    var maxManifestBytes: Int = ManifestLimits.default.maxFileBytes

    @Option(name: .customLong("env-file"), help: ArgumentHelp("Values for envRef references from a file: a YAML mapping or KEY=value lines; repeatable (later files win, --env-ref wins over all).", valueName: "file"))
    var envFiles: [String] = []

    @Option(name: .customLong("allow-flux"), help: ArgumentHelp(
        "Accept this Flux package path, package member (path.name) or identifier although the checks' standard-library data does not know it; repeatable.",
        valueName: "name"))
    var allowFlux: [String] = []

    func validate() throws {
        for item in envRefs where !item.contains("=") || item.hasPrefix("=") {
            throw ValidationError("--env-ref expects key=value, got \"\(item)\".")
        }
        if maxManifestBytes < 1 {
            throw ValidationError("--max-manifest-bytes must be a positive number of bytes, got \(maxManifestBytes).")
        }
    }

    /// Offline first: a path that does not exist is reported before the connection settings
    /// are read (a typo must not surface as "no API token").
    /// - Throws: `CommandFailure` naming the first missing path.
    func checkPathsExist() throws {
        for path in paths where path != "-" && !FileManager.default.fileExists(atPath: path) {
            throw CommandFailure("no such file or directory: \(path)", hint: "pass manifest files, directories of them, or - for standard input")
        }
    }

    /// The caps manifests are read under (`--max-manifest-bytes`; the alias and nesting caps
    /// are fixed).
    var limits: ManifestLimits { ManifestLimits(maxFileBytes: maxManifestBytes) }

    /// These options with a target's manifests (when no path was given), env refs (which
    /// `--env-file` and `--env-ref` values override) and `allowFlux` names (added to `--allow-flux`).
    func applying(_ target: TargetConfig?) -> ManifestOptions {
        guard let target else { return self }
        var copy = self
        if copy.paths.isEmpty { copy.paths = target.manifests }
        copy.targetEnvRefs = target.envRefs
        copy.allowFlux = target.allowFlux + copy.allowFlux
        return copy
    }

    /// Env refs of the selected target (lowest precedence); set by `applying(_:)`, never parsed.
    private var targetEnvRefs: [String: String] = [:]

    enum CodingKeys: String, CodingKey { case paths, envRefs, envFiles, maxManifestBytes, allowFlux }

    /// Env ref values by precedence: the target's `envRefs`, then `--env-file` files in order,
    /// then `--env-ref` flags (a later repetition of a key wins).
    /// - Throws: `CommandFailure` naming an env file that cannot be read or parsed.
    func resolvedEnvRefs() throws -> [String: String] {
        var values = targetEnvRefs
        for file in envFiles {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw CommandFailure("cannot read the env file \(file)", hint: "check the path given to --env-file")
            }
            do {
                values.merge(try EnvFile.parse(text, path: file)) { _, new in new }
            } catch {
                throw CommandFailure(error.message, hint: error.hint)
            }
        }
        values.merge(envRefValues) { _, new in new }
        return values
    }

    /// Refuses a command line that names no manifest when no target can supply them (a
    /// `--target` whose `manifests:` lists them, or `plan --all-targets`).
    /// - Parameter takesTarget: false for `validate`, which has no `--target`.
    /// - Throws: `ValidationError` (printed as a usage error) when `paths` is empty and
    ///   `target` is nil and `allTargets` is false.
    func requirePaths(target: String?, allTargets: Bool = false, takesTarget: Bool = true) throws {
        if paths.isEmpty, target == nil, !allTargets {
            throw ValidationError(takesTarget
                ? "no manifests given: pass files or directories (or - for standard input), or --target NAME whose manifests: lists them"
                : "no manifests given: pass files or directories (or - for standard input)")
        }
    }

    /// `--env-ref` values as a dictionary; a later repetition of a key wins.
    var envRefValues: [String: String] {
        var values: [String: String] = [:]
        for item in envRefs {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return values
    }
}

/// How to plan: the owner label and whether to prune.
struct PlanningOptions: ParsableArguments {
    @Option(name: .customLong("owner-label"), help: ArgumentHelp("Name of the label that marks resources influxsync manages (default: the target's ownerLabel, else influxsync).", valueName: "name"))
    var ownerLabelFlag: String?

    /// The selected target's `ownerLabel`; set by `applying(_:)`, never parsed.
    private var targetOwnerLabel: String?

    /// The owner label: `--owner-label`, else the target's `ownerLabel`, else `influxsync`.
    var ownerLabel: String { ownerLabelFlag ?? targetOwnerLabel ?? "influxsync" }

    /// These options with the target's owner label (when `--owner-label` was not given).
    func applying(_ target: TargetConfig?) -> PlanningOptions {
        var copy = self
        copy.targetOwnerLabel = target?.ownerLabel
        return copy
    }

    @Flag(help: "Delete owned tasks and labels that no manifest declares (without it they are only reported as \"would prune\").")
    var prune = false

    @Flag(name: .customLong("allow-empty"), help: "Allow --prune when the manifests declare no Task and no Label at all (it then deletes everything the owner label marks).")
    var allowEmpty = false

    @Flag(name: .customLong("prune-labels-in-use"), help: "With --prune, also delete owned labels that tasks influxsync does not manage still carry (those tasks lose them); without it such labels are kept.")
    var pruneLabelsInUse = false

    @Flag(help: "Make the checks against the server errors: a task naming a bucket or secret key the org does not have stops the plan (exit 1) and apply sends nothing. Without it they are warnings.")
    var strict = false

    @Flag(name: .customLong("no-server-checks"), help: "Skip the checks against the server (the org's buckets and secret keys): no extra requests.")
    var noServerChecks = false


    @Flag(name: .customLong("allow-conversion"), help: "Allow converting a task between a Cloud script task and a Flux task; the task is replaced (a new ID). Without it such a plan is refused.")
    var allowConversion = false

    enum CodingKeys: String, CodingKey { case ownerLabelFlag, prune, allowEmpty, pruneLabelsInUse, allowConversion, strict, noServerChecks }
}

/// The apply lock (`apply` only): `--lock`, `--lock-timeout`.
struct LockOptions: ParsableArguments {
    @Option(name: .customLong("lock"), help: ArgumentHelp("Take the apply lock of the org and owner label first (--lock=false skips it).", valueName: "bool"))
    var lock = true

    @Option(name: .customLong("lock-timeout"), help: ArgumentHelp("How long to wait for another apply's lock, as a duration like 30s or 5m (0: fail at once).", valueName: "duration"))
    var lockTimeout = "0s"

    func validate() throws {
        _ = try timeoutSeconds()
    }

    /// `--lock-timeout` in seconds.
    /// - Throws: `ValidationError` for anything but a non-negative fixed duration.
    func timeoutSeconds() throws -> Double {
        let text = lockTimeout.trimmingCharacters(in: .whitespaces)
        if text == "0" { return 0 }
        guard let seconds = LeaseTiming.seconds(parsing: text) else {
            throw ValidationError("--lock-timeout expects a duration such as 30s, 5m or 1h, got \"\(lockTimeout)\".")
        }
        return seconds
    }
}

/// Output presentation.
struct OutputOptions: ParsableArguments {
    @Flag(name: .customLong("no-color"), help: "Never print colours (also: NO_COLOR set; colours are only used on a terminal anyway).")
    var noColor = false
}

