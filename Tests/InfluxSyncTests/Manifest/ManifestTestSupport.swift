import Foundation
import InfluxSync

/// Paths and helpers shared by the manifest tests.
enum ManifestTestSupport {
    /// The repository root (this file is Tests/InfluxSyncTests/Manifest/ManifestTestSupport.swift).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Loads paths relative to the repository root and returns the result with the root prefix
    /// removed from every diagnostic, so assertions read `examples-invalid/x.yml:6:3: …`.
    static func load(
        _ relativePaths: [String], envRefs: [String: String] = [:], liveLabelNames: Set<String>? = nil
    ) -> (result: ManifestLoader.Result, lines: [String]) {
        let result = ManifestLoader.load(
            paths: relativePaths.map { "\(root)/\($0)" }, envRefs: envRefs, liveLabelNames: liveLabelNames)
        return (result, result.diagnostics.map { $0.description.replacingOccurrences(of: root + "/", with: "") })
    }

    /// Loads text under a display path.
    static func load(text: String, path: String = "test.yml", envRefs: [String: String] = [:], liveLabelNames: Set<String>? = nil) -> (
        result: ManifestLoader.Result, lines: [String]
    ) {
        let result = ManifestLoader.load(text: text, path: path, envRefs: envRefs, liveLabelNames: liveLabelNames)
        return (result, result.diagnostics.map(\.description))
    }
}
