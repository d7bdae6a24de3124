import Foundation

/// A SHA-256 digest of the manifest files a plan was computed from: one digest per file and
/// one over all of them, so that `apply FILE` can tell exactly which file was edited, added or
/// removed since `plan --out FILE`.
///
/// Files are found the way `ManifestLoader` finds them: a path naming a file is taken as is
/// (whatever its extension); a directory is searched recursively for `*.yml`, `*.yaml`,
/// `*.json` and `*.flux`, skipping entries whose name starts with `.`; the result is sorted by
/// path. Standard input (`-`) cannot be read twice, so it has no digest.
public struct ManifestDigest: Codable, Hashable, Sendable {
    /// One manifest file: its path as found (argument path joined with the relative path inside a
    /// directory argument) and the SHA-256 of its bytes, lowercase hex.
    public struct File: Codable, Hashable, Sendable {
        public var path: String
        public var sha256: String

        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// Always `sha256`.
    public var algorithm: String
    /// SHA-256 over every file's path and digest, in order; lowercase hex.
    public var value: String
    /// The files, sorted by path.
    public var files: [File]

    /// Builds a digest from per-file digests (sorted here).
    public init(files: [File]) {
        let sorted = files.sorted { $0.path < $1.path }
        self.algorithm = "sha256"
        self.files = sorted
        self.value = SHA256Hex.digest(fields: sorted.flatMap { [$0.path, $0.sha256] })
    }

    /// Reads and digests the manifest files under `paths`.
    /// - Throws: `ManifestDigestError` when a path does not exist or cannot be read, or is `-`.
    public static func compute(paths: [String], fileManager: FileManager = .default) throws(ManifestDigestError) -> ManifestDigest {
        var files: [File] = []
        for path in paths {
            if path == "-" { throw ManifestDigestError("standard input (-) cannot be read again to check a saved plan; pass manifest files or directories instead") }
            for file in try manifestFiles(at: path, fileManager: fileManager) {
                guard let data = fileManager.contents(atPath: file) else {
                    throw ManifestDigestError("\(file): cannot read manifest file")
                }
                files.append(File(path: file, sha256: SHA256Hex.digest(data)))
            }
        }
        return ManifestDigest(files: files)
    }

    /// The file-level differences from `old` to `self`, one sentence each, in path order:
    /// `manifest file a.yml changed`, `manifest file b.yml was added`,
    /// `manifest file c.yml was removed`. Empty when the digests are equal.
    public func differences(since old: ManifestDigest) -> [String] {
        let before = Dictionary(old.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        var out: [String] = []
        for path in Set(before.keys).union(after.keys).sorted() {
            switch (before[path], after[path]) {
            case let (b?, a?) where b != a: out.append("manifest file \(path) changed")
            case (nil, _?): out.append("manifest file \(path) was added")
            case (_?, nil): out.append("manifest file \(path) was removed")
            default: break
            }
        }
        if out.isEmpty && value != old.value { out.append("the manifest digest changed (\(old.value) → \(value))") }
        return out
    }

    static let extensions: Set<String> = ["yml", "yaml", "json", "flux"]

    static func manifestFiles(at path: String, fileManager: FileManager) throws(ManifestDigestError) -> [String] {
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ManifestDigestError("\(path): no such file or directory")
        }
        guard isDirectory.boolValue else { return [path] }
        var found: [String] = []
        var pending = [path]
        while let dir = pending.popLast() {
            let entries: [String]
            do { entries = try fileManager.contentsOfDirectory(atPath: dir) } catch {
                throw ManifestDigestError("\(dir): cannot list directory")
            }
            for entry in entries where !entry.hasPrefix(".") {
                let full = dir.hasSuffix("/") ? dir + entry : dir + "/" + entry
                var sub: ObjCBool = false
                guard fileManager.fileExists(atPath: full, isDirectory: &sub) else { continue }
                if sub.boolValue {
                    pending.append(full)
                } else if let ext = entry.split(separator: ".").last, entry.contains("."), extensions.contains(ext.lowercased()) {
                    found.append(full)
                }
            }
        }
        return found.sorted()
    }
}

/// The manifests of a saved plan cannot be digested.
public struct ManifestDigestError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
