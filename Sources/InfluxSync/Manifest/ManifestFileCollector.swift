import Foundation

/// Expands command-line paths into manifest sources (design.md "load").
///
/// A path may be a file (read whatever its extension), a directory (searched recursively for
/// `*.yml`, `*.yaml`, `*.json` and `*.flux`, hidden entries skipped, sorted by path) or `-`
/// (standard input, read as YAML/JSON). Unreadable paths become error diagnostics.
enum ManifestFileCollector {
    /// File extensions that hold templates, lower-cased.
    static let templateExtensions: Set<String> = ["yml", "yaml", "json"]
    /// File extensions that hold Flux task scripts.
    static let fluxExtensions: Set<String> = ["flux"]

    /// Reads every source named by `paths`, in order; a directory contributes its files sorted
    /// by path. Problems (missing path, unreadable, oversized or non-UTF-8 file, NUL bytes, empty directory) are
    /// appended to `diagnostics`.
    static func collect(
        paths: [String], readStandardInput: () -> String, limits: ManifestLimits = .default, diagnostics: inout [Diagnostic]
    ) -> [ManifestText] {
        var sources: [ManifestText] = []
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
                diagnostics.append(Diagnostic(
                    at: nil, "no such file or directory: \(path)",
                    hint: "pass manifest files, directories of them, or - for standard input"))
                continue
            }
            if isDirectory.boolValue {
                let files = filesUnder(directory: path)
                if files.isEmpty {
                    diagnostics.append(Diagnostic(
                        .warning, at: nil, "directory \(path) holds no *.yml, *.yaml, *.json or *.flux files"))
                }
                for file in files where seen.insert(file).inserted {
                    if let source = read(file: file, foundInDirectory: true, limits: limits, diagnostics: &diagnostics) {
                        sources.append(source)
                    }
                }
            } else if seen.insert(path).inserted {
                if let source = read(file: path, foundInDirectory: false, limits: limits, diagnostics: &diagnostics) {
                    sources.append(source)
                }
            }
        }
        return sources
    }

    /// Manifest files below `directory`, recursively, sorted by path; each path is
    /// `directory` joined with the relative path, so diagnostics name files as the user would.
    static func filesUnder(directory: String) -> [String] {
        let root = URL(fileURLWithPath: directory)
        guard let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey],
            options: [.skipsHiddenFiles, .skipsPackageDescendants]
        ) else { return [] }
        let rootPath = root.standardizedFileURL.path
        var found: [String] = []
        for case let url as URL in enumerator {
            let ext = url.pathExtension.lowercased()
            guard templateExtensions.contains(ext) || fluxExtensions.contains(ext) else { continue }
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            var relative = url.standardizedFileURL.path
            if relative.hasPrefix(rootPath + "/") { relative.removeFirst(rootPath.count + 1) }
            let prefix = directory.hasSuffix("/") ? directory : directory + "/"
            found.append(prefix + relative)
        }
        return found.sorted()
    }

    /// Reads one file: refused unread when its size is over `limits.maxFileBytes`, and with
    /// the position of the first invalid UTF-8 sequence or NUL byte (`ManifestBytesCheck`).
    private static func read(file: String, foundInDirectory: Bool, limits: ManifestLimits, diagnostics: inout [Diagnostic]) -> ManifestText? {
        if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int,
           let problem = ManifestBytesCheck.sizeProblem(byteCount: size, path: file, limits: limits) {
            diagnostics.append(problem)
            return nil
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            diagnostics.append(Diagnostic(at: nil, "cannot read \(file)", hint: "check the file's permissions"))
            return nil
        }
        if let problem = ManifestBytesCheck.problem(Array(data), path: file, limits: limits) {
            diagnostics.append(problem)
            return nil
        }
        let text = String(decoding: data, as: UTF8.self)
        let ext = URL(fileURLWithPath: file).pathExtension.lowercased()
        let format: ManifestText.Format = fluxExtensions.contains(ext) ? .flux : .templates
        return ManifestText(path: file, rawText: text, format: format, foundInDirectory: foundInDirectory)
    }
}
