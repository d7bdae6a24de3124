import Flux
import Foundation
import InfluxAPI
import Yams

/// Turns the live state of an org into manifests (`influxsync export`). Pure: no I/O.
///
/// Tasks are taken in name order (ties by ID) and written with `spec.name`, `description`,
/// `every` or `cron`, `offset` (when not zero), `concurrency`, `retry`, `status`,
/// `associations` and `query` (imports and body, without the `option task` record), so that
/// loading them back gives the same options (by value), body (as tokens), description,
/// status and labels: a plan of the exported files only adopts. Tasks sharing a display name
/// with any task of the org are pinned with `spec.id` (written as YAML even with `--format
/// flux`: a `.flux` file cannot hold an ID). Script tasks and tasks whose name holds a line
/// break are skipped with a note. Labels are written with `spec.name`, `color` and
/// `description`; other properties are left on the server (a plan never removes them). Owner
/// labels (the `influxsync.role: owner-label` property) are never exported.
public enum ManifestExporter {
    /// Name of the one file of `--single-file`.
    public static let singleFileName = "manifests.yaml"
    /// Name of the labels file.
    public static let labelsFileName = "labels.yaml"
    /// Folder of the task files.
    public static let tasksFolder = "tasks"

    /// Exports `live`.
    /// - Throws: `ExportError` for an invalid `--name-regex` or `--single-file` with the flux format.
    public static func export(_ live: LiveState, options: ExportOptions) throws(ExportError) -> ExportResult {
        if options.singleFile && options.format == .flux {
            throw ExportError(
                description: "--single-file cannot be used with --format flux (one .flux file holds one task)",
                hint: "drop --single-file, or use --format yaml")
        }
        let pattern = try namePattern(options.namePattern)
        var notes: [String] = []
        let tasks = selectTasks(live, options: options, pattern: pattern, notes: &notes)
        let labels = labelDocuments(live.labels, carriedBy: tasks, options: options, notes: &notes)
        // A name shared with any live task, exported or not, needs its ID pinned: the plan
        // matches names against every task of the org.
        let sharedNames = Set(Dictionary(grouping: live.tasks, by: \.name).filter { $0.value.count > 1 }.keys)
        let written = try taskOutputs(tasks, labelKeys: labels.keys, sharedNames: sharedNames, options: options, notes: &notes)
        let files = try exportedFiles(
            labelDocuments: labels.documents, taskDocuments: written.documents, taskFiles: written.files,
            singleFile: options.singleFile)
        return ExportResult(files: files, taskCount: written.count, labelCount: labels.documents.count, notes: notes)
    }
}

extension String {
    /// The text ending with exactly one line break.
    var withFinalLineBreak: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text + "\n"
    }
}
