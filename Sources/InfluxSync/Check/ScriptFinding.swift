/// Something a check found in a task's script before it is sent: the offline scope checks
/// (`FluxScopeCheck`) find errors; checks against the server (buckets, secrets) may add
/// warnings. Rendered as a `Diagnostic` (text, validate's JSON/SARIF/JUnit, GitHub annotations).
public struct ScriptFinding: Codable, Hashable, Sendable {
    /// An `error` blocks validate, plan and apply; a `warning` is reported only.
    public enum Severity: String, Codable, Sendable { case error, warning }

    /// The kinds of findings, as stable codes for machines (`unknown-import`, …).
    public struct Code: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
        /// The code as printed.
        public var rawValue: String
        /// Wraps a code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// `import "strngs"`: no package has that path.
        public static let unknownImport = Code(rawValue: "unknown-import")
        /// A name no import, option, variable, parameter or the prelude defines.
        public static let undefinedIdentifier = Code(rawValue: "undefined-identifier")
        /// `strings.hasPrefx`: the imported package exports no such name.
        public static let unknownMember = Code(rawValue: "unknown-member")
        /// `range(strt: -1h)`: the function has no such parameter.
        public static let unknownArgument = Code(rawValue: "unknown-argument")
        /// `range()`: a required parameter is not given.
        public static let missingArgument = Code(rawValue: "missing-argument")
        /// `from(bucket: "x")` where the org has no bucket `x` (checked against the server).
        public static let missingBucket = Code(rawValue: "missing-bucket")
        /// `secrets.get(key: "k")` where the org has no secret `k` (checked against the server).
        public static let missingSecret = Code(rawValue: "missing-secret")
        /// The code.
        public var description: String { rawValue }
    }

    /// How serious it is.
    public var severity: Severity
    /// What kind of finding it is.
    public var code: Code
    /// The task's `metadata.name` (or `.flux` file stem).
    public var task: String
    /// Where in the manifest (the position inside the script mapped into the file).
    public var location: SourceLocation
    /// What is wrong (`undefined identifier "y"`).
    public var message: String
    /// The name the check would rather have seen (`hasPrefix`), or nil.
    public var suggestion: String?
    /// The name an allowance must list to accept it (`strings.newThing`, `mypkg`); nil when no
    /// allowance applies.
    public var subject: String?

    /// Creates a finding.
    public init(
        severity: Severity, code: Code, task: String, location: SourceLocation, message: String,
        suggestion: String? = nil, subject: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.task = task
        self.location = location
        self.message = message
        self.suggestion = suggestion
        self.subject = subject
    }

    /// The finding as a manifest diagnostic at `spec.query` (nil field for a `.flux` file):
    /// its code set, hint `did you mean "x"?` or how to allow the name.
    public func diagnostic(field: String?) -> Diagnostic {
        var hints: [String] = []
        if let suggestion { hints.append("did you mean \"\(suggestion)\"?") }
        if let subject, code == .unknownImport || code == .unknownMember || code == .undefinedIdentifier {
            hints.append(
                "if your InfluxDB's Flux has it (these checks know Flux \(FluxStandardLibrary.fluxVersion)), add `// influxsync:allow \(subject)` to the script or `--allow-flux \(subject)`"
            )
        }
        return Diagnostic(
            severity == .error ? .error : .warning, at: location, field: field,
            message, hint: hints.isEmpty ? nil : hints.joined(separator: "; "), code: code.rawValue)
    }
}
