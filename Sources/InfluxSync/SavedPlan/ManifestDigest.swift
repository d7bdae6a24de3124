import Foundation

/// A SHA-256 digest of the manifest files a plan was computed from: one digest per file and
/// one over all of them, so that `apply FILE` can tell exactly which file was edited, added or
/// removed since `plan --out FILE`.
///
/// Files are found exactly as `ManifestLoader` finds them (its `ManifestFileCollector`): a
/// path naming a file is taken as is (whatever its extension); a directory is searched
/// recursively for `*.yml`, `*.yaml`, `*.json` and `*.flux`, hidden entries skipped, sorted by
/// path. Standard input (`-`) cannot be read twice, so it has no digest.
public struct ManifestDigest: Codable, Hashable, Sendable {
    /// One manifest file: its path as found (argument path joined with the relative path inside a
    /// directory argument) and the SHA-256 of its bytes, lowercase hex.
    public struct File: Codable, Hashable, Sendable {
        /// Path as found (argument path joined with the path inside a directory argument).
        public var path: String
        /// SHA-256 of the file's bytes, lowercase hex.
        public var sha256: String

        /// Creates a file entry.
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
        var seen = Set<String>()
        for path in paths {
            if path == "-" { throw ManifestDigestError("standard input (-) cannot be read again to check a saved plan; pass manifest files or directories instead") }
            for file in try manifestFiles(at: path, fileManager: fileManager) where seen.insert(file).inserted {
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

    /// The files `ManifestLoader` reads for `path` (its own collector, so both agree).
    static func manifestFiles(at path: String, fileManager: FileManager) throws(ManifestDigestError) -> [String] {
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ManifestDigestError("\(path): no such file or directory")
        }
        return isDirectory.boolValue ? ManifestFileCollector.filesUnder(directory: path) : [path]
    }
}

/// The manifests of a saved plan cannot be digested.
public struct ManifestDigestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, naming the path at fault.
    public var message: String
    /// Creates an error with that message.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
