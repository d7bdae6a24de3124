import Foundation

/// Renders a plan as JSON for machines (`plan --format json`), documented by
/// `schemas/plan.schema.json` (JSON Schema draft 2020-12).
///
/// Top level: `formatVersion` (1), `orgID`, `ownerLabel`, `hasChanges` (true when applying
/// would send a request), `summary` (`add`, `change`, `destroy`, `adopt`, `wouldPrune`),
/// `changes` (each: `action` `create|update|adopt|delete|would-prune`, `resource`
/// {`kind`, `name`, `id`, `location`}, `fields` [{`field`, `old`, `new`}], `fluxDiff`,
/// `labelsAdded`, `labelsRemoved`, `operations` [{`phase`, `method`, `path`, `body`}]) and
/// `unmanaged` (resources). Every key is always present; absent values are `null`. Keys are
/// sorted, output is indented by two spaces and ends with a newline; no colour codes.
public enum JSONPlanRenderer {
    /// The plan as a JSON document.
    public static func render(_ plan: Plan) -> String {
        encodeJSON(JSONPlanDocument(plan: plan))
    }
}

/// Encodes a rendering document: sorted keys, pretty-printed, `/` unescaped, trailing newline.
func encodeJSON(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // The documents are plain values whose encoding cannot fail.
    let data = try! encoder.encode(value)
    return String(decoding: data, as: UTF8.self) + "\n"
}
