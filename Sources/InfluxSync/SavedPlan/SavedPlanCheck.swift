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
    /// `plan`), as opposed to a JSON manifest (which has `apiVersion`/`kind`). `apply FILE`
    /// uses this to choose between applying a saved plan and planning from manifests.
    public static func looksLikeSavedPlan(_ data: Data) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["formatVersion"] != nil && object["plan"] != nil
    }

    /// Checks that the plan may still be applied: re-digests the manifests under
    /// `manifestPaths` and compares them and `live` with what the plan was computed from.
    /// - Parameter source: the saved plan's path, for messages.
    /// - Throws: `SavedPlanError.stale` listing every file and resource that moved, or a
    ///   `SavedPlanError` when a manifest path cannot be read any more.
    public func verify(source: String, live: LiveState) throws(SavedPlanError) {
        var reasons: [String] = []
        do {
            let digest = try ManifestDigest.compute(paths: manifestPaths)
            reasons += digest.differences(since: manifestDigest)
        } catch {
            reasons.append("the manifests cannot be read again: \(error.message)")
        }
        reasons += LiveFingerprint(live: live).differences(since: liveFingerprint)
        if !reasons.isEmpty { throw SavedPlanError.stale(source: source, reasons: reasons) }
    }
}
