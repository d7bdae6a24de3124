/// A resource with differences an `ignore` policy leaves to the live value: shown in the plan
/// (and by `drift --include-ignored`), never sent.
public struct IgnoredResource: Codable, Hashable, Sendable {
    /// The resource (live ID, declaring manifest).
    public var resource: ResourceRef
    /// Each ignored difference, in the plan's field order.
    public var fields: [IgnoredDifference]

    /// Creates an entry.
    public init(resource: ResourceRef, fields: [IgnoredDifference]) {
        self.resource = resource
        self.fields = fields
    }
}

/// One ignored difference: the field in plan terms (`status`, `description`, `every`, `cron`,
/// `offset`, `labels`, `color`), the live value (kept) and the manifests' value (not sent), and
/// the rule that ignores it.
public struct IgnoredDifference: Codable, Hashable, Sendable {
    /// Field name; `labels` lists the non-owner label names, comma-separated; `deletion` is a
    /// label prune left out because a task whose labels are ignored carries the label.
    public var field: String
    /// Live value as display text (kept); nil when absent.
    public var live: String?
    /// The manifests' value as display text (not sent); nil when absent.
    public var manifest: String?
    /// `influxsync.yaml:12`: the ignore rule.
    public var rule: String

    /// Creates a difference.
    public init(field: String, live: String?, manifest: String?, rule: String) {
        self.field = field
        self.live = live
        self.manifest = manifest
        self.rule = rule
    }
}
