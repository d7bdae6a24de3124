import InfluxAPI

/// A reference to a resource's live ID that may not exist until an earlier operation of the
/// same apply has created it.
public enum IDRef: Codable, Hashable, Sendable, CustomStringConvertible {
    /// A known live ID.
    case id(String)
    /// The label this apply creates with that display name.
    case newLabel(String)
    /// The task this apply creates from the manifest with that `metadata.name`.
    case newTask(String)

    /// The ID, or `{new label "x"}` / `{new task "x"}`.
    public var description: String {
        switch self {
        case .id(let id): id
        case .newLabel(let name): "{new label \(DisplayText.quoted(name))}"
        case .newTask(let key): "{new task \(DisplayText.quoted(key))}"
        }
    }
}

/// Apply phases, in the order they run (design.md "Phases"): labels created/updated, tasks
/// created/updated, associations, tasks deleted, labels deleted. `ResourceChange.phase(of:)`
/// puts a created task's owner label in the tasks phase, straight after the create.
public enum Phase: Int, Codable, Hashable, Sendable, Comparable {
    case labels = 1, tasks = 2, associations = 3, taskDeletes = 4, labelDeletes = 5

    /// Orders phases by the order they run in.
    public static func < (a: Phase, b: Phase) -> Bool { a.rawValue < b.rawValue }
}

/// One API call of a plan, with its exact body.
public enum PlannedOperation: Codable, Hashable, Sendable {
    /// `POST /api/v2/labels`.
    case createLabel(LabelCreateRequest)
    /// `PATCH /api/v2/labels/{id}`.
    case updateLabel(id: String, LabelUpdateRequest)
    /// `DELETE /api/v2/labels/{id}`.
    case deleteLabel(id: String)
    /// `POST /api/v2/tasks`; `key` is the manifest's `metadata.name` (what `IDRef.newTask` names).
    case createTask(key: String, TaskCreateRequest)
    /// `PATCH /api/v2/tasks/{id}`.
    case updateTask(id: String, TaskUpdateRequest)
    /// `DELETE /api/v2/tasks/{id}`.
    case deleteTask(id: String)
    /// `POST /api/v2/tasks/{task}/labels` with `{"labelID": label}`.
    case addTaskLabel(task: IDRef, label: IDRef)
    /// `DELETE /api/v2/tasks/{task}/labels/{label}`.
    case removeTaskLabel(task: String, label: String)

    /// The phase the operation runs in.
    public var phase: Phase {
        switch self {
        case .createLabel, .updateLabel: .labels
        case .createTask, .updateTask: .tasks
        case .addTaskLabel, .removeTaskLabel: .associations
        case .deleteTask: .taskDeletes
        case .deleteLabel: .labelDeletes
        }
    }

    /// HTTP method.
    public var method: String {
        switch self {
        case .createLabel, .createTask, .addTaskLabel: "POST"
        case .updateLabel, .updateTask: "PATCH"
        case .deleteLabel, .deleteTask, .removeTaskLabel: "DELETE"
        }
    }

    /// Request path, with `IDRef` placeholders printed as `{new task "x"}`.
    public var path: String {
        switch self {
        case .createLabel: "/api/v2/labels"
        case .updateLabel(let id, _), .deleteLabel(let id): "/api/v2/labels/\(id)"
        case .createTask: "/api/v2/tasks"
        case .updateTask(let id, _), .deleteTask(let id): "/api/v2/tasks/\(id)"
        case .addTaskLabel(let task, _): "/api/v2/tasks/\(task)/labels"
        case .removeTaskLabel(let task, let label): "/api/v2/tasks/\(task)/labels/\(label)"
        }
    }
}
