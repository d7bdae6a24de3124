import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// `influxsync export --out DIR`: writes the org's tasks and labels as manifests.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the org's tasks and labels as manifests (bring an existing org into git).",
        discussion: """
            Reads the org (only GET requests) and writes template-format manifests: labels.yaml \
            with the labels, and tasks/<name>.yaml per task (the query as a literal block without \
            its option task record; every/cron, offset, concurrency, retry, description, status and \
            labels as fields). A plan of the exported files only adopts the tasks and labels; after \
            apply, plan says No changes. Never writes over an existing file unless --force. \
            --out - writes every document as one YAML stream to standard output (the summary goes \
            to standard error), e.g. to review or pipe it.
            """
    )

    @Option(help: ArgumentHelp("Directory to write the manifests to (created when missing), or - for standard output (one YAML stream).", valueName: "dir"))
    var out: String

    @OptionGroup var connection: ConnectionOptions

    @Option(
        name: .customLong("owner-label"),
        help: ArgumentHelp("Name of the label that marks resources influxsync manages (never exported; default: the target's ownerLabel, else influxsync).", valueName: "name"))
    var ownerLabel: String?

    @Option(help: ArgumentHelp("yaml (template manifests) or flux (one .flux file per task, option task record included).", valueName: "format"))
    var format: ExportOptions.Format = .yaml

    @Flag(name: .customLong("single-file"), help: "Write every document into one manifests.yaml (yaml format only).")
    var singleFile = false

    @Option(name: .customLong("label"), help: ArgumentHelp("Only tasks carrying this label; repeatable (any of them).", valueName: "name"))
    var labels: [String] = []

    @Option(name: .customLong("name-regex"), help: ArgumentHelp("Only tasks whose name matches this regular expression.", valueName: "regex"))
    var nameRegex: String?

    @Flag(help: "Only tasks that carry the owner label.")
    var owned = false

    @Flag(help: "Only tasks that do not carry the owner label.")
    var unowned = false

    @Flag(help: "Write over existing files.")
    var force = false

    func validate() throws {
        // An unset variable in `--out "$DIR"` must not export into the working directory.
        if out.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--out is empty; name the directory to write to, e.g. --out manifests.") }
        if owned && unowned { throw ValidationError("--owned and --unowned cannot be used together.") }
        if singleFile && format == .flux { throw ValidationError("--single-file cannot be used with --format flux.") }
        if toStandardOutput && format == .flux { throw ValidationError("--out - writes one YAML stream; it cannot be used with --format flux.") }
    }

    /// `--out -`: one YAML stream on standard output.
    private var toStandardOutput: Bool { out == "-" }

    func run() async throws {
        let console = Console()
        let target = try TargetSelection.selected(connection)
        let settings = try ConnectionSettings.resolve(connection, environment: console.environment, target: target)
        let live = try await Session.with(settings, console: console) { session in
            do {
                return try await LiveStateFetcher.fetch(client: session.client, org: session.org)
            } catch let error as InfluxAPIError {
                throw CommandFailure("cannot read the live state: \(APIErrorText.describe(error, settings: session.settings))")
            }
        }
        let options = ExportOptions(
            format: format, singleFile: singleFile || toStandardOutput, labels: labels, namePattern: nameRegex,
            ownership: owned ? .owned : unowned ? .unowned : .all, ownerLabel: ownerLabel ?? target?.ownerLabel ?? "influxsync")
        let result: ExportResult
        do {
            result = try ManifestExporter.export(live, options: options)
        } catch {
            throw CommandFailure(error.description, hint: error.hint)
        }
        let summary = "Exported \(result.taskCount) task\(result.taskCount == 1 ? "" : "s") and \(result.labelCount) label\(result.labelCount == 1 ? "" : "s")"
        if toStandardOutput {
            for file in result.files { console.outputVerbatim(file.contents) }
            for note in result.notes { console.error("note: \(note)") }
            console.error(summary + " to standard output.")
            return
        }
        try ExportWriter.write(result.files, to: out, force: force)
        for note in result.notes { console.error("note: \(note)") }
        // Every manifest under the directory is planned with the export: a file an earlier
        // export wrote for a task deleted since would create it again, and a repository's own
        // files would declare the exported resources twice.
        let others = ExportWriter.otherManifests(in: out, written: result.files)
        if !others.isEmpty {
            let list = others.prefix(5).map(DisplayText.escaped).joined(separator: ", ") + (others.count > 5 ? " and \(others.count - 5) more" : "")
            console.error(
                "warning: \(others.count) manifest file\(others.count == 1 ? "" : "s") in \(DisplayText.escaped(out)) \(others.count == 1 ? "was" : "were") not written by this export and \(others.count == 1 ? "is" : "are") planned with it: \(list)\n  hint: delete what the export replaces (a file of a task deleted since would create it again), or export into an empty directory"
            )
        }
        let files = result.files.count == 1 ? "1 file" : "\(result.files.count) files"
        console.output(summary + " to \(out) (\(files)).")
        if result.taskCount > 0 {
            // The complete command (connection flags as given, never the token).
            var next = ["influxsync", "plan", out] + connection.givenFlags
            if let config = connection.config { next += ["--config", config] }
            if let target = connection.target { next += ["--target", target] }
            if let ownerLabel { next += ["--owner-label", ownerLabel] }
            console.output("Next: \(ShellWords.join(next))   (the plan adopts them; apply makes them managed)")
        }
    }
}

extension ExportOptions.Format: ExpressibleByArgument {}

/// Writes exported files, refusing before the first write when any would be overwritten.
enum ExportWriter {
    /// The manifest files under `directory` that `plan DIRECTORY` reads (its own walk,
    /// `ManifestLoader.manifestFiles(under:)`: links followed, hidden entries skipped),
    /// relative to it and sorted, that are not among `written`.
    static func otherManifests(in directory: String, written: [ExportedFile]) -> [String] {
        let prefix = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let writtenPaths = Set(written.map(\.path))
        return ManifestLoader.manifestFiles(under: directory).map { String($0.dropFirst(prefix.count + 1)) }.filter { !writtenPaths.contains($0) }
    }

    /// Creates `directory` and subfolders as needed and writes every file.
    /// - Throws: `CommandFailure` naming every existing file (without `force`), or the path that
    ///   could not be written.
    static func write(_ files: [ExportedFile], to directory: String, force: Bool) throws {
        let manager = FileManager.default
        let base = URL(fileURLWithPath: directory)
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: base.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CommandFailure("--out \(directory) is a file, not a directory", hint: "choose a directory, e.g. --out manifests")
        }
        // A symbolic link counts as existing even when it dangles (`fileExists` follows links,
        // and the write would have replaced a dangling one without --force).
        let existing = files.map { base.appendingPathComponent($0.path).path }.filter {
            manager.fileExists(atPath: $0) || (try? manager.destinationOfSymbolicLink(atPath: $0)) != nil
        }
        if !existing.isEmpty && !force {
            let list = existing.prefix(5).joined(separator: ", ") + (existing.count > 5 ? " and \(existing.count - 5) more" : "")
            throw CommandFailure(
                "\(existing.count) file\(existing.count == 1 ? "" : "s") already exist\(existing.count == 1 ? "s" : ""): \(list); nothing was written",
                hint: "export into an empty directory, or pass --force to overwrite them")
        }
        for file in files {
            let url = base.appendingPathComponent(file.path)
            do {
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url, options: .atomic)
            } catch {
                throw CommandFailure("cannot write \(url.path): \(FileProblem.describe(path: url.path))", hint: "check that the directory is writable")
            }
        }
    }
}
