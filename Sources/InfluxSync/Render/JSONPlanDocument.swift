import InfluxAPI

/// The JSON form of a `Plan` that `plan --format json` prints, documented by
/// `schemas/plan.schema.json`. Field names are stable; every key is always present (absent
/// values are `null`), so consumers can rely on the shape. Public so that a document holding
/// plans (`plan --all-targets --format json`) encodes them as values, not as text.
public struct JSONPlanDocument: Encodable {
    /// Bumped only when a field is removed or changes meaning.
    static let formatVersion = 1

    let plan: Plan
    /// False to leave the `changes` key out (`JSONPlanRenderer` writes it change by change).
    var includeChanges = true

    /// The document of `plan`; `includeChanges` false leaves the `changes` key out.
    public init(plan: Plan, includeChanges: Bool = true) {
        self.plan = plan
        self.includeChanges = includeChanges
    }

    enum Keys: String, CodingKey {
        case formatVersion, orgID, ownerLabel, hasChanges, summary, changes, unmanaged, findings, ignored
    }

    /// Writes every key (absent values as `null`).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(Self.formatVersion, forKey: .formatVersion)
        try c.encode(plan.orgID, forKey: .orgID)
        try c.encode(plan.ownerLabel, forKey: .ownerLabel)
        try c.encode(!plan.isEmpty, forKey: .hasChanges)
        try c.encode(JSONSummary(summary: plan.summary), forKey: .summary)
        if includeChanges { try c.encode(plan.changes.map(JSONChange.init), forKey: .changes) }
        try c.encode(plan.unmanaged.map(JSONResource.init), forKey: .unmanaged)
        try c.encode(plan.findings.map(JSONFinding.init), forKey: .findings)
        try c.encode((plan.ignored ?? []).map(JSONIgnoredResource.init), forKey: .ignored)
    }
}

/// A script finding: `{"severity", "code", "task", "file", "line", "column", "message", "suggestion"}`.
struct JSONFinding: Encodable {
    let finding: ScriptFinding
    enum Keys: String, CodingKey { case severity, code, task, file, line, column, message, suggestion }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(finding.severity.rawValue, forKey: .severity)
        try c.encode(finding.code.rawValue, forKey: .code)
        try c.encode(finding.task, forKey: .task)
        try c.encode(finding.location.file, forKey: .file)
        try c.encode(finding.location.line, forKey: .line)
        try c.encode(finding.location.column, forKey: .column)
        try c.encode(finding.message, forKey: .message)
        try c.encode(finding.suggestion, forKey: .suggestion)
    }
}

/// A resource with differences an `ignore` policy keeps live: `resource`, and `fields`
/// [{`field`, `live`, `manifest`, `rule`}].
struct JSONIgnoredResource: Encodable {
    let entry: IgnoredResource
    init(_ entry: IgnoredResource) { self.entry = entry }
    enum Keys: String, CodingKey { case resource, fields }
    enum FieldKeys: String, CodingKey { case field, live, manifest, rule }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(JSONResource(entry.resource), forKey: .resource)
        var fields = c.nestedUnkeyedContainer(forKey: .fields)
        for difference in entry.fields {
            var f = fields.nestedContainer(keyedBy: FieldKeys.self)
            try f.encode(difference.field, forKey: .field)
            try f.encode(difference.live, forKey: .live)
            try f.encode(difference.manifest, forKey: .manifest)
            try f.encode(difference.rule, forKey: .rule)
        }
    }
}

struct JSONSummary: Encodable {
    let summary: PlanSummary
    enum Keys: String, CodingKey { case add, change, destroy, adopt, wouldPrune, kept, convert }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(summary.add, forKey: .add)
        try c.encode(summary.change, forKey: .change)
        try c.encode(summary.destroy, forKey: .destroy)
        try c.encode(summary.adopt, forKey: .adopt)
        try c.encode(summary.wouldPrune, forKey: .wouldPrune)
        try c.encode(summary.kept, forKey: .kept)
        try c.encode(summary.convert, forKey: .convert)
    }
}

struct JSONResource: Encodable {
    let ref: ResourceRef
    init(_ ref: ResourceRef) { self.ref = ref }
    enum Keys: String, CodingKey { case kind, name, id, location }
    enum LocationKeys: String, CodingKey { case file, line, column }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(ref.kind.rawValue, forKey: .kind)
        try c.encode(ref.name, forKey: .name)
        try c.encode(ref.id, forKey: .id)
        if let location = ref.location {
            var l = c.nestedContainer(keyedBy: LocationKeys.self, forKey: .location)
            try l.encode(location.file, forKey: .file)
            try l.encode(location.line, forKey: .line)
            try l.encode(location.column, forKey: .column)
        } else {
            try c.encodeNil(forKey: .location)
        }
    }
}

struct JSONFieldChange: Encodable {
    let change: FieldChange
    enum Keys: String, CodingKey { case field, old, new }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(change.field, forKey: .field)
        try c.encode(change.old, forKey: .old)
        try c.encode(change.new, forKey: .new)
    }
}

struct JSONChange: Encodable {
    let change: ResourceChange
    init(_ change: ResourceChange) { self.change = change }
    enum Keys: String, CodingKey { case action, resource, fields, fluxDiff, labelsAdded, labelsRemoved, operations, duplicateOf, unmanagedTasks, protectedBy, conversion }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(change.action.rawValue, forKey: .action)
        try c.encode(JSONResource(change.resource), forKey: .resource)
        try c.encode(change.fields.map(JSONFieldChange.init), forKey: .fields)
        try c.encode(change.fluxDiff, forKey: .fluxDiff)
        try c.encode(change.labelsAdded, forKey: .labelsAdded)
        try c.encode(change.labelsRemoved, forKey: .labelsRemoved)
        try c.encode(change.operations.map { JSONOperation($0, phase: change.phase(of: $0)) }, forKey: .operations)
        try c.encodeIfPresent(change.duplicateOf, forKey: .duplicateOf)
        try c.encodeIfPresent(change.unmanagedTasks?.map(JSONResource.init), forKey: .unmanagedTasks)
        try c.encodeIfPresent(change.protectedBy, forKey: .protectedBy)
        try c.encodeIfPresent(change.conversion, forKey: .conversion)
    }
}

/// One request: `phase`, `method`, `path` (with `{new task "x"}` placeholders for IDs created
/// earlier in the same apply) and the exact JSON `body`, `null` for DELETE.
struct JSONOperation: Encodable {
    let operation: PlannedOperation
    /// The phase apply sends it in (`ResourceChange.phase(of:)`).
    let phase: Phase
    init(_ operation: PlannedOperation, phase: Phase) {
        self.operation = operation
        self.phase = phase
    }
    enum Keys: String, CodingKey { case phase, method, path, body }
    struct LabelIDBody: Encodable { let labelID: String }

    static func phaseName(_ phase: Phase) -> String {
        switch phase {
        case .labels: "labels"
        case .tasks: "tasks"
        case .associations: "associations"
        case .taskDeletes: "taskDeletes"
        case .labelDeletes: "labelDeletes"
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(Self.phaseName(phase), forKey: .phase)
        try c.encode(operation.method, forKey: .method)
        try c.encode(operation.path, forKey: .path)
        switch operation {
        case .createLabel(let body): try c.encode(body, forKey: .body)
        case .updateLabel(_, let body): try c.encode(body, forKey: .body)
        case .createTask(_, let body): try c.encode(body, forKey: .body)
        case .updateTask(_, let body): try c.encode(body, forKey: .body)
        case .addTaskLabel(_, let label): try c.encode(LabelIDBody(labelID: label.description), forKey: .body)
        case .deleteLabel, .deleteTask, .removeTaskLabel: try c.encodeNil(forKey: .body)
        }
    }
}
