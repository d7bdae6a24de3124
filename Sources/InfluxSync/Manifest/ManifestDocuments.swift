import Flux
import InfluxAPI

/// A value read from a manifest together with where it was written.
struct Located<Value> {
    var value: Value
    var location: SourceLocation
    /// Dotted field path (`spec.name`).
    var field: String
}

extension Located: Sendable where Value: Sendable {}

/// A `kind: Label` document after per-document validation.
struct LabelDocument: Sendable {
    var key: Located<String>
    /// Display name: `spec.name` (or `metadata.name`), trimmed as InfluxDB trims label names.
    var name: Located<String>
    var color: String?
    var description: String?
    /// `spec.id` (ours): the live label ID this label is pinned to, lowercased.
    var pinnedID: Located<String>? = nil
    /// `spec.previousNames`, trimmed.
    var previousNames: [String] = []
    var location: SourceLocation
}

/// A `kind: Task` document (or `.flux` file) after per-document validation.
struct TaskDocument: Sendable {
    var key: Located<String>
    /// Nil when the options could not be resolved (an error was reported).
    var options: TaskOptions?
    /// Where the display name comes from (for duplicate-name errors).
    var nameLocation: SourceLocation
    var query: String
    var script: String?
    /// InfluxDB Cloud script task: the invokable script's ID (`spec.scriptID`).
    var scriptID: String? = nil
    /// `spec.scriptParameters`.
    var scriptParameters: [String: ScriptParameterValue]? = nil
    var description: String?
    var status: TaskStatus
    /// `metadata.name`s of associated labels, as written.
    var associations: [Located<String>]
    var pinnedID: Located<String>?
    var previousNames: [String]
    var location: SourceLocation
    /// The script's literal bucket and secret references (for `ServerReferenceCheck`).
    var references: [ScriptReference] = []
    /// The script as split at load (`.flux` files, `FluxScriptReading.script`), for the
    /// planner; nil for a manifest's task (the planner reads what it needs, `TaskDiff`).
    var parsedScript: FluxScript? = nil
    /// The ticket of the script's checks in the load's `ScriptCheckQueue`, until they have run
    /// (`finish(into:)` fills `references` and clears this).
    var scriptCheck: Int? = nil
}

/// All documents of all sources, before cross-document checks.
struct ManifestDocuments: Sendable {
    var labels: [LabelDocument] = []
    var tasks: [TaskDocument] = []
    /// Kinds we skipped (as written), one entry per document.
    var skippedKinds: [String] = []
    /// Sources skipped as a whole because they hold no resources (a file found in a directory
    /// that is not a template, a `.flux` file without `option task`), by path.
    var skippedSources: [String] = []
}
