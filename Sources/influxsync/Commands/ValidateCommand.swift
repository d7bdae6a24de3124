import ArgumentParser
import InfluxSync

/// `influxsync validate PATHS…`: checks manifests without contacting a server.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check manifests offline and report every error with file:line:column.",
        discussion: """
            Exits 0 when the manifests are valid, 1 otherwise. Associations that name a label no \
            manifest declares are accepted here (the label may exist on the server); plan and apply \
            check them against the live labels. --format json (schemas/validate.schema.json), \
            sarif (SARIF 2.1.0, for code scanning) or junit (JUnit XML, for CI test reports) print \
            one document on standard output instead of the text lines.
            """
    )

    /// What `validate` prints.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, junit
    }

    @OptionGroup var manifests: ManifestOptions

    @Option(help: ArgumentHelp("Output format: text, json, sarif or junit.", valueName: "format"))
    var format: Format = .text

    @Option(
        help: ArgumentHelp(
            "Check with this target of influxsync.yaml: its env refs, allowFlux names and (when no path is given) manifests, as plan --target reads them.",
            valueName: "name"))
    var target: String?

    @Option(help: ArgumentHelp("The targets file (default: influxsync.yaml in the current directory).", valueName: "file"))
    var config: String?

    func validate() throws {
        try manifests.requirePaths(target: target)
        if config != nil && target == nil { throw ValidationError("--config names the targets file of --target; pass --target NAME too.") }
    }

    func run() async throws {
        // A target's env refs and allowFlux names, so a repository that plans with --target
        // validates with it (a pre-commit hook needs no server).
        var command = self
        command.manifests = manifests.applying(try TargetSelection.selected(file: config, target: target))
        try await command.check()
    }

    private func check() async throws {
        let console = Console()
        if format != .text { return try report(console: console) }
        let desired = try ManifestCheck.load(manifests, liveLabelNames: nil, console: console)
        let labels = desired.labels.count, tasks = desired.tasks.count
        console.output("Manifests are valid: \(labels) \(labels == 1 ? "label" : "labels"), \(tasks) \(tasks == 1 ? "task" : "tasks").")
    }

    /// Prints the machine-readable document; exit 1 when any diagnostic is an error.
    private func report(console: Console) throws {
        // A missing path is a diagnostic of the document (the loader's), not a bare error:
        // these formats always print one document.
        let parsed = try ManifestCheck.parse(manifests)
        let result = ManifestLoader.resolve(parsed, liveLabelNames: nil)
        let report = ValidationReport(
            files: parsed.files, diagnostics: result.diagnostics,
            labelCount: result.desired?.labels.count ?? 0, taskCount: result.desired?.tasks.count ?? 0)
        switch format {
        case .json: console.outputRaw(report.json())
        case .sarif: console.outputRaw(report.sarif(version: BuildInfo.version))
        case .junit: console.outputRaw(report.junit())
        case .text: break
        }
        if result.hasErrors { throw ExitCode.failure }
    }
}
