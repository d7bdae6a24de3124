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
        check them against the live labels.
        """
    )

    @OptionGroup var manifests: ManifestOptions

    func validate() throws {
        try manifests.requirePaths(target: nil, takesTarget: false)
    }

    func run() async throws {
        let console = Console()
        let desired = try ManifestCheck.load(manifests, liveLabelNames: nil, console: console)
        let labels = desired.labels.count, tasks = desired.tasks.count
        console.output("Manifests are valid: \(labels) \(labels == 1 ? "label" : "labels"), \(tasks) \(tasks == 1 ? "task" : "tasks").")
    }
}
