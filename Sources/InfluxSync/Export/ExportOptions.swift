/// What `influxsync export` writes and which tasks it takes.
public struct ExportOptions: Hashable, Sendable {
    /// How tasks are written.
    public enum Format: String, CaseIterable, Hashable, Sendable {
        /// Template-format YAML manifests (`kind: Task`), the query as a literal block
        /// without its `option task` record.
        case yaml
        /// One `.flux` file per task holding the live script as it is, record included.
        case flux
    }

    /// Which tasks to take by ownership.
    public enum OwnershipFilter: Hashable, Sendable {
        /// Every task.
        case all
        /// Only tasks carrying the owner label.
        case owned
        /// Only tasks without the owner label.
        case unowned
    }

    /// `--format`; `yaml` by default.
    public var format: Format
    /// `--single-file`: every document in one `manifests.yaml` (YAML format only).
    public var singleFile: Bool
    /// `--label`: keep only tasks carrying one of these labels (trimmed, case-insensitive); empty keeps all.
    public var labels: [String]
    /// `--name-regex`: keep only tasks whose name this pattern matches (anywhere in the name); nil keeps all.
    public var namePattern: String?
    /// `--owned` / `--unowned`.
    public var ownership: OwnershipFilter
    /// The owner label's name (never exported as a label or association).
    public var ownerLabel: String

    /// Creates options; YAML, one file per task, no filters, owner label `influxsync` by default.
    public init(
        format: Format = .yaml, singleFile: Bool = false, labels: [String] = [], namePattern: String? = nil,
        ownership: OwnershipFilter = .all, ownerLabel: String = "influxsync"
    ) {
        self.format = format
        self.singleFile = singleFile
        self.labels = labels
        self.namePattern = namePattern
        self.ownership = ownership
        self.ownerLabel = ownerLabel
    }

    /// True when a filter narrows the tasks (then only the labels those tasks carry are exported).
    var hasTaskFilter: Bool { !labels.isEmpty || namePattern != nil || ownership != .all }
}

/// One file `export` writes.
public struct ExportedFile: Hashable, Sendable {
    /// Path relative to the output directory, `/`-separated (`tasks/cpu-downsample.yaml`).
    public var path: String
    /// The whole file, UTF-8, ending with a line break.
    public var contents: String

    /// Creates a file value.
    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// What `ManifestExporter.export` produced.
public struct ExportResult: Hashable, Sendable {
    /// The files, in the order written (labels first, then tasks by file name).
    public var files: [ExportedFile]
    /// Number of tasks exported.
    public var taskCount: Int
    /// Number of labels exported.
    public var labelCount: Int
    /// One sentence per task left out or per field a format cannot hold.
    public var notes: [String]
}

/// Why an export cannot be made.
public struct ExportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One sentence.
    public var description: String
    /// What to do about it.
    public var hint: String
}
