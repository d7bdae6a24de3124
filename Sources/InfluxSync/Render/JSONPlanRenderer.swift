import Foundation

/// Renders a plan as JSON for machines (`plan --format json`), documented by
/// `schemas/plan.schema.json` (JSON Schema draft 2020-12).
///
/// Top level: `formatVersion` (1), `orgID`, `ownerLabel`, `hasChanges` (true when applying
/// would send a request), `summary` (`add`, `change`, `destroy`, `adopt`, `wouldPrune`),
/// `changes` (each: `action` `create|update|adopt|delete|would-prune`, `resource`
/// {`kind`, `name`, `id`, `location`}, `fields` [{`field`, `old`, `new`}], `fluxDiff`,
/// `labelsAdded`, `labelsRemoved`, `operations` [{`phase`, `method`, `path`, `body`}]) and
/// `unmanaged` (resources) and `ignored` (resources with differences an `ignore` policy keeps
/// live: `resource`, `fields` [{`field`, `live`, `manifest`, `rule`}]). Every key is always present; absent values are `null`. Keys are
/// sorted, output is indented by two spaces and ends with a newline; no colour codes.
public enum JSONPlanRenderer {
    /// The plan as a JSON document.
    public static func render(_ plan: Plan) -> String {
        guard !plan.changes.isEmpty else { return encodeJSON(JSONPlanDocument(plan: plan)) }
        // The same text as encoding the whole document at once, built change by change: the
        // encoder keeps a tree of everything it encodes, which for 10,000 changed tasks held
        // more memory than the plan itself. `changes` sorts first among the top-level keys,
        // and a pretty-printed element is the element's own document with each non-empty line
        // indented by four spaces (JSON strings never hold a raw line break, so indenting by
        // line is safe).
        let encoder = jsonEncoder()
        var out = "{\n  \"changes\" : [\n"
        for (index, change) in plan.changes.enumerated() {
            if index > 0 { out += ",\n" }
            let element = try! encoder.encode(JSONChange(change))
            var lineStart = true
            var bytes: [UInt8] = []
            bytes.reserveCapacity(element.count + element.count / 8)
            for byte in element {
                // (An empty array prints as "[", an empty line, "]": the empty line stays empty.)
                if lineStart && byte != 0x0A { bytes.append(contentsOf: [0x20, 0x20, 0x20, 0x20]) }
                bytes.append(byte)
                lineStart = byte == 0x0A
            }
            if index == 0 {
                // Room for all the changes at the first one's size and half as much again, so the
                // text is not copied each time it outgrows its buffer; pages never written are
                // never made resident, so reserving too much costs address space, not memory.
                out.reserveCapacity(out.utf8.count + (bytes.count + 2) * plan.changes.count * 3 / 2 + 4096)
            }
            out += String(decoding: guardingLegacyWorkflowCommands(bytes) ?? bytes, as: UTF8.self)
        }
        out += "\n  ],\n"
        // The rest of the document, without its opening "{\n".
        out += encodeJSON(JSONPlanDocument(plan: plan, includeChanges: false)).dropFirst(2)
        return out
    }
}

/// Encodes a rendering document: sorted keys, pretty-printed, `/` unescaped, trailing newline.
/// Every JSON document the tool prints goes through it.
public func encodeJSON(_ value: some Encodable) -> String {
    let encoder = jsonEncoder()
    // The documents are plain values whose encoding cannot fail.
    var data = try! encoder.encode(value)
    // The newline goes into the bytes: `String(decoding:) + "\n"` copied a large plan twice.
    data.append(0x0A)
    if let guarded = guardingLegacyWorkflowCommands(data) { return String(decoding: guarded, as: UTF8.self) }
    return String(decoding: data, as: UTF8.self)
}

/// JSON `bytes` with every `##[` (the GitHub Actions runner's older command syntax, which it
/// matches anywhere in a line of a step's output) written `#\u0023[`; nil when there is none.
/// Outside strings JSON never holds `##[`, and inside one `\u0023` reads back as `#`, so the
/// document means the same (as `DisplayText` does for text: a task name cannot issue commands
/// to the runner through `--format json` either).
func guardingLegacyWorkflowCommands(_ bytes: some Collection<UInt8>) -> [UInt8]? {
    var out: [UInt8]?
    var previous: UInt8 = 0
    var iterator = bytes.makeIterator()
    var index = 0
    var pending = iterator.next()
    while let byte = pending {
        let next = iterator.next()
        if byte == 0x23, previous == 0x23, next == 0x5B {
            if out == nil {
                out = Array(bytes.prefix(index))
                out!.reserveCapacity(bytes.count + 64)
            }
            out!.append(contentsOf: Array("\\u0023".utf8))
        } else {
            out?.append(byte)
        }
        previous = byte
        pending = next
        index += 1
    }
    return out
}

/// The encoder of every rendering document: sorted keys, pretty-printed, `/` unescaped.
func jsonEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return encoder
}
