import Foundation

/// A JSON document that influxsync itself writes: a saved plan (`plan --out FILE`), a JSON
/// plan (`plan --format json`), a JSON drift report (`drift --format json`), a JSON apply
/// result (`apply --format json`) or a sandbox state file (`--sandbox FILE`, `sandbox serve
/// --data FILE`).
///
/// Such files often land next to the manifests (`plan . --out plan.json`), so the loader and
/// the manifest digest recognise them and leave them out: the tool never reads its own output
/// as input. A document is recognised by its version marker — a top-level JSON object with a
/// numeric `formatVersion` and neither `apiVersion` nor `kind` (which every template resource
/// has) — and by the keys its format always writes (`schemas/*.schema.json`).
public enum ToolOutputDocument: String, Sendable, CaseIterable {
    /// `plan --out FILE`: `formatVersion`, `plan`, `manifestDigest`, `liveFingerprint`.
    case savedPlan = "saved plan"
    /// `plan --format json`: `formatVersion`, `hasChanges`, `changes`, `summary`.
    case plan = "JSON plan"
    /// `drift --format json`: `formatVersion`, `checkedAt`, `findings`, `runHealth`.
    case driftReport = "JSON drift report"
    /// `apply --format json`: `formatVersion`, `result`, `outcomes`, `plan`.
    case applyResult = "JSON apply result"
    /// The sandbox's state: `formatVersion`, `orgs`, `tokens`, `tasks`, `labels`.
    case sandboxState = "sandbox state file"

    /// The kind of tool output `data` holds, or nil when it is anything else (a template, a
    /// CI configuration, invalid JSON).
    public static func recognise(_ data: Data) -> ToolOutputDocument? {
        // Cheap checks first: only a JSON object that mentions formatVersion can match.
        guard let first = data.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }), first == UInt8(ascii: "{"),
            data.range(of: Data("\"formatVersion\"".utf8)) != nil,
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            object["formatVersion"] is NSNumber, object["apiVersion"] == nil, object["kind"] == nil
        else { return nil }
        let keys = Set(object.keys)
        if keys.isSuperset(of: ["result", "outcomes", "plan"]) { return .applyResult }
        if keys.contains("plan") { return .savedPlan }
        if keys.isSuperset(of: ["hasChanges", "changes"]) { return .plan }
        if keys.isSuperset(of: ["checkedAt", "findings"]) { return .driftReport }
        if keys.isSuperset(of: ["orgs", "tokens", "tasks", "labels"]) { return .sandboxState }
        return nil
    }
}
