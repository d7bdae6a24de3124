/// Loads manifests into `DesiredState` (design.md "load" and "resolve").
public enum ManifestLoader {
    /// The outcome of loading: the desired state when there was no error, and every
    /// diagnostic of every file (errors, warnings, and notes such as skipped kinds).
    public struct Result: Sendable {
        public var desired: DesiredState?
        public var diagnostics: [Diagnostic]

        public init(desired: DesiredState?, diagnostics: [Diagnostic]) {
            self.desired = desired
            self.diagnostics = diagnostics
        }

        /// True when some diagnostic is an error.
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Loads files, directories (recursively: `*.yml`, `*.yaml`, `*.json`, `*.flux`, sorted by
    /// path) and `-` (standard input, read through `readStandardInput`).
    /// - Parameters:
    ///   - paths: as given on the command line.
    ///   - envRefs: values for `{envRef: {key}}` references (`--env-ref key=value`).
    ///   - liveLabelNames: names of labels that exist live; an association naming an undeclared
    ///     label is an error unless its name is here. Pass nil to skip that check (validate
    ///     without a server).
    ///   - readStandardInput: source of `-`.
    public static func load(
        paths: [String], envRefs: [String: String] = [:], liveLabelNames: Set<String>? = nil,
        readStandardInput: () -> String = { "" }
    ) -> Result {
        fatalError("ManifestLoader.load is not implemented yet")
    }
}
