import Foundation

/// A temporary directory of manifest files for one test.
final class Workspace {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("influxsync-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Writes `text` to `name` (relative), replacing it; returns the absolute path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// `path:line:1` of the document in file `name` whose `metadata.name` is `key`: the line of
    /// its `apiVersion`, as plan output and diagnostics name it.
    func location(of key: String, in name: String) throws -> String {
        let lines = try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        guard let nameLine = lines.firstIndex(where: { $0 == "  name: \(key)" }),
            let start = lines[..<nameLine].lastIndex(where: { $0.hasPrefix("apiVersion:") })
        else { throw CocoaError(.fileReadCorruptFile) }
        return "\(path(name)):\(start + 1):1"
    }

    /// Removes `name`.
    func remove(_ name: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(name))
    }

    /// Absolute path of `name` (or of the directory itself).
    func path(_ name: String? = nil) -> String {
        name.map { root.appendingPathComponent($0).path } ?? root.path
    }
}
