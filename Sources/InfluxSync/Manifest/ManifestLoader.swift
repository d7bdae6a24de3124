import Flux

/// Loads manifests into `DesiredState` (design.md "load" and "resolve").
///
/// Accepted input (InfluxDB's template format, so `influx export` output loads unchanged):
/// - YAML files with one or more documents (a leading `---`, CRLF, a UTF-8 BOM and a missing
///   final newline are fine), JSON files with one resource or an array of them, and `.flux`
///   files whose script has an `option task` record (a Task named by that record, status
///   active, no description or labels, keyed by the file name without `.flux`).
/// - `apiVersion: influxdata.com/v2alpha1` or `v2alpha2`; kinds `Label` and `Task`
///   (case-insensitive); other template kinds are skipped with one summary note; files found in
///   a directory that are not templates at all (no apiVersion/kind/metadata/spec, e.g. CI
///   configs) or `.flux` files without `option task` are skipped with a note each.
/// - Label: `spec.name` (display name, default `metadata.name`, trimmed as InfluxDB trims it,
///   with a warning), `spec.color` (`#rrggbb`), `spec.description`.
/// - Task: `spec.name` (default: the query's `option task` name, then `metadata.name`; kept
///   as written, surrounding whitespace only warned about), `description`, `every` | `cron`,
///   `offset`, `query`, `status` (`active`/`inactive`, case-insensitive), `associations`
///   (`kind: Label`, `name: <label metadata.name>`), and our `id` and `previousNames`. A query
///   may hold an `option task` record: it fills what `spec` leaves unset; values set in both
///   places must agree by value. `v2alpha2` adds `spec.task` entries (`key` name/every/offset,
///   `type`, `default`) that override the query's record, also settable with
///   `--env-ref tasks[<metadata.name>].spec.task.<key>=<value>`, and `spec.params` entries
///   written into the query's `option params` record (`TemplateParamsReader`).
/// - `{envRef: {key, default}}` in place of any single value.
///
/// Diagnostics read `file:line:column: error: <message> (at <field.path>)` and an indented
/// `hint:` line; all errors of all files are reported, sorted by file and position.
public enum ManifestLoader {
    /// The outcome of loading: the desired state when there was no error, and every
    /// diagnostic of every file (errors, warnings, and notes such as skipped kinds).
    public struct Result: Sendable {
        /// The resolved desired state; nil when any diagnostic is an error.
        public var desired: DesiredState?
        /// Every diagnostic, sorted by file (load order), line and column; unlocated ones last.
        public var diagnostics: [Diagnostic]

        /// Creates a load result.
        public init(desired: DesiredState?, diagnostics: [Diagnostic]) {
            self.desired = desired
            self.diagnostics = diagnostics
        }

        /// True when some diagnostic is an error.
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Manifests read and parsed (each file once), not yet resolved into a desired state:
    /// resolve them with `resolve(_:liveLabelNames:)`, as often as needed (e.g. once offline,
    /// once more when the live label names are known) without reading or parsing again.
    public struct Parsed: Sendable {
        var documents: ManifestDocuments
        var diagnostics: [Diagnostic]
        var fileOrder: [String]

        /// The sources read, in load order (paths as found; `-` for standard input).
        public var files: [String] { fileOrder }

        /// The digest of the files this parse read that hold resources, hashed from the bytes
        /// it read, under its limits (what `ManifestDigest.compute(paths:)` gives for the same
        /// files), or why there is none (standard input, a path that cannot be read). Nil
        /// unless the parse was asked for it (`parse(…, digest: true)`).
        public var manifestDigest: Swift.Result<ManifestDigest, ManifestDigestError>? = nil
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
    ///   - limits: size, alias-expansion and nesting caps (`ManifestLimits`); a source over a
    ///     cap is an error and the rest of it is not read.
    public static func load(
        paths: [String], envRefs: [String: String] = [:], liveLabelNames: Set<String>? = nil,
        readStandardInput: () -> String = { "" }, limits: ManifestLimits = .default
    ) -> Result {
        resolve(
            parse(paths: paths, envRefs: envRefs, readStandardInput: readStandardInput, limits: limits),
            liveLabelNames: liveLabelNames)
    }

    /// Reads and parses files, directories and `-` as `load(paths:…)` does (with the same
    /// `limits`), without resolving. `fluxAllowances` are the names the script checks accept
    /// although the standard-library data does not know them (`FluxScopeCheck`). With
    /// `digest`, each file is hashed as it is read and `Parsed.manifestDigest` is set (for
    /// `plan --out`); without it nothing is hashed.
    public static func parse(
        paths: [String], envRefs: [String: String] = [:], readStandardInput: () -> String = { "" },
        limits: ManifestLimits = .default, fluxAllowances: Set<String> = [], digest: Bool = false
    ) -> Parsed {
        var diagnostics: [Diagnostic] = []
        let sources = ManifestFileCollector.collect(
            paths: paths, readStandardInput: readStandardInput, limits: limits, digest: digest,
            diagnostics: &diagnostics)
        let collectProblems = diagnostics
        var documents = ManifestDocuments()
        // The tasks' script checks run on the other cores while the documents are read.
        let checks = ScriptCheckQueue()
        for source in sources {
            diagnostics += read(source, envRefs: envRefs, limits: limits, fluxAllowances: fluxAllowances, checks: checks, into: &documents)
        }
        diagnostics += checks.finish(into: &documents.tasks)
        var parsed = Parsed(documents: documents, diagnostics: diagnostics, fileOrder: sources.map(\.path))
        if digest {
            let files = resourceDigests(sources, skipped: documents.skippedSources)
            parsed.manifestDigest = Swift.Result { () throws(ManifestDigestError) in
                try ManifestDigest.checkPaths(paths)
                return try ManifestDigest.digest(files: files, problems: collectProblems)
            }
        }
        return parsed
    }

    /// Resolves parsed manifests into the desired state: the cross-document checks, with
    /// `liveLabelNames` as in `load(paths:…)`. Diagnostics hold the parse's and the resolve's.
    public static func resolve(_ parsed: Parsed, liveLabelNames: Set<String>?) -> Result {
        var diagnostics = parsed.diagnostics
        var resolved: [Diagnostic] = []
        let desired = DesiredStateResolver(liveLabelNames: liveLabelNames).resolve(parsed.documents, diagnostics: &resolved)
        diagnostics += resolved
        if !parsed.documents.skippedKinds.isEmpty {
            diagnostics.append(skippedNote(parsed.documents.skippedKinds))
        }
        diagnostics = ordered(diagnostics, fileOrder: parsed.fileOrder)
        let hasErrors = diagnostics.contains { $0.severity == .error }
        return Result(desired: hasErrors ? nil : desired, diagnostics: diagnostics)
    }

    /// The files under `paths` that hold resources, in load order: what `load` reads, without
    /// the files it skips as a whole (files influxsync wrote, files found in a directory that
    /// are not templates, `.flux` files without `option task`). The manifest digest of a saved
    /// plan covers exactly these files, so writing a plan or a report next to the manifests
    /// does not make the plan stale.
    /// Files are read under `limits`, as `load` reads them.
    /// - Returns: the files, and the error diagnostics of paths that cannot be read (missing,
    ///   unreadable, over the size limit, not UTF-8, a file influxsync wrote named explicitly).
    public static func resourceFiles(paths: [String], limits: ManifestLimits = .default) -> (files: [String], problems: [Diagnostic]) {
        let found = digestedResourceFiles(paths: paths, limits: limits)
        return (found.files.map(\.path), found.problems)
    }

    /// `resourceFiles(paths:)` with each file's SHA-256, hashed from the bytes read to parse it
    /// (each file is read once).
    static func digestedResourceFiles(paths: [String], limits: ManifestLimits) -> (files: [ManifestDigest.File], problems: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let sources = ManifestFileCollector.collect(paths: paths, readStandardInput: { "" }, limits: limits, digest: true, diagnostics: &diagnostics)
        var documents = ManifestDocuments()
        for source in sources {
            _ = read(source, envRefs: [:], limits: limits, into: &documents)
        }
        return (resourceDigests(sources, skipped: documents.skippedSources), diagnostics.filter { $0.severity == .error })
    }

    /// The digested files of `sources` that hold resources, in load order: those not skipped
    /// as a whole (`ManifestDocuments.skippedSources`; files influxsync wrote never become
    /// sources). Standard input, never hashed, is left out.
    private static func resourceDigests(_ sources: [ManifestText], skipped: [String]) -> [ManifestDigest.File] {
        let skipped = Set(skipped)
        return sources.compactMap { source in
            guard !skipped.contains(source.path), let sha256 = source.sha256 else { return nil }
            return ManifestDigest.File(path: source.path, sha256: sha256)
        }
    }

    /// Loads manifests from text (for tests and callers that already hold the content).
    /// - Parameters:
    ///   - text: YAML/JSON templates, or a Flux script when `path` ends in `.flux`.
    ///   - path: the name diagnostics use for this text.
    ///   - limits: size, alias-expansion and nesting caps.
    public static func load(
        text: String, path: String, envRefs: [String: String] = [:], liveLabelNames: Set<String>? = nil,
        limits: ManifestLimits = .default
    ) -> Result {
        if let problem = ManifestBytesCheck.problem(Array(text.utf8), path: path, limits: limits) {
            return Result(desired: nil, diagnostics: [problem])
        }
        let format: ManifestText.Format = path.lowercased().hasSuffix(".flux") ? .flux : .templates
        let source = ManifestText(path: path, rawText: text, format: format)
        var documents = ManifestDocuments()
        let checks = ScriptCheckQueue()
        var diagnostics = read(source, envRefs: envRefs, limits: limits, checks: checks, into: &documents)
        diagnostics += checks.finish(into: &documents.tasks)
        let desired = DesiredStateResolver(liveLabelNames: liveLabelNames).resolve(documents, diagnostics: &diagnostics)
        if !documents.skippedKinds.isEmpty { diagnostics.append(skippedNote(documents.skippedKinds)) }
        diagnostics = ordered(diagnostics, fileOrder: [path])
        let hasErrors = diagnostics.contains { $0.severity == .error }
        return Result(desired: hasErrors ? nil : desired, diagnostics: diagnostics)
    }

    /// The files `load(paths: [directory])` reads below `directory` (`*.yml`, `*.yaml`,
    /// `*.json`, `*.flux`; symbolic links followed, hidden entries skipped), sorted, each as
    /// `directory` + `/` + its relative path. For `export`, which names those it did not write.
    public static func manifestFiles(under directory: String) -> [String] {
        ManifestFileCollector.filesUnder(directory: directory)
    }

    /// The YAML stage of `load(text:path:)` alone: every document of `text` composed by the
    /// parser a load uses (`YAMLDocumentParser`), nothing read from them. Returns how many
    /// documents there are (0 after a syntax error). For `influxsync-bench`, which compares
    /// this stage and the whole load with libyaml's own parse of the same text.
    public static func composeDocuments(text: String, path: String) -> Int {
        var count = 0
        let parsed = YAMLDocumentParser.parse(ManifestText(path: path, rawText: text, format: .templates)) { _, _ in count += 1 }
        return parsed.diagnostics.isEmpty ? count : 0
    }

    /// Reads one source's documents; returns its diagnostics.
    static func read(
        _ source: ManifestText, envRefs: [String: String], limits: ManifestLimits = .default, fluxAllowances: Set<String> = [],
        checks: ScriptCheckQueue? = nil,
        into documents: inout ManifestDocuments
    ) -> [Diagnostic] {
        switch source.format {
        case .flux:
            let reader = ManifestNodeReader(source: source, marks: MarkMapper(path: source.path), envRefs: envRefs)
            reader.fluxAllowances = fluxAllowances
            reader.scriptChecks = checks
            if let task = FluxFileReader(reader: reader).read() {
                documents.tasks.append(task)
            } else if !reader.diagnostics.contains(where: { $0.severity == .error }) {
                documents.skippedSources.append(source.path)
            }
            return reader.diagnostics
        case .templates:
            if let problem = ManifestBytesCheck.yamlLineBreakProblem(source) { return [problem] }
            // An empty file (a CI artifact that came out empty: `apply plan.json`) declares nothing;
            // said, so it does not pass for a manifest set that matches the server.
            if source.text.utf8.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) {
                return [
                    Diagnostic(
                        .warning, at: SourceLocation(file: source.path, line: 1, column: 1),
                        "the file is empty: it declares no Task or Label",
                        hint: "a saved plan or manifest that came out empty: make it again")
                ]
            }
            // Each document is read as soon as it is parsed: the nodes of a large file are never
            // all held at once.
            let reader = ManifestNodeReader(source: source, marks: MarkMapper(path: source.path), envRefs: envRefs)
            reader.fluxAllowances = fluxAllowances
            reader.scriptChecks = checks
            var templates = TemplateDocumentReader(reader: reader)
            let parsed = DocumentHandoff.parse(source, limits: limits) { root, marks in
                reader.marks = marks
                templates.read(root: root, into: &documents)
            }
            reader.marks = parsed.marks
            templates.finish(into: &documents)
            return reader.diagnostics + parsed.diagnostics
        }
    }

    /// The one note about documents of kinds we do not manage: `skipped 3 documents of other
    /// kinds (Bucket ×2, Dashboard): influxsync manages Task and Label only`.
    static func skippedNote(_ kinds: [String]) -> Diagnostic {
        var counts: [String: Int] = [:]
        for kind in kinds { counts[kind, default: 0] += 1 }
        let list = counts.keys.sorted().map { counts[$0]! > 1 ? "\($0) ×\(counts[$0]!)" : $0 }.joined(separator: ", ")
        let noun = kinds.count == 1 ? "document" : "documents"
        return Diagnostic(.note, at: nil, "skipped \(kinds.count) \(noun) of other kinds (\(list)): influxsync manages Task and Label only")
    }

    /// Diagnostics by file (in load order), then line and column; those without a location last.
    /// Invisible characters in messages and field paths are spelled out (`<U+200B ZERO WIDTH SPACE>`).
    static func ordered(_ diagnostics: [Diagnostic], fileOrder: [String]) -> [Diagnostic] {
        let diagnostics = diagnostics.map { diagnostic in
            var revealed = diagnostic
            revealed.message = CharacterName.revealingInvisible(diagnostic.message)
            revealed.fieldPath = diagnostic.fieldPath.map(CharacterName.revealingInvisible)
            return revealed
        }
        var rank: [String: Int] = [:]
        for (index, file) in fileOrder.enumerated() where rank[file] == nil { rank[file] = index }
        return diagnostics.enumerated().sorted { a, b in
            func key(_ d: Diagnostic) -> (Int, Int, Int) {
                guard let l = d.location else { return (Int.max, 0, 0) }
                return (rank[l.file] ?? Int.max - 1, l.line, l.column)
            }
            let ka = key(a.element), kb = key(b.element)
            if ka != kb { return ka < kb }
            return a.offset < b.offset
        }.map(\.element)
    }
}
