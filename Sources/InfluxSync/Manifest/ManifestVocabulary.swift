/// The names the template format uses: kinds, API versions and the fields we accept.
enum ManifestVocabulary {
    /// `influxdata.com/v2alpha1`.
    static let apiVersion1 = "influxdata.com/v2alpha1"
    /// `influxdata.com/v2alpha2` (adds `spec.task` / `spec.params` to tasks).
    static let apiVersion2 = "influxdata.com/v2alpha2"
    static let apiVersions = [apiVersion1, apiVersion2]

    /// Kinds we manage.
    static let label = "Label"
    static let task = "Task"

    /// Kinds of InfluxDB's template format that we do not manage: skipped with one note.
    static let otherKinds = [
        "Bucket", "Check", "CheckDeadman", "CheckThreshold", "Dashboard", "NotificationEndpoint",
        "NotificationEndpointHTTP", "NotificationEndpointPagerDuty", "NotificationEndpointSlack",
        "NotificationRule", "Telegraf", "Variable",
    ]

    static let documentFields = ["apiVersion", "kind", "metadata", "spec"]
    static let metadataFields = ["name"]
    /// Label spec fields; `id` and `previousNames` are ours.
    static let labelSpecFields = ["name", "color", "description", "id", "previousNames"]
    /// Task spec fields in both API versions; `id`, `previousNames`, `concurrency` and `retry`
    /// are ours.
    static let taskSpecFields = [
        "name", "description", "every", "cron", "offset", "concurrency", "retry", "query", "status", "associations", "id",
        "previousNames", "scriptID", "scriptParameters",
    ]
    /// Extra task spec fields of `v2alpha2`.
    static let taskSpecFieldsV2 = ["task", "params"]
    static let associationFields = ["kind", "name"]
    /// Fields of a `spec.task` entry (v2alpha2).
    static let templateParameterFields = ["key", "type", "default"]
    /// `spec.task` keys we support (the ones InfluxDB's template engine reads).
    static let taskParameterKeys = ["name", "every", "offset"]
    static let envRefFields = ["key", "default"]

    /// The canonical spelling of a kind (kinds compare case-insensitively, as in InfluxDB's
    /// template engine), or nil when it is no kind of the template format.
    static func canonicalKind(_ kind: String) -> String? {
        let wanted = kind.trimmingWhitespace().lowercased()
        return ([label, task] + otherKinds).first { $0.lowercased() == wanted }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        // Most names have nothing to trim: printable ASCII at both ends.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }

    /// This string as a Markdown code span: `` `every` ``.
    var quoted: String { "`\(self)`" }
}
