import Foundation

/// Expands command-line paths into manifest sources (design.md "load").
///
/// A path may be a file (read whatever its extension), a directory (searched recursively for
/// `*.yml`, `*.yaml`, `*.json` and `*.flux`, hidden entries skipped, sorted by path) or `-`
/// (standard input, read as YAML/JSON). Unreadable paths become error diagnostics.
///
/// Documents influxsync wrote itself (`ToolOutputDocument`: saved plans, JSON plans, drift
/// reports and apply results) are never read as manifests: found in a directory they are left
/// out with one note for all of them; named explicitly they are an error. Jsonnet templates are
/// not read either: named explicitly they are an error, found in a directory they are named in
/// a note (`JsonnetFiles`).
enum ManifestFileCollector {
    /// File extensions that hold templates, lower-cased.
    static let templateExtensions: Set<String> = ["yml", "yaml", "json"]
    /// File extensions that hold Flux task scripts.
    static let fluxExtensions: Set<String> = ["flux"]
    /// File extensions of Jsonnet templates, which influxsync does not read (`JsonnetFiles`).
    static let jsonnetExtensions: Set<String> = ["jsonnet", "libsonnet"]

    /// Reads every source named by `paths`, in order; a directory contributes its files sorted
    /// by path. Problems (missing path, unreadable, oversized or non-UTF-8 file, NUL bytes, empty directory) are
    /// appended to `diagnostics`. With `digest`, each file's bytes as read are hashed too
    /// (`ManifestText.sha256`, for `ManifestDigest`); without it nothing is hashed.
    static func collect(
        paths: [String], readStandardInput: () -> String, limits: ManifestLimits = .default, digest: Bool = false,
        diagnostics: inout [Diagnostic]
    ) -> [ManifestText] {
        var sources: [ManifestText] = []
        var toolOutputs: [(path: String, kind: ToolOutputDocument)] = []
        var seen = Set<String>()
        let fileManager = FileManager.default
        for path in paths {
            if path == "-" {
                let text = readStandardInput()
                if let problem = ManifestBytesCheck.problem(Array(text.utf8), path: "-", limits: limits) {
                    diagnostics.append(problem)
                } else {
                    sources.append(ManifestText(path: "-", rawText: text, format: .templates))
                }
                continue
            }
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(
                    Diagnostic(
                        at: nil, "no such file or directory: \(path)",
                        hint: "pass manifest files, directories of them, or - for standard input"))
                continue
            }
            if isDirectory.boolValue {
                let (files, problems) = filesUnder(directory: path, extensions: templateExtensions.union(fluxExtensions))
                diagnostics += problems
                if files.isEmpty && problems.isEmpty {
                    diagnostics.append(
                        Diagnostic(
                            .warning, at: nil, "directory \(path) holds no *.yml, *.yaml, *.json or *.flux files"))
                }
                if let note = JsonnetFiles.note(directory: path, files: filesUnder(directory: path, extensions: ["jsonnet"]).files) {
                    diagnostics.append(note)
                }
                for file in files where seen.insert(file).inserted {
                    if let source = read(file: file, foundInDirectory: true, limits: limits, digest: digest, toolOutputs: &toolOutputs, diagnostics: &diagnostics) {
                        sources.append(source)
                    }
                }
            } else if seen.insert(path).inserted {
                if let source = read(file: path, foundInDirectory: false, limits: limits, digest: digest, toolOutputs: &toolOutputs, diagnostics: &diagnostics) {
                    sources.append(source)
                }
            }
        }
        if !toolOutputs.isEmpty {
            diagnostics.append(toolOutputNote(toolOutputs))
        }
        return sources
    }

    /// The one note about files influxsync wrote that were found among the manifests:
    /// `skipped 2 files influxsync wrote (d/plan.json: saved plan, d/drift.json: JSON drift
    /// report); they are never read as manifests`.
    static func toolOutputNote(_ files: [(path: String, kind: ToolOutputDocument)]) -> Diagnostic {
        let list = files.map { "\($0.path): \($0.kind.rawValue)" }.joined(separator: ", ")
        let noun = files.count == 1 ? "file" : "files"
        return Diagnostic(.note, at: nil, "skipped \(files.count) \(noun) influxsync wrote (\(list)); they are never read as manifests")
    }

    /// Manifest files below `directory`, recursively, sorted by path; each path is
    /// `directory` joined with the relative path, so diagnostics name files as the user would.
    static func filesUnder(directory: String) -> [String] {
        filesUnder(directory: directory, extensions: templateExtensions.union(fluxExtensions)).files
    }

    /// Files below `directory` whose lower-cased extension is in `extensions`, sorted by path.
    ///
    /// Symbolic links are followed, to files and to directories (the directory named may be
    /// one too): a manifest reached through a link is a manifest like any other (skipping it
    /// silently made `apply --prune` delete what it declares). A link to a directory it is
    /// already inside (a loop) is not entered again; a file reached by two paths is listed
    /// once, by the first path in order. A broken link, or a loop, is returned as a problem:
    /// a manifest that cannot be read must stop the run rather than look deleted.
    static func filesUnder(directory: String, extensions: Set<String>) -> (files: [String], problems: [Diagnostic]) {
        let fileManager = FileManager.default
        var found: [String] = []
        var problems: [Diagnostic] = []
        var seenFiles = Set<String>()
        let prefix = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        /// `path` (as the user would write it) whose resolved form is `real`; `ancestors` are
        /// the resolved directories it is inside.
        func walk(_ path: String, ancestors: Set<String>) {
            guard let names = try? fileManager.contentsOfDirectory(atPath: path) else { return }
            for name in names.sorted() where !name.hasPrefix(".") {
                let child = path + "/" + name
                let isLink = (try? fileManager.destinationOfSymbolicLink(atPath: child)) != nil
                var isDirectory: ObjCBool = false
                guard fileManager.fileExists(atPath: child, isDirectory: &isDirectory) else {
                    if isLink, extensions.contains(URL(fileURLWithPath: name).pathExtension.lowercased()) || !name.contains(".") {
                        problems.append(
                            Diagnostic(
                                at: nil, "\(child) is a symbolic link to a missing target",
                                hint: "restore what it points to, or remove the link"))
                    }
                    continue
                }
                let real = URL(fileURLWithPath: child).resolvingSymlinksInPath().path
                if isDirectory.boolValue {
                    if ancestors.contains(real) {
                        problems.append(
                            Diagnostic(
                                .warning, at: nil, "\(child) links to a directory it is inside; its files are read once, not again through the link"))
                        continue
                    }
                    walk(child, ancestors: ancestors.union([real]))
                } else if extensions.contains(URL(fileURLWithPath: name).pathExtension.lowercased()), seenFiles.insert(real).inserted {
                    found.append(child)
                }
            }
        }
        walk(prefix, ancestors: [URL(fileURLWithPath: directory).resolvingSymlinksInPath().path])
        return (found.sorted(), problems)
    }

    /// Reads one file: refused unread when its size is over `limits.maxFileBytes`, and with
    /// the position of the first invalid UTF-8 sequence or NUL byte (`ManifestBytesCheck`);
    /// files influxsync wrote (saved plans, JSON reports) are skipped or refused. With
    /// `digest`, the SHA-256 of the bytes read is kept with the text.
    private static func read(
        file: String, foundInDirectory: Bool, limits: ManifestLimits, digest: Bool,
        toolOutputs: inout [(path: String, kind: ToolOutputDocument)], diagnostics: inout [Diagnostic]
    ) -> ManifestText? {
        if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int,
            let problem = ManifestBytesCheck.sizeProblem(byteCount: size, path: file, limits: limits)
        {
            diagnostics.append(problem)
            return nil
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            diagnostics.append(Diagnostic(at: nil, "cannot read \(file)", hint: "check the file's permissions"))
            return nil
        }
        let ext = URL(fileURLWithPath: file).pathExtension.lowercased()
        if jsonnetExtensions.contains(ext) {
            diagnostics.append(JsonnetFiles.namedFileError(file))
            return nil
        }
        if !fluxExtensions.contains(ext), let kind = ToolOutputDocument.recognise(data) {
            if foundInDirectory {
                toolOutputs.append((file, kind))
            } else {
                diagnostics.append(
                    Diagnostic(
                        at: SourceLocation(file: file, line: 1, column: 1),
                        "this is a \(kind.rawValue) that influxsync wrote, not a manifest",
                        hint: kind == .savedPlan
                            ? "apply a saved plan with `influxsync apply \(ShellWords.quote(file))`; pass the manifest files or directories to plan"
                            : "pass the manifest files or directories instead"))
            }
            return nil
        }
        if let problem = ManifestBytesCheck.problem(Array(data), path: file, limits: limits) {
            diagnostics.append(problem)
            return nil
        }
        let text = String(decoding: data, as: UTF8.self)
        let format: ManifestText.Format = fluxExtensions.contains(ext) ? .flux : .templates
        return ManifestText(
            path: file, rawText: text, format: format, foundInDirectory: foundInDirectory,
            sha256: digest ? SHA256Hex.digest(data) : nil)
    }
}
