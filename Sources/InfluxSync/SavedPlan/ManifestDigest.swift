import Foundation

/// A SHA-256 digest of the manifest files a plan was computed from: one digest per file and
/// one over all of them, so that `apply FILE` can tell exactly which file was edited, added or
/// removed since `plan --out FILE`.
///
/// Files are found exactly as `ManifestLoader` finds them (its `ManifestFileCollector`): a
/// path naming a file is taken as is (whatever its extension); a directory is searched
/// recursively for `*.yml`, `*.yaml`, `*.json` and `*.flux`, hidden entries skipped, sorted by
/// path. Only files that hold resources count (`ManifestLoader.resourceFiles(paths:)`): a saved
/// plan or report written next to the manifests, or a CI configuration, never makes a plan
/// stale. Standard input (`-`) cannot be read twice, so it has no digest.
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

    /// Reads and digests the manifest files under `paths` that hold resources
    /// (`ManifestLoader.resourceFiles(paths:)`): files influxsync wrote (a saved plan, a JSON
    /// report), files that are not templates and `.flux` files without `option task` do not count.
    /// Each file is hashed from the bytes read to find whether it holds resources, under
    /// `limits` (`--max-manifest-bytes`). `plan --out` takes the digest of its own read instead
    /// (`ManifestLoader.Parsed.manifestDigest`), which equals this one for the same files.
    /// - Throws: `ManifestDigestError` when a path does not exist or cannot be read (over the
    ///   size limit included), or is `-`.
    public static func compute(
        paths: [String], limits: ManifestLimits = .default,
        fileManager: FileManager = .default
    ) throws(ManifestDigestError) -> ManifestDigest {
        try checkPaths(paths, fileManager: fileManager)
        let found = ManifestLoader.digestedResourceFiles(paths: paths, limits: limits)
        return try digest(files: found.files, problems: found.problems)
    }

    /// The paths' own checks, made before anything is read: `-` (standard input cannot be
    /// read again) and a path that does not exist are errors.
    static func checkPaths(_ paths: [String], fileManager: FileManager = .default) throws(ManifestDigestError) {
        for path in paths {
            if path == "-" { throw ManifestDigestError("standard input (-) cannot be read again to check a saved plan; pass manifest files or directories instead") }
            guard fileManager.fileExists(atPath: path) else { throw ManifestDigestError("\(path): no such file or directory") }
        }
    }

    /// The digest of `files`, or the first error of `problems` (the paths' read problems,
    /// `file: message`) when there is one.
    static func digest(files: [File], problems: [Diagnostic]) throws(ManifestDigestError) -> ManifestDigest {
        if let problem = problems.first(where: { $0.severity == .error }) {
            throw ManifestDigestError(problem.location.map { "\($0.file): \(problem.message)" } ?? problem.message)
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
