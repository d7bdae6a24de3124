/// The result of `Planner.plan`: an ordered list of changes, each with its field-level diffs and
/// the exact API operations `Applier` will send, in phase order (design.md "How changes are
/// sent"). A `Plan` is a plain value: renderers print it, `Applier` executes it, and a saved
/// plan is this value encoded as JSON.
public struct Plan: Codable, Hashable, Sendable {
    /// Org the plan was computed for.
    public var orgID: String
    /// Name of the owner label that marks managed resources.
    public var ownerLabel: String
    /// Changes that will be made (or, for `.wouldPrune`, that `--prune` would make), in the
    /// order their first operation is sent.
    public var changes: [ResourceChange]
    /// Live tasks no manifest declares and that are not owned: reported, never touched.
    public var unmanaged: [ResourceRef]
    /// Findings of the checks of the task scripts that do not stop the plan (warnings, such as
    /// a bucket a task names that the org lacks); errors stop before a plan is made. Printed by
    /// every renderer; kept by saved plans (absent in older ones: none).
    public var findings: [ScriptFinding] = []
    /// Resources with differences an `ignore` policy leaves to the live value (shown, never
    /// sent), in plan order; nil when there are none (and in plans saved before policies).
    public var ignored: [IgnoredResource]?

    private enum CodingKeys: String, CodingKey { case orgID, ownerLabel, changes, unmanaged, findings, ignored }

    /// Decodes a plan; a plan saved before findings or policies existed has none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        orgID = try c.decode(String.self, forKey: .orgID)
        ownerLabel = try c.decode(String.self, forKey: .ownerLabel)
        changes = try c.decode([ResourceChange].self, forKey: .changes)
        unmanaged = try c.decode([ResourceRef].self, forKey: .unmanaged)
        findings = try c.decodeIfPresent([ScriptFinding].self, forKey: .findings) ?? []
        ignored = try c.decodeIfPresent([IgnoredResource].self, forKey: .ignored)
    }

    /// Creates a plan; no changes, unmanaged tasks or ignored differences by default.
    public init(
        orgID: String, ownerLabel: String, changes: [ResourceChange] = [], unmanaged: [ResourceRef] = [],
        ignored: [IgnoredResource]? = nil
    ) {
        self.orgID = orgID
        self.ownerLabel = ownerLabel
        self.changes = changes
        self.unmanaged = unmanaged
        self.ignored = ignored
    }

    /// Every operation of every change in the order apply sends them one at a time: by the
    /// phase each runs in (`ResourceChange.phase(of:)`), then in plan order.
    public var operations: [PlannedOperation] {
        changes.flatMap { change in change.operations.map { (phase: change.phase(of: $0), operation: $0) } }
            .enumerated()
            .sorted { ($0.element.phase, $0.offset) < ($1.element.phase, $1.offset) }
            .map(\.element.operation)
    }

    /// True when applying would send no request.
    public var isEmpty: Bool { changes.allSatisfy { $0.operations.isEmpty } }

    /// Counts for the closing line `Plan: N to add, N to change, N to destroy.`
    public var summary: PlanSummary {
        var s = PlanSummary()
        for c in changes {
            switch c.action {
            case .create: s.add += 1
            case .update: s.change += 1
            case .adopt: s.change += 1; s.adopt += 1
            case .delete: s.destroy += 1
            case .convert: s.add += 1; s.destroy += 1; s.convert += 1
            case .wouldPrune: s.wouldPrune += 1
            case .kept: s.kept += 1
            }
        }
        return s
    }
}

/// Counts of a plan's changes by action. An adoption counts as a change and as an adopt; a
/// conversion as an add, a destroy and a convert.
public struct PlanSummary: Codable, Hashable, Sendable {
    /// Resources to create.
    public var add = 0
    /// Resources to update, adoptions included.
    public var change = 0
    /// Resources to delete (`--prune`).
    public var destroy = 0
    /// Resources to adopt (also counted in `change`).
    public var adopt = 0
    /// Owned, undeclared resources `--prune` would delete (no operation).
    public var wouldPrune = 0
    /// Owned, undeclared labels kept because unmanaged tasks carry them (no operation).
    public var kept = 0
    /// Tasks converted between a Cloud script task and a Flux task (each also counted once in
    /// `add` and once in `destroy`: the task is replaced).
    public var convert = 0
    /// Creates all-zero counts.
    public init() {}
}

/// Which kind of resource a change is about.
public enum ResourceKind: String, Codable, Hashable, Sendable {
    case label = "Label"
    case task = "Task"
}

/// Names one resource: its kind, display name, live ID when it exists, and the manifest that
/// declares it when there is one.
public struct ResourceRef: Codable, Hashable, Sendable {
    /// Label or task.
    public var kind: ResourceKind
    /// Display name.
    public var name: String
    /// Live ID (16 lowercase hex digits); nil when the resource does not exist yet.
    public var id: String?
    /// Where the declaring manifest document starts; nil when no manifest declares it.
    public var location: SourceLocation?

    /// Creates a resource reference.
    public init(kind: ResourceKind, name: String, id: String? = nil, location: SourceLocation? = nil) {
        self.kind = kind
        self.name = name
        self.id = id
        self.location = location
    }
}

/// One resource's change.
public struct ResourceChange: Codable, Hashable, Sendable {
    /// The phase `operation` of this change runs in: `PlannedOperation.phase`, except the
    /// owner label of a task this change creates (the first label its operations attach),
    /// which is attached straight after the create, in the tasks phase — a failure later in
    /// the apply then never leaves an unowned task that the next plan would call an adoption.
    /// The plan's JSON and the applier both use it, so the plan says when each request is sent.
    public func phase(of operation: PlannedOperation) -> Phase {
        if case .addTaskLabel(.newTask, _) = operation, action == .create || action == .convert,
            let first = operations.first(where: { if case .addTaskLabel = $0 { true } else { false } }),
            first == operation
        {
            return .tasks
        }
        return operation.phase
    }

    /// What happens to the resource (definitions relative to the owner label).
    public enum Action: String, Codable, Hashable, Sendable {
        /// Not live: will be created.
        case create
        /// Live and owned, differs: will be PATCHed and/or have associations changed.
        case update
        /// Live, matches a manifest, not owned: the owner label will be attached (plus any
        /// update the manifest requires).
        case adopt
        /// Owned, declared by no manifest, `--prune` given: will be deleted. Also an owned
        /// duplicate of a declared task (`duplicateOf` set).
        case delete
        /// Owned, declared by no manifest, no `--prune`: reported only, no operation. Also an
        /// owned duplicate of a declared task (`duplicateOf` set).
        case wouldPrune = "would-prune"
        /// An owned label no manifest declares that unmanaged tasks still carry (listed in
        /// `unmanagedTasks`): kept, with or without `--prune`, so that their tasks keep it;
        /// no operation. `--prune-labels-in-use` makes it a `delete` / `wouldPrune` instead.
        case kept
        /// A declared task whose live match is the other kind — a Cloud script task declared as
        /// a Flux task, or the reverse (`conversion` says which): the task is replaced, created
        /// anew and the live one deleted. Refused unless `--allow-conversion`.
        case convert

        /// The mark every renderer shows before the resource: `+` create, `~` update or adopt,
        /// `-` delete, `?` would prune, `=` kept, `-/+` convert (replaced, as Terraform marks it).
        public var symbol: String {
            switch self {
            case .create: "+"
            case .update, .adopt: "~"
            case .delete: "-"
            case .wouldPrune: "?"
            case .kept: "="
            case .convert: "-/+"
            }
        }
    }

    /// What happens to the resource.
    public var action: Action
    /// The resource concerned.
    public var resource: ResourceRef
    /// Field-level differences (`every: 1h → 2h`), in a fixed field order.
    public var fields: [FieldChange]
    /// Unified diff (`---`/`+++`/`@@` hunks) of the Flux body when it changed; nil otherwise.
    public var fluxDiff: String?
    /// Display names of labels to be attached (for tasks).
    public var labelsAdded: [String]
    /// Display names of labels to be detached (for tasks).
    public var labelsRemoved: [String]
    /// The exact operations, in the order they are sent.
    public var operations: [PlannedOperation]
    /// For a `delete` / `would-prune` of an owned duplicate task (several owned live tasks
    /// matched one manifest task): the ID of the copy that is kept (the lowest). Nil otherwise.
    public var duplicateOf: String?
    /// For an owned label no manifest declares: the unmanaged live tasks (not owned, not
    /// declared) that carry it, in live order. They keep it when the action is `kept`, and
    /// lose it when it is `delete` (`--prune-labels-in-use`). Nil for every other change.
    public var unmanagedTasks: [ResourceRef]?
    /// For a `would-prune` change of a resource a `protect` policy selects: the rule's
    /// `file:line` (`--prune` would be refused). Nil otherwise.
    public var protectedBy: String?
    /// For a `convert`: which way, the script concerned and the live task replaced. Nil
    /// for every other change.
    public var conversion: TaskConversion?

    /// Creates a change; diff details and operations default to empty.
    public init(
        action: Action, resource: ResourceRef, fields: [FieldChange] = [], fluxDiff: String? = nil,
        labelsAdded: [String] = [], labelsRemoved: [String] = [], operations: [PlannedOperation] = [],
        duplicateOf: String? = nil, unmanagedTasks: [ResourceRef]? = nil, conversion: TaskConversion? = nil
    ) {
        self.conversion = conversion
        self.action = action
        self.resource = resource
        self.fields = fields
        self.fluxDiff = fluxDiff
        self.labelsAdded = labelsAdded
        self.labelsRemoved = labelsRemoved
        self.operations = operations
        self.duplicateOf = duplicateOf
        self.unmanagedTasks = unmanagedTasks
    }
}

/// One field's old and new value, as display text (`nil` = absent).
public struct FieldChange: Codable, Hashable, Sendable {
    /// Field name in manifest terms: `name`, `every`, `cron`, `offset`, `concurrency`, `retry`,
    /// `query`, `status`, `description`, `color`, or `task.<key>` for another property of the
    /// query's `option task` record (`task.bucket`).
    public var field: String
    /// Live value as display text; nil when absent.
    public var old: String?
    /// Desired value as display text; nil when absent.
    public var new: String?

    /// Creates a field change.
    public init(field: String, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }
}
