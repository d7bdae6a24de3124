import Foundation

/// A plan saved by `plan --out FILE` and applied by `apply FILE`: a versioned JSON document
/// holding the `Plan` itself (changes with their exact requests), the digest of the manifests it
/// was computed from, and the fingerprint of the live state it read.
///
/// `apply FILE` re-reads the manifests and the live state and refuses — naming what moved —
/// when either differs (`staleness(manifests:live:)`), so a saved plan is only ever applied to
/// the state it was made for. The document never holds the token or the host: only IDs, names,
/// hashes and the request bodies of the plan.
///
/// Shape (keys sorted, pretty-printed):
/// `{"formatVersion": 2, "createdAt": RFC 3339, "target": name (only with --target),
///   "manifestPathBase": "planFile" | "targetsFile", "manifestPaths": [..], "manifestDigest": {..},
///   "liveFingerprint": {..}, "plan": {..}, "policies": {"ignore": [..], "protect": [..]} (only
///   when influxsync.yaml has policies)}`.
///
/// Manifest paths (and the digest's file paths) are stored relative to the directory of the plan
/// file, or of the targets file (`influxsync.yaml`) for a plan made with `--target`, so a plan
/// made in one checkout applies from another. Format 1 (paths as given on the command line, no
/// target) is still read.
public struct SavedPlan: Codable, Hashable, Sendable {
    /// What relative manifest paths of a saved plan are relative to.
    public enum ManifestPathBase: String, Codable, Hashable, Sendable {
        /// The directory that holds the saved plan file.
        case planFile
        /// The directory that holds the targets file (`influxsync.yaml`) of `target`.
        case targetsFile
    }

    /// The format this build writes.
    public static let currentFormatVersion = 2
    /// The formats this build reads: 1 (paths as given, relative to the working directory) and 2.
    public static let readableFormatVersions = [1, 2]

    /// Format of the document: 2 (written), or 1 (read only).
    public var formatVersion: Int
    /// When the plan was made (RFC 3339, UTC, whole seconds). Informational.
    public var createdAt: String
    /// The target (`--target NAME`) the plan was made for; nil without one.
    public var target: String?
    /// What relative `manifestPaths` and digest paths are relative to; nil in format 1 (the
    /// working directory of `apply`).
    public var manifestPathBase: ManifestPathBase?
    /// The manifest paths (re-read by `apply FILE`), relative to `manifestPathBase` when they
    /// lie inside it, else absolute.
    public var manifestPaths: [String]
    /// Digest of the manifest files under `manifestPaths`.
    public var manifestDigest: ManifestDigest
    /// Fingerprint of the live state the plan was computed from.
    public var liveFingerprint: LiveFingerprint
    /// The plan to apply.
    public var plan: Plan
    /// The policies of influxsync.yaml the plan was made with (its ignore rules are already
    /// applied to `plan`); nil when there were none. `apply FILE` enforces these `protect`
    /// rules together with the ones the file holds then.
    public var policies: Policies?
    /// The flags `plan` was given besides the connection and the paths (`--env-ref`,
    /// `--env-file`, `--allow-flux`, `--owner-label`, `--prune`, …), as given, so a hint to
    /// make the plan again repeats them all; nil in plans saved before they were recorded.
    public var planFlags: [String]?
    /// The env ref values the manifests were read with (`--env-ref`, `--env-file`, the
    /// target's), to read them again the same way; nil when there were none.
    public var envRefs: [String: String]?

    /// Creates a saved plan of the current `formatVersion`; `createdAt` is RFC 3339, UTC, whole seconds.
    public init(
        createdAt: String, target: String? = nil, manifestPathBase: ManifestPathBase = .planFile,
        manifestPaths: [String], manifestDigest: ManifestDigest, liveFingerprint: LiveFingerprint, plan: Plan,
        policies: Policies? = nil
    ) {
        self.formatVersion = Self.currentFormatVersion
        self.createdAt = createdAt
        self.target = target
        self.manifestPathBase = manifestPathBase
        self.manifestPaths = manifestPaths
        self.manifestDigest = manifestDigest
        self.liveFingerprint = liveFingerprint
        self.plan = plan
        self.policies = policies
    }

    /// The document as JSON text (sorted keys, two-space indentation, trailing newline), by
    /// `encodeJSON` as every document the tool writes.
    public func encoded() -> String {
        encodeJSON(self)
    }

    /// Reads a saved plan.
    /// - Parameter source: how to name the document in errors (the file path).
    /// - Throws: `SavedPlanError` when the data is not JSON, not a saved plan, of another
    ///   `formatVersion`, or malformed (the message names the JSON path at fault).
    public static func decode(_ data: Data, source: String) throws(SavedPlanError) -> SavedPlan {
        struct Header: Decodable { var formatVersion: Int? }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: data) } catch {
            throw SavedPlanError("\(source): not a saved plan: the file is not a JSON object")
        }
        guard let version = header.formatVersion else {
            throw SavedPlanError("\(source): not a saved plan: no \"formatVersion\" (write one with `influxsync plan --out \(source)`)")
        }
        guard readableFormatVersions.contains(version) else {
            throw SavedPlanError(
                "\(source): saved plan formatVersion \(version) is not supported; this influxsync reads formatVersion \(readableFormatVersions.map(String.init).joined(separator: " and "))"
            )
        }
        do {
            var saved = try JSONDecoder().decode(SavedPlan.self, from: data)
            if version == 1 { saved.target = nil; saved.manifestPathBase = nil }
            return saved
        } catch let error as DecodingError {
            throw SavedPlanError("\(source): malformed saved plan: \(describe(error))")
        } catch {
            throw SavedPlanError("\(source): malformed saved plan: \(error)")
        }
    }

    /// What moved since the plan was made, one sentence each: manifest files first, then the
    /// live state (see `ManifestDigest.differences(since:)`, `LiveFingerprint.differences(since:)`).
    /// Empty when the plan may be applied.
    public func staleness(manifests: ManifestDigest, live: LiveFingerprint) -> [String] {
        manifests.differences(since: manifestDigest) + live.differences(since: liveFingerprint)
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "at the top level" : "at \(p.hasPrefix(".") ? String(p.dropFirst()) : p)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key \"\(key.stringValue)\" \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) \(path(context))"
        @unknown default: return "\(error)"
        }
    }
}

/// A saved plan cannot be read, or may not be applied because what it was computed from moved.
public struct SavedPlanError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The whole message, possibly several lines.
    public var message: String
    /// Creates an error with that message.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }

    /// The refusal `apply FILE` prints when `staleness` is not empty:
    /// ```
    /// saved plan p.json is stale; nothing was applied. Since the plan was made:
    ///   - task "cpu" (0000000000000001) changed since the plan (updatedAt … → …)
    ///   hint: make and review a new plan: influxsync plan manifests --out p.json --org acme
    /// ```
    /// - Parameter command: the complete command that makes a new plan (see
    ///   `SavedPlan.replanCommand(source:connectionFlags:)`).
    public static func stale(source: String, reasons: [String], command: String) -> SavedPlanError {
        var lines = ["saved plan \(source) is stale; nothing was applied. Since the plan was made:"]
        lines += reasons.map { "  - \($0)" }
        lines.append("  hint: make and review a new plan: \(command)")
        return SavedPlanError(lines.joined(separator: "\n"))
    }
}
