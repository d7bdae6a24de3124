import Foundation

extension SavedPlan {
    /// Makes the document `plan --out FILE` writes.
    /// - Parameters:
    ///   - plan: the plan just computed.
    ///   - manifestPaths: the paths given to `plan` (files or directories; not `-`), relative to
    ///     `workingDirectory` or absolute.
    ///   - manifestDigest: the digest of the manifests the plan was made from, as `plan` read
    ///     them (`ManifestLoader.Parsed.manifestDigest`), paths as found.
    ///   - live: the live state the plan was computed from.
    ///   - scope: what the plan read of another configuration's tasks
    ///     (`LiveFingerprint.Scope(desired:ownerLabel:)`); nil counts every task whole.
    ///   - createdAt: the time of planning.
    ///   - target: the `--target` name, nil without one.
    ///   - baseDirectory: the directory paths are stored relative to: the plan file's directory,
    ///     or the targets file's directory when `target` is set.
    ///   - policies: the policies the plan was made with (recorded when not empty).
    ///   - planFlags: the flags `plan` was given besides the connection and the paths, as given.
    ///   - envRefs: the env ref values the manifests were read with (recorded when not empty).
    public static func make(
        plan: Plan, manifestPaths: [String], manifestDigest digest: ManifestDigest, live: LiveState, scope: LiveFingerprint.Scope? = nil,
        createdAt: Date, target: String? = nil,
        policies: Policies = Policies(), planFlags: [String]? = nil, envRefs: [String: String] = [:], baseDirectory: String,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> SavedPlan {
        func stored(_ path: String) -> String {
            PathRelativity.stored(path, relativeTo: baseDirectory, workingDirectory: workingDirectory)
        }
        var saved = SavedPlan(
            createdAt: RFC3339.format(createdAt), target: target,
            manifestPathBase: target == nil ? .planFile : .targetsFile,
            manifestPaths: manifestPaths.map(stored),
            manifestDigest: ManifestDigest(files: digest.files.map { .init(path: stored($0.path), sha256: $0.sha256) }),
            liveFingerprint: LiveFingerprint(live: live, scope: scope), plan: plan,
            policies: policies.isEmpty ? nil : policies)
        saved.planFlags = planFlags
        saved.envRefs = envRefs.isEmpty ? nil : envRefs
        return saved
    }

    /// True when `data` looks like a saved plan (a JSON object with `formatVersion` and
    /// `plan`, see `ToolOutputDocument`), as opposed to a JSON manifest (which has
    /// `apiVersion`/`kind`). `apply FILE` uses this to choose between applying a saved plan and
    /// planning from manifests.
    public static func looksLikeSavedPlan(_ data: Data) -> Bool {
        ToolOutputDocument.recognise(data) == .savedPlan
    }

    /// The manifest paths to read again: stored paths resolved against `baseDirectory` (the
    /// directory `manifestPathBase` names), then written relative to `workingDirectory` when
    /// inside it. Format 1 paths are returned as stored.
    public func resolvedManifestPaths(
        baseDirectory: String,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> [String] {
        guard manifestPathBase != nil else { return manifestPaths }
        return manifestPaths.map {
            PathRelativity.display(PathRelativity.absolute($0, in: baseDirectory), workingDirectory: workingDirectory)
        }
    }

    /// Checks that the plan may still be applied: re-digests the manifests under
    /// `manifestPaths` (resolved against `baseDirectory`) and compares them and `live` with what
    /// the plan was computed from. Moved files are named relative to the working directory.
    /// - Parameters:
    ///   - source: the saved plan's path, for messages.
    ///   - baseDirectory: the directory `manifestPathBase` names (unused for format 1).
    ///   - replanCommand: the complete command that makes a new plan, for the hint
    ///     (`replanCommand(source:manifestArguments:connectionFlags:)`).
    ///   - limits: the caps the manifests are read under (`--max-manifest-bytes`).
    /// - Throws: `SavedPlanError.stale` listing every file and resource that moved, or a
    ///   `SavedPlanError` when a manifest path cannot be read any more.
    public func verify(
        source: String, live: LiveState, baseDirectory: String, replanCommand: String, limits: ManifestLimits = .default,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(SavedPlanError) {
        var reasons: [String] = []
        do {
            if manifestPathBase == nil {
                reasons += try ManifestDigest.compute(paths: manifestPaths, limits: limits).differences(since: manifestDigest)
            } else {
                // Both sides named the same way: relative to the working directory when inside it.
                func display(_ path: String) -> String {
                    PathRelativity.display(PathRelativity.absolute(path, in: baseDirectory), workingDirectory: workingDirectory)
                }
                let now = try ManifestDigest.compute(paths: manifestPaths.map { PathRelativity.absolute($0, in: baseDirectory) }, limits: limits)
                reasons += ManifestDigest(files: now.files.map { .init(path: display($0.path), sha256: $0.sha256) })
                    .differences(since: ManifestDigest(files: manifestDigest.files.map { .init(path: display($0.path), sha256: $0.sha256) }))
            }
        } catch {
            reasons.append("the manifests cannot be read again: \(error.message)")
        }
        reasons += LiveFingerprint(live: live, scope: liveFingerprint.scope).differences(since: liveFingerprint)
        if !reasons.isEmpty {
            throw SavedPlanError.stale(source: source, reasons: reasons, command: replanCommand)
        }
    }

    /// The complete command that makes this plan again, ready to paste:
    /// `influxsync plan <manifestArguments…> --out <source> [--owner-label L] [--prune]
    /// [--prune-labels-in-use] <connectionFlags…>`, each word shell-quoted when needed.
    /// `--owner-label` is repeated when the plan used another than `influxsync`, `--prune` when
    /// the plan deletes, `--prune-labels-in-use` when it deletes a label unmanaged tasks carry.
    /// - Parameters:
    ///   - manifestArguments: the paths to name (none when a `--target` in `connectionFlags`
    ///     supplies them).
    ///   - connectionFlags: the connection flags (`--target`, `--host`, … never the token).
    public func replanCommand(source: String, manifestArguments: [String], connectionFlags: [String]) -> String {
        var words = ["plan"] + manifestArguments + ["--out", source]
        if let planFlags {
            words += planFlags
        } else {
            // Saved before the flags were recorded: what the plan itself shows.
            if plan.ownerLabel != PlanOptions().ownerLabel { words += ["--owner-label", plan.ownerLabel] }
            if plan.changes.contains(where: { $0.action == .delete }) { words.append("--prune") }
            if plan.changes.contains(where: { $0.action == .delete && $0.unmanagedTasks != nil }) { words.append("--prune-labels-in-use") }
        }
        return "influxsync " + ShellWords.join(words + connectionFlags)
    }
}
