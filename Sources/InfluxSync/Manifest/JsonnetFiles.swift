/// What influxsync says about Jsonnet templates (`*.jsonnet`, `*.libsonnet`), which it does not
/// read: they are programs that produce JSON, rendered by the `jsonnet` tool first. Named
/// explicitly, either is an error; in a directory, the `.jsonnet` templates are named in a note
/// (`.libsonnet` files are libraries those import, not rendered on their own).
enum JsonnetFiles {
    /// The command that renders `file` to JSON beside it: `jsonnet a.jsonnet > a.json`.
    static func renderCommand(_ file: String) -> String {
        let json =
            (file.lowercased().hasSuffix(".jsonnet")
                ? String(file.dropLast(".jsonnet".count))
                : file.lowercased().hasSuffix(".libsonnet") ? String(file.dropLast(".libsonnet".count)) : file) + ".json"
        return ShellWords.join(["jsonnet", file]) + " > " + ShellWords.quote(json)
    }

    /// The error for a Jsonnet file named on the command line, at its first line.
    static func namedFileError(_ file: String) -> Diagnostic {
        Diagnostic(
            at: SourceLocation(file: file, line: 1, column: 1),
            "this is a Jsonnet template; influxsync does not read Jsonnet templates",
            hint: "render it to JSON first and pass the JSON file: \(renderCommand(file))")
    }

    /// The note for `.jsonnet` files found in `directory`, naming each (nil when there are none):
    /// `directory d holds 2 Jsonnet templates influxsync does not read: d/a.jsonnet, d/b.jsonnet`.
    static func note(directory: String, files: [String]) -> Diagnostic? {
        guard let first = files.first else { return nil }
        let noun = files.count == 1 ? "Jsonnet template" : "Jsonnet templates"
        return Diagnostic(
            .note, at: nil, "directory \(directory) holds \(files.count) \(noun) influxsync does not read: \(files.joined(separator: ", "))",
            hint: "render each to JSON first, e.g. \(renderCommand(first))")
    }
}
