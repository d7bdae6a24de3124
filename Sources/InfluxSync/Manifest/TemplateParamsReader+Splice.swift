import Flux

extension TemplateParamsReader {
    /// The Flux literal of each setting, by parameter name; nil when one has no type or its
    /// value is not a literal of its type (each reported).
    func literals(of parameters: Parameters) -> [String: String]? {
        var ok = true
        var literals: [String: String] = [:]
        for name in parameters.order {
            guard let setting = parameters.settings[name] else { continue }
            guard let type = setting.type ?? parameters.types[name] else {
                reader.error(
                    setting.value.location, field: setting.path, "parameter \(name.quoted) has no type",
                    hint: "add `type:` (string, int, float, bool, duration or time) to its spec.params entry")
                ok = false
                continue
            }
            guard let literal = Self.literal(setting.value.value, type: type) else {
                reader.error(
                    setting.value.location, field: setting.path, "parameter \(name.quoted): \(setting.value.value.quoted) is not a Flux \(type)",
                    hint: Self.example(type))
                ok = false
                continue
            }
            literals[name] = literal
        }
        return ok ? literals : nil
    }

    /// `source` with the literals written into the record: values replaced in place, new keys
    /// (in `order`) appended before the closing brace; the rest of the query as written.
    static func splice(_ literals: [String: String], order: [String], into record: ParamsRecord, of file: FluxFile, source: String) -> String {
        var edits: [(range: Range<Int>, text: String)] = []
        var present = Set<String>()
        for property in record.properties {
            let name = FluxStringLiteral.value(of: property.key) ?? property.key
            present.insert(name)
            guard let literal = literals[name], let value = property.value else { continue }
            edits.append((file.tokens[value.firstToken].range.lowerBound..<file.tokens[value.lastToken].range.upperBound, literal))
        }
        let added = order.filter { !present.contains($0) && literals[$0] != nil }.map { "\($0): \(literals[$0]!)" }
        if !added.isEmpty {
            let closing = file.tokens[record.value.lastToken]
            let before = file.tokens[record.value.lastToken - 1]
            let separator = before.is(",") || before.is("{") ? "" : ", "
            edits.append((closing.range.lowerBound..<closing.range.lowerBound, separator + added.joined(separator: ", ")))
        }
        var scalars = Array(source.unicodeScalars)
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            scalars.replaceSubrange(edit.range, with: Array(edit.text.unicodeScalars))
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }
}
