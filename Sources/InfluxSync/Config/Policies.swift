/// The `policies:` of `influxsync.yaml`: which live values win over the manifests (`ignore`)
/// and which resources a plan may never delete (`protect`), in the spirit of Terraform's
/// `lifecycle { ignore_changes, prevent_destroy }` and Argo CD's `ignoreDifferences` /
/// `Prune=false` (design.md "Policies").
///
/// ```yaml
/// policies:
///   ignore:
///     - tasks: ["noisy-*"]             # tasks by name (globs: * and ?)
///       fields: [status]
///     - withLabels: [on-call-owned]    # tasks carrying one of these labels
///       fields: [status, description, schedule, labels]
///   protect:
///     - tasks: ["billing-*"]
///     - withLabels: [prod]
///     - labels: [prod]                 # the labels themselves
/// ```
/// Plain values: the planner takes them as input (`PlanOptions.policies`) and a saved plan
/// records the ones it was made with.
public struct Policies: Codable, Hashable, Sendable {
    /// `ignore:` rules, in file order (top-level rules before a target's own).
    public var ignore: [IgnoreRule]
    /// `protect:` rules, in file order (top-level rules before a target's own).
    public var protect: [ProtectRule]

    /// Creates policies; none by default.
    public init(ignore: [IgnoreRule] = [], protect: [ProtectRule] = []) {
        self.ignore = ignore
        self.protect = protect
    }

    /// True when there is no rule.
    public var isEmpty: Bool { ignore.isEmpty && protect.isEmpty }

    /// These rules followed by `other`'s (a target inherits the top-level rules and adds its
    /// own; it cannot take one away).
    public func adding(_ other: Policies) -> Policies {
        Policies(ignore: ignore + other.ignore, protect: protect + other.protect)
    }
}

/// What a rule applies to: exactly one of `tasks`, `withLabels` or `labels`, each a list of
/// names or globs (`*` any run of characters, `?` one character).
public struct PolicySelector: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The selector key.
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        /// Tasks whose display name matches (exactly, case counts).
        case tasks
        /// Tasks that carry a label whose name matches (trimmed, case-insensitive, §10.1),
        /// live or declared.
        case withLabels
        /// Labels whose name matches (trimmed, case-insensitive, §10.1).
        case labels
    }

    /// The selector key.
    public var kind: Kind
    /// The names or globs, as written.
    public var patterns: [String]

    /// Creates a selector.
    public init(_ kind: Kind, _ patterns: [String]) {
        self.kind = kind
        self.patterns = patterns
    }

    /// `tasks: billing-*, nightly` (as messages name the rule).
    public var description: String { "\(kind.rawValue): \(patterns.joined(separator: ", "))" }

    /// True for a task of this display name carrying labels with these names (live or
    /// declared); never for a `labels` selector.
    public func matchesTask(name: String, labelNames: [String]) -> Bool {
        switch kind {
        case .tasks: patterns.contains { Glob.matches($0, name) }
        case .withLabels: patterns.contains { pattern in labelNames.contains { Glob.matches(Self.identity(pattern), Self.identity($0)) } }
        case .labels: false
        }
    }

    /// True for a label of this name under a `labels` selector.
    public func matchesLabel(name: String) -> Bool {
        kind == .labels && patterns.contains { Glob.matches(Self.identity($0), Self.identity(name)) }
    }

    /// A label name as the server compares them: trimmed, lowercased (§10.1).
    private static func identity(_ name: String) -> String { Ownership.labelIdentity(name) }
}

/// A field an `ignore` rule can name. Tasks: `status`, `description`, `schedule` (`every`,
/// `cron` and `offset` together), `labels` (the task's label associations; the owner label
/// is still attached). Labels: `color`, `description`.
public enum PolicyField: String, Codable, Hashable, Sendable, CaseIterable {
    case status, description, schedule, labels, color

    /// The fields a rule of this selector kind may name, in the order messages list them.
    public static func allowed(for kind: PolicySelector.Kind) -> [PolicyField] {
        kind == .labels ? [.color, .description] : [.status, .description, .schedule, .labels]
    }

    /// The plan's field names this policy field covers (`schedule`: `every`, `cron`, `offset`).
    var planFields: [String] {
        switch self {
        case .schedule: ["every", "cron", "offset"]
        default: [rawValue]
        }
    }
}

/// `ignore:` entry: for the resources `selector` matches, the live value of each of `fields`
/// wins — the plan shows the difference as ignored and never sends it.
public struct IgnoreRule: Codable, Hashable, Sendable {
    /// What the rule applies to.
    public var selector: PolicySelector
    /// The fields whose live value wins.
    public var fields: [PolicyField]
    /// `influxsync.yaml:12`: where the rule starts.
    public var location: String

    /// Creates a rule.
    public init(selector: PolicySelector, fields: [PolicyField], location: String) {
        self.selector = selector
        self.fields = fields
        self.location = location
    }
}

/// `protect:` entry: a plan that would delete a resource `selector` matches (a prune, a
/// rename without `previousNames`, a label prune) is refused, whatever `--prune` says.
public struct ProtectRule: Codable, Hashable, Sendable {
    /// What the rule applies to.
    public var selector: PolicySelector
    /// `influxsync.yaml:12`: where the rule starts.
    public var location: String

    /// Creates a rule.
    public init(selector: PolicySelector, location: String) {
        self.selector = selector
        self.location = location
    }
}

/// Shell-style name patterns: `*` matches any run of characters (also none), `?` exactly one;
/// every other character matches itself.
enum Glob {
    /// True when `text` matches `pattern` as a whole.
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || (p[pi] != "*" && p[pi] == t[ti]) {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
