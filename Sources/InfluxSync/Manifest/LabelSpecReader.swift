import Yams

/// Reads the `spec` of a `kind: Label` document: `name`, `color` (kept as written; a warning
/// unless `#rrggbb` or `#rgb`), `description`,
/// our `id` (pins the label to a live label ID, for orgs holding same-named labels) and our
/// `previousNames` (rename in place).
struct LabelSpecReader {
    let reader: ManifestNodeReader

    /// The label, or nil when `key` is nil (no usable metadata.name) or the spec is unusable.
    func read(spec: YAMLNode?, key: Located<String>?, documentLocation: SourceLocation) -> LabelDocument? {
        var fields = MappingFields()
        if let spec, !ManifestNodeReader.isNull(spec) {
            guard let read = reader.entries(of: spec, path: "spec", what: "Label spec", allowed: ManifestVocabulary.labelSpecFields) else { return nil }
            fields = read
        }
        var name: Located<String>?
        if let given = reader.scalar(fields["name"]?.value, path: "spec.name", what: "spec.name") {
            name = Located(value: given.value, location: given.location, field: "spec.name")
        } else if let key {
            name = key
        }
        if var display = name {
            let trimmed = display.value.trimmingWhitespace()
            if trimmed.isEmpty {
                reader.error(display.location, field: display.field, "label name is empty", hint: "give the label a name")
                name = nil
            } else if trimmed != display.value {
                reader.warning(
                    display.location, field: display.field,
                    "label name \(display.value.quoted) has surrounding whitespace; InfluxDB stores it as \(trimmed.quoted)",
                    hint: "write \(trimmed.quoted)")
                display.value = trimmed
                name = display
            }
        }
        var color: String?
        if let field = reader.scalar(fields["color"]?.value, path: "spec.color", what: "spec.color") {
            // InfluxDB stores any text; other tools set `#abc` or `red`. Kept as written (the
            // plan compares it as stored), with a warning when it is not a hex colour.
            color = field.value
            // (`""` is no colour: it equals an absent one.)
            if !field.value.isEmpty && !Self.isColor(field.value) && !Self.isShortColor(field.value) {
                reader.warning(
                    field.location, field: "spec.color",
                    "color \(field.value.quoted) is not a hex color (#rrggbb or #rgb); InfluxDB stores it as written and its UI may not show it",
                    hint: "write a hex color in quotes, e.g. `color: \"#326BBA\"`, or keep it if another tool set it")
            }
        } else if let entry = fields["color"], ManifestNodeReader.isNull(entry.value),
            reader.source.line(reader.location(entry.keyNode).line).contains("#")
        {
            reader.error(
                reader.location(entry.keyNode), field: "spec.color", "color is empty: an unquoted # starts a YAML comment",
                hint: "quote the color: `color: \"#326BBA\"`")
        }
        let description = reader.scalar(fields["description"]?.value, path: "spec.description", what: "spec.description")?.value
        let pinnedID = readID(reader.scalar(fields["id"]?.value, path: "spec.id", what: "spec.id"))
        let previousNames = reader.previousNames(fields["previousNames"]).map { $0.trimmingWhitespace() }
        guard let key, let name else { return nil }
        return LabelDocument(
            key: key, name: name, color: color,
            description: description?.isEmpty == true ? nil : description,
            pinnedID: pinnedID, previousNames: previousNames, location: documentLocation)
    }

    /// `spec.id`: 16 hexadecimal characters, not all zero; lowercased.
    private func readID(_ field: ScalarField?) -> Located<String>? {
        guard let field else { return nil }
        let scalars = Array(field.value.unicodeScalars)
        guard scalars.count == 16, scalars.allSatisfy({ $0.properties.isASCIIHexDigit }), scalars.contains(where: { $0 != "0" }) else {
            reader.error(
                field.location, field: "spec.id", "invalid label ID \(field.value.quoted)",
                hint: "a label ID is 16 hexadecimal characters, as `influx label list` shows it")
            return nil
        }
        return Located(value: field.value.lowercased(), location: field.location, field: "spec.id")
    }

    /// True for `#rgb` (hex digits in either case), the short form CSS and some tools write.
    static func isShortColor(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 4, scalars[0] == "#" else { return false }
        return scalars.dropFirst().allSatisfy { $0.properties.isASCIIHexDigit }
    }

    /// True for `#rrggbb` (hex digits in either case).
    static func isColor(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 7, scalars[0] == "#" else { return false }
        return scalars.dropFirst().allSatisfy { $0.properties.isASCIIHexDigit }
    }
}
