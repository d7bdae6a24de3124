import Foundation

/// GitHub Actions integration: workflow-command annotations and the job summary file.
public enum GitHubActions {
    /// True when running inside GitHub Actions (`GITHUB_ACTIONS=true`).
    public static func isActive(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["GITHUB_ACTIONS"] == "true"
    }

    /// One workflow command per diagnostic: `::error file=F,line=L,col=C,title=T::message`
    /// (`::warning` / `::notice` for warnings and notes). Property values escape `%`, CR, LF,
    /// `:` and `,`; the message escapes `%`, CR and LF, as the runner requires. The field path
    /// and the hint are folded into the message; each part is first escaped for a terminal
    /// (`DisplayText.escaped`: control and bidi characters as `\u{…}`), so the only line
    /// break in a message is the one before `hint:`, sent as `%0A`. A diagnostic without a
    /// location gets no `file`/`line`/`col` properties.
    public static func annotations(for diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { d in
            let command: String
            switch d.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .note: command = "notice"
            }
            var properties: [String] = []
            if let loc = d.location {
                properties.append("file=\(escapeProperty(DisplayText.escaped(loc.file)))")
                properties.append("line=\(loc.line)")
                properties.append("col=\(loc.column)")
            }
            properties.append("title=\(escapeProperty("influxsync " + DisplayText.escaped(d.fieldPath ?? "manifest")))")
            var message = DisplayText.escaped(d.message)
            if let code = d.code { message += " [\(DisplayText.escaped(code))]" }
            if let field = d.fieldPath { message += " (at \(DisplayText.escaped(field)))" }
            if let hint = d.hint { message += "\nhint: \(DisplayText.escaped(hint))" }
            return "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))"
        }
    }

    /// Appends `markdown` (and a blank line) to the file named by `GITHUB_STEP_SUMMARY`, when
    /// that variable is set. Returns the path written, or nil when the variable is unset.
    /// - Throws: when the file cannot be opened or written.
    @discardableResult
    public static func appendStepSummary(_ markdown: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return nil }
        let data = Data((markdown.hasSuffix("\n") ? markdown + "\n" : markdown + "\n\n").utf8)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: data) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
            return path
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
        return path
    }

    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
