import Foundation
import InfluxAPI

/// One way the live org differs from the manifests, for one resource.
public struct DriftFinding: Codable, Hashable, Sendable {
    /// What kind of drift. Definitions (all relative to the owner label, design.md
    /// "Ownership and pruning"):
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        /// Declared, live and owned, but a field, the Flux body or the label set differs:
        /// changed outside git (or a manifest change not applied yet).
        case changed
        /// Declared but absent live: deleted outside git (or never applied). influxsync keeps no
        /// history, so "missing" is the definition: a declared resource with no live match by
        /// name, `spec.id` or `previousNames`.
        case missing
        /// A live task that no manifest declares and that does not carry the owner label.
        case unmanaged
        /// A live resource that carries the owner label but that no manifest declares any more.
        case ownedUndeclared = "owned-undeclared"
        /// Declared and live, but not owned (apply would adopt it).
        case notOwned = "not-owned"
        /// A live label whose name another live label shares (trimmed, case-insensitive), or an
        /// owned live task that copies another owned task of the same manifest; `duplicateOf`
        /// names the lowest ID (the one kept).
        case duplicate
        /// Declared, live and owned, with differences an `ignore` policy of influxsync.yaml
        /// keeps live (`drift --include-ignored` only; `policyRules` names the rules). Not drift:
        /// no `--fail-on` category counts it.
        case ignored
    }

    /// What kind of drift this is.
    public var kind: Kind
    /// The resource concerned (live ID and declaring manifest when known).
    public var resource: ResourceRef
    /// Field differences: `old` is the live value, `new` the manifests' value.
    public var fields: [FieldChange]
    /// Unified diff of the Flux body, live (`-`) to manifests (`+`).
    public var fluxDiff: String?
    /// Labels the manifests associate that the live task lacks.
    public var labelsMissing: [String]
    /// Labels the live task carries that the manifests do not associate.
    public var labelsExtra: [String]
    /// For `duplicate`: the ID of the resource this one duplicates (the lowest ID of the
    /// group). Nil for other kinds.
    public var duplicateOf: String?
    /// For `owned-undeclared` labels that tasks we do not manage carry: those tasks. `apply
    /// --prune` keeps such a label (unless `--prune-labels-in-use`); nil otherwise.
    public var unmanagedTasks: [ResourceRef]?
    /// For `ignored`: the `file:line` of each ignore rule involved, in field order, once each.
    /// Nil for other kinds.
    public var policyRules: [String]?

    /// True for an owned label no manifest declares that `apply --prune` keeps because tasks we
    /// do not manage carry it (`unmanagedTasks`): reported, but not counted as drift.
    public var isKeptByPrune: Bool { kind == .ownedUndeclared && !(unmanagedTasks ?? []).isEmpty }

    /// Creates a finding; diff details default to empty.
    public init(
        kind: Kind, resource: ResourceRef, fields: [FieldChange] = [], fluxDiff: String? = nil, labelsMissing: [String] = [], labelsExtra: [String] = [],
        duplicateOf: String? = nil,
        unmanagedTasks: [ResourceRef]? = nil
    ) {
        self.unmanagedTasks = unmanagedTasks
        self.kind = kind
        self.resource = resource
        self.fields = fields
        self.fluxDiff = fluxDiff
        self.labelsMissing = labelsMissing
        self.labelsExtra = labelsExtra
        self.duplicateOf = duplicateOf
    }
}

/// What `--fail-on` can select (comma-separated on the command line).
public enum DriftCategory: String, Codable, Hashable, Sendable, CaseIterable {
    /// Findings `changed`, `missing`, `owned-undeclared` (but not a label `apply --prune`
    /// keeps because tasks not ours carry it), `not-owned`, `duplicate`.
    case drift
    /// Findings `unmanaged`.
    case unmanaged
    /// A managed task whose last completed run failed.
    case failing
    /// A managed active `every` task with no completed run within two intervals, a run stuck
    /// in `started`, or a `scheduled` run that never started.
    case missed
    /// A managed task whose runs or run log could not be read (health unavailable).
    case unavailable
}

/// The result of a drift check: findings per resource and run health per managed task. A pure
/// value computed by `DriftDetector`; rendered by `TextDriftRenderer`, `JSONDriftRenderer` and
/// `MarkdownDriftRenderer`.
public struct DriftReport: Codable, Hashable, Sendable {
    /// Org the check ran against.
    public var orgID: String
    /// Its name, when known.
    public var orgName: String?
    /// Set when no scheduler ran (in-process `--sandbox`): why missed schedules were not checked.
    public var schedulerNote: String?
    /// Name of the owner label that marks managed resources.
    public var ownerLabel: String
    /// When the check ran (RFC 3339, UTC, whole seconds); the reference for missed schedules.
    public var checkedAt: String
    /// Findings in plan order (labels, then tasks as the planner orders them), unmanaged last.
    public var findings: [DriftFinding]
    /// One entry per managed task (declared and live), ordered by task ID.
    public var runHealth: [TaskRunHealth]
    /// What the checks against the server found in the declared tasks' scripts: buckets and
    /// secret keys the org no longer has (`missing-bucket`, `missing-secret`); the runs of
    /// those tasks fail. Nil when there is none.
    public var scriptFindings: [ScriptFinding]?

    /// Creates a report.
    public init(orgID: String, ownerLabel: String, checkedAt: String, findings: [DriftFinding], runHealth: [TaskRunHealth]) {
        self.orgID = orgID
        self.ownerLabel = ownerLabel
        self.checkedAt = checkedAt
        self.findings = findings
        self.runHealth = runHealth
    }

    /// Findings of one kind.
    public func findingsOf(_ kind: DriftFinding.Kind) -> [DriftFinding] { findings.filter { $0.kind == kind } }

    /// Managed tasks whose last run failed.
    public var failing: [TaskRunHealth] { runHealth.filter(\.failing) }

    /// Managed tasks that missed their schedule.
    public var missed: [TaskRunHealth] { runHealth.filter(\.missed) }

    /// Managed tasks with a run stuck in `started`.
    public var stuck: [TaskRunHealth] { runHealth.filter { $0.stuck != nil } }

    /// Managed tasks with a `scheduled` run that never started.
    public var notStarted: [TaskRunHealth] { runHealth.filter { $0.notStarted != nil } }

    /// Managed tasks whose health could not be read.
    public var unavailable: [TaskRunHealth] { runHealth.filter { $0.unavailable != nil } }

    /// `acme (0000000000000abc)`, or the ID alone when the name is unknown.
    public var orgLabel: String { orgName.map { "\($0) (\(orgID))" } ?? orgID }

    /// How many items fall in a category.
    public func count(_ category: DriftCategory) -> Int {
        switch category {
        // An owned label that `apply --prune` keeps on purpose (tasks not ours carry it) is
        // reported, but is not drift: nothing the tool would do can clear it.
        case .drift: findings.filter { $0.kind != .unmanaged && $0.kind != .ignored && !$0.isKeptByPrune }.count
        case .unmanaged: findingsOf(.unmanaged).count
        case .failing: failing.count
        case .missed: runHealth.filter { $0.missed || $0.stuck != nil || $0.notStarted != nil }.count
        case .unavailable: unavailable.count
        }
    }

    /// True when any selected category has an item (the `--fail-on` test).
    public func hasFindings(in categories: Set<DriftCategory>) -> Bool {
        categories.contains { count($0) > 0 }
    }

    /// `, 1 stuck, 1 not started, 1 health unavailable`: only the non-zero ones.
    var extraHealthCounts: String {
        var parts: [String] = []
        if !stuck.isEmpty { parts.append("\(stuck.count) stuck") }
        if !notStarted.isEmpty { parts.append("\(notStarted.count) not started") }
        if !unavailable.isEmpty { parts.append("\(unavailable.count) health unavailable") }
        return parts.isEmpty ? "" : ", " + parts.joined(separator: ", ")
    }

    /// `1 changed, 1 missing, 1 unmanaged, 1 owned but undeclared, 0 not owned; 1 failing, 0 missed (3 managed tasks checked).`
    /// (`, N duplicate` follows `not owned` when there are duplicates, then `, N with ignored
    /// differences` when `--include-ignored` found some.)
    public var summaryLine: String {
        let k = { (kind: DriftFinding.Kind) in self.findingsOf(kind).count }
        let duplicates = k(.duplicate) > 0 ? ", \(k(.duplicate)) duplicate" : ""
        let ignored = k(.ignored) > 0 ? ", \(k(.ignored)) with ignored differences" : ""
        return
            "\(k(.changed)) changed, \(k(.missing)) missing, \(k(.unmanaged)) unmanaged, \(k(.ownedUndeclared)) owned but undeclared, \(k(.notOwned)) not owned\(duplicates)\(ignored); \(failing.count) failing, \(missed.count) missed\(extraHealthCounts) (\(runHealth.count) managed \(runHealth.count == 1 ? "task" : "tasks") checked)."
    }
}
