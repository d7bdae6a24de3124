import ArgumentParser
import Foundation
import InfluxSync

/// The manifests to read: files, directories (recursive) or `-` for standard input, and
/// `--env-ref key=value` substitutions.
struct ManifestOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Manifest files or directories (*.yml, *.yaml, *.json, *.flux, recursively), or - for standard input.", valueName: "path"))
    var paths: [String] = []

    @Option(name: .customLong("env-ref"), help: ArgumentHelp("Value for an {envRef: {key}} reference; repeatable.", valueName: "key=value"))
    var envRefs: [String] = []

    @Option(name: .customLong("max-manifest-bytes"), help: ArgumentHelp("Refuse manifest files larger than this many bytes (8388608 is 8 MiB).", valueName: "bytes"))
    var maxManifestBytes: Int = ManifestLimits.default.maxFileBytes

    @Option(
        name: .customLong("env-file"),
        help: ArgumentHelp("Values for envRef references from a file: a YAML mapping or KEY=value lines; repeatable (later files win, --env-ref wins over all).", valueName: "file")
    )
    var envFiles: [String] = []

    @Option(
        name: .customLong("allow-flux"),
        help: ArgumentHelp(
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

    /// `--max-manifest-bytes N` when not the default, else nothing: for the commands a hint
    /// repeats (a saved plan made under a raised cap is checked under the same cap).
    var limitFlags: [String] {
        maxManifestBytes == ManifestLimits.default.maxFileBytes ? [] : ["--max-manifest-bytes", String(maxManifestBytes)]
    }

    /// The env ref and Flux allowance flags as given (`--env-ref`, `--env-file`,
    /// `--allow-flux`), for a hint that repeats the command.
    var givenFlags: [String] {
        envRefs.flatMap { ["--env-ref", $0] } + envFiles.flatMap { ["--env-file", $0] } + allowFlux.flatMap { ["--allow-flux", $0] }
    }

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
            throw ValidationError(
                takesTarget
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
