import Foundation

/// The outcome of `validate` as a document for machines: JSON (ours, `schemas/validate.schema.json`),
/// SARIF 2.1.0 (code scanning), or JUnit XML (CI test reports). Every diagnostic keeps its
/// file, line and column (1-based), severity, message, field path and hint.
public struct ValidationReport: Sendable {
    /// The sources read, in load order.
    public var files: [String]
    /// Every diagnostic, as `ManifestLoader` orders them.
    public var diagnostics: [Diagnostic]
    /// Labels declared, when the manifests are valid.
    public var labelCount: Int
    /// Tasks declared, when the manifests are valid.
    public var taskCount: Int

    /// Creates a report.
    public init(files: [String], diagnostics: [Diagnostic], labelCount: Int, taskCount: Int) {
        self.files = files
        self.diagnostics = diagnostics
        self.labelCount = labelCount
        self.taskCount = taskCount
    }

    /// Number of diagnostics of `severity`.
    public func count(_ severity: Diagnostic.Severity) -> Int { diagnostics.filter { $0.severity == severity }.count }

    // MARK: - JSON

    /// `{"formatVersion": 1, "valid", "summary": {"files", "errors", "warnings", "notes",
    /// "labels", "tasks"}, "diagnostics": [{"severity", "code", "file", "line", "column", "field",
    /// "message", "hint"}]}` (absent location or field as null), pretty-printed with sorted keys.
    public func json() -> String {
        struct Summary: Encodable { var files, errors, warnings, notes, labels, tasks: Int }
        struct Item: Encodable {
            var severity: String
            var code: String?
            var file: String?
            var line: Int?
            var column: Int?
            var field: String?
            var message: String
            var hint: String?
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(severity, forKey: .severity)
                try c.encode(code, forKey: .code)
                try c.encode(file, forKey: .file)
                try c.encode(line, forKey: .line)
                try c.encode(column, forKey: .column)
                try c.encode(field, forKey: .field)
                try c.encode(message, forKey: .message)
                try c.encode(hint, forKey: .hint)
            }
            enum Keys: String, CodingKey { case severity, code, file, line, column, field, message, hint }
        }
        struct Document: Encodable {
            var formatVersion = 1
            var valid: Bool
            var summary: Summary
            var diagnostics: [Item]
        }
        let document = Document(
            valid: count(.error) == 0,
            summary: Summary(
                files: files.count, errors: count(.error), warnings: count(.warning), notes: count(.note),
                labels: labelCount, tasks: taskCount),
            diagnostics: diagnostics.map {
                Item(
                    severity: $0.severity.rawValue, code: $0.code, file: $0.location?.file, line: $0.location?.line, column: $0.location?.column,
                    field: $0.fieldPath, message: $0.message, hint: $0.hint)
            })
        return encodeJSON(document)
    }

    // MARK: - SARIF

    /// A SARIF 2.1.0 log with one run of the tool `influxsync`: one result per diagnostic
    /// (`level` error / warning / note), its file as a relative URI and its line and column.
    public func sarif(version: String) -> String {
        struct Log: Encodable {
            var version = "2.1.0"
            var schema = "https://json.schemastore.org/sarif-2.1.0.json"
            var runs: [Run]
            enum CodingKeys: String, CodingKey { case version, schema = "$schema", runs }
        }
        struct Run: Encodable { var tool: Tool; var results: [Result] }
        struct Tool: Encodable { var driver: Driver }
        struct Driver: Encodable {
            var name = "influxsync"
            var version: String
            var rules: [Rule]
        }
        struct Rule: Encodable { var id: String; var shortDescription: Text }
        struct Text: Encodable { var text: String }
        struct Result: Encodable {
            var ruleId: String
            var level: String
            var message: Text
            var locations: [Location]
        }
        struct Location: Encodable { var physicalLocation: Physical }
        struct Physical: Encodable { var artifactLocation: Artifact; var region: Region }
        struct Artifact: Encodable { var uri: String }
        struct Region: Encodable { var startLine: Int; var startColumn: Int }
        let results = diagnostics.map { d in
            Result(
                ruleId: d.code.map { "flux/\($0)" } ?? "manifest/\(d.severity.rawValue)", level: d.severity.rawValue,
                message: Text(text: d.message + (d.fieldPath.map { " (at \($0))" } ?? "") + (d.hint.map { " Hint: \($0)" } ?? "")),
                locations: d.location.map {
                    [
                        Location(
                            physicalLocation: Physical(
                                artifactLocation: Artifact(uri: Self.relativeURI($0.file)),
                                region: Region(startLine: $0.line, startColumn: $0.column)))
                    ]
                } ?? [])
        }
        let rules =
            [Diagnostic.Severity.error, .warning, .note].map {
                Rule(id: "manifest/\($0.rawValue)", shortDescription: Text(text: "influxsync manifest \($0.rawValue)"))
            }
            + Set(diagnostics.compactMap(\.code)).sorted().map {
                Rule(id: "flux/\($0)", shortDescription: Text(text: "Flux script check: \($0)"))
            }
        return encodeJSON(Log(runs: [Run(tool: Tool(driver: Driver(version: version, rules: rules)), results: results)]))
    }

    // MARK: - JUnit

    /// JUnit XML: one `<testcase>` per source read (classname `influxsync.validate`), with a
    /// `<failure>` per error of that file (`file:line:column: message`); errors without a
    /// file go to a testcase named `manifests`. Warnings and notes go to `<system-out>`.
    public func junit() -> String {
        var byFile: [String: [Diagnostic]] = [:]
        for d in diagnostics { byFile[d.location?.file ?? "manifests", default: []].append(d) }
        var names = files
        for file in byFile.keys.sorted() where !names.contains(file) { names.append(file) }
        let failures = names.filter { (byFile[$0] ?? []).contains { $0.severity == .error } }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"influxsync validate\" tests=\"\(names.count)\" failures=\"\(failures)\">\n"
        out += "  <testsuite name=\"influxsync validate\" tests=\"\(names.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        for name in names {
            let found = byFile[name] ?? []
            out += "    <testcase classname=\"influxsync.validate\" name=\"\(Self.xml(name))\">"
            let errors = found.filter { $0.severity == .error }
            let others = found.filter { $0.severity != .error }
            if errors.isEmpty && others.isEmpty { out += "</testcase>\n"; continue }
            out += "\n"
            for e in errors {
                out += "      <failure message=\"\(Self.xml(e.message))\" type=\"error\">\(Self.xml(Self.line(e)))</failure>\n"
            }
            if !others.isEmpty {
                out += "      <system-out>\(Self.xml(others.map(Self.line).joined(separator: "\n")))</system-out>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    // MARK: - Helpers

    /// `file:line:column: severity: message (at field)` and `hint: …`, unescaped (the
    /// formats escape for themselves).
    private static func line(_ d: Diagnostic) -> String {
        var s = d.location.map { "\($0.file):\($0.line):\($0.column): " } ?? ""
        s += "\(d.severity.rawValue): \(d.message)"
        if let field = d.fieldPath { s += " (at \(field))" }
        if let hint = d.hint { s += "\nhint: \(hint)" }
        return s
    }

    /// XML text and attribute escaping; characters XML 1.0 cannot carry (most C0 controls)
    /// become `\u{…}`. Line breaks are character references (`&#10;`, `&#13;`), so no text
    /// starts a line of the document (a CI log runs a line starting with `::` as a workflow
    /// command), and the second `#` of `##[` (the runner's older command syntax, matched
    /// anywhere) is `&#35;`: an XML reader reads back the same text.
    static func xml(_ text: String) -> String {
        var out = ""
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "#" where index > 0 && scalars[index - 1] == "#" && index + 1 < scalars.count && scalars[index + 1] == "[": out += "&#35;"
            case "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A path as a relative URI (`./a b.yml` → `a%20b.yml`); code scanning resolves it
    /// against the repository root.
    static func relativeURI(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        return p.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? p
    }
}
