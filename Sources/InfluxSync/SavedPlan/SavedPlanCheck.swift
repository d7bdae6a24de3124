import Foundation

extension SavedPlan {
    /// Makes the document `plan --out FILE` writes.
    /// - Parameters:
    ///   - plan: the plan just computed.
    ///   - manifestPaths: the paths given to `plan` (files or directories; not `-`).
    ///   - live: the live state the plan was computed from.
    ///   - createdAt: the time of planning.
    /// - Throws: `ManifestDigestError` when a manifest path cannot be digested (or is `-`).
    public static func make(plan: Plan, manifestPaths: [String], live: LiveState, createdAt: Date) throws(ManifestDigestError) -> SavedPlan {
        SavedPlan(createdAt: RFC3339.format(createdAt), manifestPaths: manifestPaths,
                  manifestDigest: try ManifestDigest.compute(paths: manifestPaths),
                  liveFingerprint: LiveFingerprint(live: live), plan: plan)
    }

    /// True when `data` looks like a saved plan (a JSON object with `formatVersion` and
    /// `plan`, see `ToolOutputDocument`), as opposed to a JSON manifest (which has
    /// `apiVersion`/`kind`). `apply FILE` uses this to choose between applying a saved plan and
    /// planning from manifests.
    public static func looksLikeSavedPlan(_ data: Data) -> Bool {
        ToolOutputDocument.recognise(data) == .savedPlan
    }

    /// Checks that the plan may still be applied: re-digests the manifests under
    /// `manifestPaths` and compares them and `live` with what the plan was computed from.
    /// - Parameters:
    ///   - source: the saved plan's path, for messages.
    ///   - connectionFlags: the connection flags `apply` was given (never the token), repeated
    ///     in the hint's `plan` command.
    /// - Throws: `SavedPlanError.stale` listing every file and resource that moved, or a
    ///   `SavedPlanError` when a manifest path cannot be read any more.
    public func verify(source: String, live: LiveState, connectionFlags: [String] = []) throws(SavedPlanError) {
        var reasons: [String] = []
        do {
            let digest = try ManifestDigest.compute(paths: manifestPaths)
            reasons += digest.differences(since: manifestDigest)
        } catch {
            reasons.append("the manifests cannot be read again: \(error.message)")
        }
        reasons += LiveFingerprint(live: live).differences(since: liveFingerprint)
        if !reasons.isEmpty {
            throw SavedPlanError.stale(source: source, reasons: reasons,
                                       command: replanCommand(source: source, connectionFlags: connectionFlags))
        }
    }

    /// The complete command that makes this plan again, ready to paste:
    /// `influxsync plan <manifestPaths…> --out <source> [--owner-label L] [--prune]
    /// [--prune-labels-in-use] <connectionFlags…>`, each word shell-quoted when needed.
    /// `--owner-label` is repeated when the plan used another than `influxsync`, `--prune` when
    /// the plan deletes, `--prune-labels-in-use` when it deletes a label unmanaged tasks carry.
    public func replanCommand(source: String, connectionFlags: [String]) -> String {
        var words = ["plan"] + manifestPaths + ["--out", source]
        if plan.ownerLabel != PlanOptions().ownerLabel { words += ["--owner-label", plan.ownerLabel] }
        if plan.changes.contains(where: { $0.action == .delete }) { words.append("--prune") }
        if plan.changes.contains(where: { $0.action == .delete && $0.unmanagedTasks != nil }) { words.append("--prune-labels-in-use") }
        return "influxsync " + ShellWords.join(words + connectionFlags)
    }
}
