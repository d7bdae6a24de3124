import ArgumentParser
import Foundation
import InfluxSync

/// Loads and validates manifests, printing every diagnostic to standard error.
enum ManifestCheck {
    /// Loads `options.paths` and prints each diagnostic (errors, warnings and notes) in its
    /// `description` form, one after another, to standard error.
    /// - Parameter liveLabelNames: names of live labels an association may use without
    ///   declaring them; nil when no server was asked (then that check is the planner's).
    /// - Returns: the desired state.
    /// - Throws: `ExitCode.failure` after printing `N error(s) in the manifests.` when any
    ///   diagnostic is an error.
    static func load(_ options: ManifestOptions, liveLabelNames: Set<String>?, console: Console, printNotes: Bool = true) throws -> DesiredState {
        try resolve(try parse(options), liveLabelNames: liveLabelNames, console: console, printNotes: printNotes)
    }

    /// Reads and parses `options.paths` once (`ManifestLoader.parse`), for `resolve` to use
    /// before and after the live state is known.
    /// - Throws: `CommandFailure` when no manifest path was given (neither on the command line
    ///   nor by the target) or an `--env-file` cannot be read.
    static func parse(_ options: ManifestOptions) throws -> ManifestLoader.Parsed {
        let inputs = try inputs(options)
        return ManifestLoader.parse(
            paths: inputs.paths, envRefs: inputs.envRefs, readStandardInput: readAllStandardInput, limits: inputs.limits,
            fluxAllowances: inputs.fluxAllowances)
    }

    /// The manifest part of the pipeline's inputs (`PlanInputs`: paths, env refs with the env
    /// files read, limits, Flux allowances), the rest at its defaults; what `parse` reads with.
    /// - Throws: `CommandFailure` when no manifest path was given (neither on the command line
    ///   nor by the target) or an `--env-file` cannot be read.
    static func inputs(_ options: ManifestOptions) throws -> PlanInputs {
        if options.paths.isEmpty {
            throw CommandFailure(
                "no manifests given",
                hint: "pass files or directories (e.g. influxsync plan manifests/), or a --target whose `manifests:` lists them")
        }
        return PlanInputs(
            paths: options.paths, envRefs: try options.resolvedEnvRefs(), limits: options.limits, fluxAllowances: Set(options.allowFlux))
    }

    /// `load`, on manifests already parsed.
    static func resolve(_ parsed: ManifestLoader.Parsed, liveLabelNames: Set<String>?, console: Console, printNotes: Bool = true) throws -> DesiredState {
        try report(ManifestLoader.resolve(parsed, liveLabelNames: liveLabelNames), console: console, printNotes: printNotes)
    }

    /// Prints each diagnostic of `result` (only errors without `printNotes`) and annotates it
    /// in CI; returns the desired state.
    /// - Throws: `ExitCode.failure` after printing `N error(s) in the manifests.` when any
    ///   diagnostic is an error.
    static func report(_ result: ManifestLoader.Result, console: Console, printNotes: Bool = true) throws -> DesiredState {
        for diagnostic in result.diagnostics where printNotes || diagnostic.severity == .error {
            console.error(diagnostic.description)
        }
        CIIntegration.annotate(result.diagnostics.filter { printNotes || $0.severity == .error }, console: console)
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        guard errors == 0, let desired = result.desired else {
            console.error("\(errors) \(errors == 1 ? "error" : "errors") in the manifests.")
            throw ExitCode.failure
        }
        return desired
    }

    /// Standard input, read once and kept (so that `-` can be loaded twice: before and after
    /// the live state is known).
    private static let standardInput = StandardInputCache()

    /// Standard input, read on first use and kept (`-` may be read more than once).
    static func readAllStandardInput() -> String { standardInput.text }
}

/// Reads standard input the first time it is asked and remembers it.
private final class StandardInputCache: @unchecked Sendable {
    private let lock = NSLock()
    private var cached: String?

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let text = String(decoding: data, as: UTF8.self)
        cached = text
        return text
    }
}
