import Foundation
import Yams

/// Reads the documents of one YAML/JSON source: checks `apiVersion`, `kind`, `metadata`, and
/// hands `Label` and `Task` specs to their readers. Other kinds of the template format are
/// counted as skipped.
struct TemplateDocumentReader {
    let reader: ManifestNodeReader

    /// Resources held back until one of them looks like a template (see `read(root:into:)`).
    private var pending: [(node: YAMLNode, index: Int?)] = []
    /// The first resource that is not null, for the "not a template" report.
    private var firstResource: YAMLNode?
    /// True once a resource with a template's top-level fields was seen.
    private var isTemplate = false

    init(reader: ManifestNodeReader) { self.reader = reader }

    /// Reads one document root, as the parser hands it out: a mapping is one resource; a
    /// sequence (a JSON array) holds one resource per element; an empty document is ignored.
    /// Call `finish(into:)` after the last root.
    ///
    /// A file found in a directory whose documents have none of `apiVersion`, `kind`,
    /// `metadata`, `spec` (a CI configuration, a docker-compose file) is not a template: it is
    /// skipped with a note. Named explicitly, such a file is an error. So resources are held
    /// back until one looks like a template; from then on each is read as it comes.
    mutating func read(root: YAMLNode, into documents: inout ManifestDocuments) {
        let items: [(node: YAMLNode, index: Int?)]
        if let sequence = root.sequence {
            items = sequence.enumerated().map { ($1, $0) }
        } else if ManifestNodeReader.isNull(root) {
            return
        } else {
            items = [(root, nil)]
        }
        if !isTemplate {
            for item in items where !ManifestNodeReader.isNull(item.node) {
                if firstResource == nil { firstResource = item.node }
                if Self.looksLikeTemplate(item.node) { isTemplate = true }
            }
            guard isTemplate else {
                pending += items
                return
            }
            for item in pending { readResource(item.node, index: item.index, into: &documents) }
            pending = []
        }
        for item in items { readResource(item.node, index: item.index, into: &documents) }
    }

    /// Ends the source: reports a file none of whose resources looks like a template.
    mutating func finish(into documents: inout ManifestDocuments) {
        guard !isTemplate else { return }
        if let first = firstResource {
            let isTargetsFile = (reader.source.path as NSString).lastPathComponent == TargetsConfig.fileName
            if isTargetsFile, reader.source.foundInDirectory {
                documents.skippedSources.append(reader.source.path)
                reader.diagnostics(
                    append: Diagnostic(
                        .note, at: reader.location(first),
                        "skipped: \(TargetsConfig.fileName) is the targets file (read by --target), not a manifest"))
                return
            }
            if isTargetsFile {
                reader.error(
                    reader.location(first), field: nil, "\(TargetsConfig.fileName) is the targets file (read by --target), not a manifest",
                    hint: "pass the manifest files or directories; the targets file is read from the working directory, or from --config FILE")
                return
            }
            if reader.source.foundInDirectory {
                documents.skippedSources.append(reader.source.path)
                reader.diagnostics(
                    append: Diagnostic(
                        .note, at: reader.location(first),
                        "skipped: not an InfluxDB template (no apiVersion, kind, metadata or spec)"))
            } else {
                reader.error(
                    reader.location(first), field: nil, "not an InfluxDB template: no apiVersion, kind, metadata or spec",
                    hint: "influxsync reads Task and Label documents of InfluxDB's template format (`influx export`)")
            }
            return
        }
        for item in pending { readResource(item.node, index: item.index, into: &documents) }
        pending = []
    }

    /// True when a node is a mapping with at least one of the template's top-level fields.
    static func looksLikeTemplate(_ node: YAMLNode) -> Bool {
        guard let mapping = node.mapping else { return false }
        return mapping.contains { pair in ManifestVocabulary.documentFields.contains(pair.key.scalar?.string ?? "") }
    }

    private func readResource(_ node: YAMLNode, index: Int?, into documents: inout ManifestDocuments) {
        let what = index.map { "resource [\($0)]" } ?? "document"
        guard node.mapping != nil else {
            reader.error(
                reader.location(node), field: nil, "a \(what) must be a mapping with apiVersion, kind, metadata and spec",
                hint: "start each document with `apiVersion: influxdata.com/v2alpha1` and `kind: Task` or `kind: Label`")
            return
        }
        // Kind first: documents of kinds we do not manage are not checked further.
        guard let all = reader.entries(of: node, path: "", what: what) else { return }
        let documentLocation = reader.location(node)
        guard let kindField = reader.scalar(all["kind"]?.value, path: "kind", what: "kind"), !kindField.value.isEmpty else {
            reader.error(
                all["kind"].map { reader.location($0.keyNode) } ?? documentLocation, field: "kind",
                "\(what) has no `kind`", hint: "add `kind: Task` or `kind: Label`")
            return
        }
        guard let kind = ManifestVocabulary.canonicalKind(kindField.value) else {
            let known = [ManifestVocabulary.task, ManifestVocabulary.label] + ManifestVocabulary.otherKinds
            let hint =
                EditDistance.suggestion(for: kindField.value, among: known).map { "did you mean \($0.quoted)?" }
                ?? "influxsync reads `Task` and `Label` documents (other template kinds are skipped)"
            reader.error(kindField.location, field: "kind", "unknown kind \(kindField.value.quoted)", hint: hint)
            return
        }
        guard kind == ManifestVocabulary.task || kind == ManifestVocabulary.label else {
            documents.skippedKinds.append(kind)
            return
        }
        // Yams refuses a mapping with a duplicate key, and the parser then renames the earlier
        // key and parses again (`YAMLDocumentParser`): a document can hold a duplicate only when
        // a rename was made. Without one there is nothing to find, and no need to walk every key.
        if !reader.marks.insertions.isEmpty {
            reader.reportDuplicateKeys(in: node, path: "")
        }
        _ = reader.entries(of: node, path: "", what: "\(kind) document", allowed: ManifestVocabulary.documentFields)
        let apiVersion = readAPIVersion(all["apiVersion"], documentLocation: documentLocation, kind: kind)
        guard let key = readMetadataName(all["metadata"], documentLocation: documentLocation, kind: kind) else {
            // Still check the spec so every error shows at once.
            checkSpec(all["spec"], kind: kind, apiVersion: apiVersion, key: nil, documentLocation: documentLocation, into: &documents)
            return
        }
        checkSpec(all["spec"], kind: kind, apiVersion: apiVersion, key: key, documentLocation: documentLocation, into: &documents)
    }

    private func checkSpec(
        _ entry: MappingEntry?, kind: String, apiVersion: String?, key: Located<String>?, documentLocation: SourceLocation, into documents: inout ManifestDocuments
    ) {
        let spec = entry?.value
        if kind == ManifestVocabulary.label {
            let label = LabelSpecReader(reader: reader).read(spec: spec, key: key, documentLocation: documentLocation)
            if let label { documents.labels.append(label) }
        } else {
            let task = TaskSpecReader(reader: reader).read(
                spec: spec, specKeyLocation: entry.map { reader.location($0.keyNode) }, key: key,
                apiVersion: apiVersion ?? ManifestVocabulary.apiVersion1, documentLocation: documentLocation)
            if let task { documents.tasks.append(task) }
        }
    }

    private func readAPIVersion(_ entry: MappingEntry?, documentLocation: SourceLocation, kind: String) -> String? {
        guard let field = reader.scalar(entry?.value, path: "apiVersion", what: "apiVersion"), !field.value.isEmpty else {
            reader.error(
                entry.map { reader.location($0.keyNode) } ?? documentLocation, field: "apiVersion",
                "\(kind) document has no `apiVersion`", hint: "add `apiVersion: \(ManifestVocabulary.apiVersion1)`")
            return nil
        }
        let value = field.value.trimmingWhitespace()
        guard ManifestVocabulary.apiVersions.contains(value) else {
            reader.error(
                field.location, field: "apiVersion", "unsupported apiVersion \(field.value.quoted)",
                hint: "use `\(ManifestVocabulary.apiVersion1)` (or `\(ManifestVocabulary.apiVersion2)`)")
            return nil
        }
        return value
    }

    private func readMetadataName(_ entry: MappingEntry?, documentLocation: SourceLocation, kind: String) -> Located<String>? {
        let missingHint = "add `metadata:` with `name: <unique-key>` (lowercase letters, digits and -)"
        guard let entry, !ManifestNodeReader.isNull(entry.value) else {
            reader.error(
                entry.map { reader.location($0.keyNode) } ?? documentLocation, field: "metadata.name",
                "\(kind) document has no metadata.name", hint: missingHint)
            return nil
        }
        guard let fields = reader.entries(of: entry.value, path: "metadata", what: "metadata", allowed: ManifestVocabulary.metadataFields) else { return nil }
        guard let name = reader.scalar(fields["name"]?.value, path: "metadata.name", what: "metadata.name") else {
            if fields["name"] == nil || ManifestNodeReader.isNull(fields["name"]!.value) {
                reader.error(
                    fields["name"].map { reader.location($0.keyNode) } ?? reader.location(entry.keyNode),
                    field: "metadata.name", "\(kind) document has no metadata.name", hint: missingHint)
            }
            return nil
        }
        let value = name.value.trimmingWhitespace()
        guard !value.isEmpty else {
            reader.error(name.location, field: "metadata.name", "metadata.name is empty", hint: missingHint)
            return nil
        }
        if !Self.isDNSLabel(value) {
            reader.warning(
                name.location, field: "metadata.name",
                "metadata.name \(value.quoted) is not accepted by `influx apply`",
                hint: "use at most 63 lowercase letters, digits and -, starting and ending with a letter or digit")
        }
        return Located(value: value, location: name.location, field: "metadata.name")
    }

    /// True for an RFC 1123 label, the rule InfluxDB's template engine applies to metadata.name.
    static func isDNSLabel(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard !scalars.isEmpty, scalars.count <= 63 else { return false }
        func alnum(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("0"..."9").contains(s) }
        return alnum(scalars.first!) && alnum(scalars.last!) && scalars.allSatisfy { alnum($0) || $0 == "-" }
    }
}
