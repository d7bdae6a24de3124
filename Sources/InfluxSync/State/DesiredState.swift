import Flux
import InfluxAPI

/// A label as the manifests declare it.
public struct DesiredLabel: Hashable, Sendable {
    /// `metadata.name`: the key associations refer to.
    public var key: String
    /// Display name (`spec.name`, defaulting to `metadata.name`), as sent to the server.
    public var name: String
    /// `spec.color` (`#rrggbb`), nil when not set.
    public var color: String?
    /// `spec.description`, nil when not set.
    public var description: String?
    /// `spec.id`: pins the label to a live label ID (16 lowercase hex digits), needed when the
    /// org holds several labels matching the name; nil when not pinned.
    public var pinnedID: String?
    /// `spec.previousNames` (trimmed): names under which the label may exist live; a match by
    /// one of them is renamed in place with one `PATCH /api/v2/labels/{id}` (§10.4).
    public var previousNames: [String]
    /// Where the document starts.
    public var location: SourceLocation

    /// Creates a declared label; not pinned and no previous names by default.
    public init(
        key: String, name: String, color: String? = nil, description: String? = nil, pinnedID: String? = nil,
        previousNames: [String] = [], location: SourceLocation
    ) {
        self.key = key
        self.name = name
        self.color = color
        self.description = description
        self.pinnedID = pinnedID
        self.previousNames = previousNames
        self.location = location
    }
}

/// A task as the manifests declare it.
public struct DesiredTask: Hashable, Sendable {
    /// `metadata.name`.
    public var key: String
    /// The `option task` record to run with (name = `spec.name`, defaulting to `metadata.name`).
    public var options: TaskOptions
    /// `spec.query` without any `option task` record (imports may lead).
    public var query: String
    /// The composed script sent to the server: imports, `option task`, body
    /// (`FluxScript.compose`).
    public var script: String
    /// InfluxDB Cloud script task (`spec.scriptID`, §15.1): the invokable script to run; then
    /// `query` and `script` are empty and name and schedule travel as JSON fields.
    public var scriptID: String?
    /// `spec.scriptParameters` of a script task; nil when none.
    public var scriptParameters: [String: ScriptParameterValue]?
    /// `spec.description`; nil when not set (the live description must then be empty).
    public var description: String?
    /// `active` (default) or `inactive`.
    public var status: TaskStatus
    /// Display names of the labels to associate (declared labels resolved to their `spec.name`;
    /// undeclared names are expected to exist live).
    public var labels: [String]
    /// `spec.id`: pins the task to a live ID.
    public var pinnedID: String?
    /// `spec.previousNames`: names under which the task may exist live (rename in place).
    public var previousNames: [String]
    /// Where the document starts.
    public var location: SourceLocation
    /// The literal buckets and secret keys the query names, located in the manifest (checked
    /// against the server by `ServerReferenceCheck`); empty for a script task.
    public var references: [ScriptReference] = []
    /// `script` as read at load when the load split it anyway (a `.flux` file); nil makes the
    /// planner use the live script's parse when the texts are the same bytes, and parse
    /// `script` itself otherwise.
    public var parsedScript: FluxScript?

    /// Equal when everything declared is equal. `references` and `parsedScript` are not
    /// compared: they are derived from `query` and `script` and so equal whenever those are.
    public static func == (a: DesiredTask, b: DesiredTask) -> Bool {
        a.key == b.key && a.options == b.options && a.query == b.query && a.script == b.script && a.scriptID == b.scriptID
            && a.scriptParameters == b.scriptParameters && a.description == b.description && a.status == b.status
            && a.labels == b.labels && a.pinnedID == b.pinnedID && a.previousNames == b.previousNames && a.location == b.location
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(query)
        hasher.combine(script)
        hasher.combine(location)
    }

    /// Creates a declared task; status `active`, no labels, pinned ID or previous names by default.
    public init(
        key: String, options: TaskOptions, query: String, script: String, scriptID: String? = nil,
        scriptParameters: [String: ScriptParameterValue]? = nil, description: String? = nil,
        status: TaskStatus = .active, labels: [String] = [], pinnedID: String? = nil,
        previousNames: [String] = [], location: SourceLocation
    ) {
        self.key = key
        self.options = options
        self.query = query
        self.script = script
        self.scriptID = scriptID
        self.scriptParameters = scriptParameters
        self.description = description
        self.status = status
        self.labels = labels
        self.pinnedID = pinnedID
        self.previousNames = previousNames
        self.location = location
    }

    /// The display name.
    public var name: String { options.name }
}

/// `active` or `inactive`.
public enum TaskStatus: String, Codable, Hashable, Sendable {
    case active, inactive
}

/// What the manifests declare, after validation: labels and tasks, in file order.
public struct DesiredState: Hashable, Sendable {
    /// Declared labels, in file order.
    public var labels: [DesiredLabel]
    /// Declared tasks, in file order.
    public var tasks: [DesiredTask]
    /// Creates a desired state; empty by default.
    public init(labels: [DesiredLabel] = [], tasks: [DesiredTask] = []) {
        self.labels = labels
        self.tasks = tasks
    }

    /// Label names that tasks associate but no declared label carries: accepted on trust when
    /// the manifests were resolved without the live label names, to be checked against them.
    /// Empty when every association names a declared label (resolving again with the live
    /// names would then give the same state).
    public var undeclaredLabelNames: Set<String> {
        let declared = Set(labels.map(\.name))
        return Set(tasks.lazy.flatMap(\.labels).filter { !declared.contains($0) })
    }

    /// Equal labels and tasks.
    public static func == (lhs: DesiredState, rhs: DesiredState) -> Bool {
        lhs.labels == rhs.labels && lhs.tasks == rhs.tasks
    }

    /// Hashes the labels and tasks.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels)
        hasher.combine(tasks)
    }
}
