/// One validation finding about the manifests.
///
/// Rendered as `file:line:column: error: <message> (at <fieldPath>)` followed by an indented
/// `hint: <hint>` line when there is one.
public struct Diagnostic: Codable, Hashable, Sendable, CustomStringConvertible {
    /// How serious a finding is: an `error` blocks loading; `warning` and `note` do not.
    public enum Severity: String, Codable, Sendable { case error, warning, note }

    /// How serious the finding is.
    public var severity: Severity
    /// Where; nil for findings not tied to a place (e.g. "3 documents of other kinds skipped").
    public var location: SourceLocation?
    /// Dotted field path inside the document (`spec.every`, `spec.associations[1].name`), or nil.
    public var fieldPath: String?
    /// What is wrong.
    public var message: String
    /// How to fix it (`did you mean "every"?`), or nil.
    public var hint: String?
    /// A stable code for machines (`undefined-identifier`, see `ScriptFinding.Code`), or nil;
    /// printed after the message in brackets.
    public var code: String?

    /// Creates a diagnostic (severity `error` unless given).
    public init(
        _ severity: Severity = .error, at location: SourceLocation?, field fieldPath: String? = nil, _ message: String, hint: String? = nil,
        code: String? = nil
    ) {
        self.code = code
        self.severity = severity
        self.location = location
        self.fieldPath = fieldPath
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: error: <message> [<code>] (at <fieldPath>)`, then `    hint: <hint>` on its
    /// own line when set.
    /// Each part is escaped for a terminal (`DisplayText.escaped`): a manifest's names cannot
    /// start a line of their own.
    public var description: String {
        var s = ""
        if let location { s += "\(DisplayText.escaped(location.description)): " }
        s += "\(severity.rawValue): \(DisplayText.escaped(message))"
        if let code { s += " [\(DisplayText.escaped(code))]" }
        if let fieldPath { s += " (at \(DisplayText.escaped(fieldPath)))" }
        if let hint { s += "\n    hint: \(DisplayText.escaped(hint))" }
        return s
    }
}
