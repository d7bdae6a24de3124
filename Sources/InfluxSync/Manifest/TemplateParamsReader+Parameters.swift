import Flux

extension TemplateParamsReader {
    /// The query's `option params = {…}` record: its properties and the record expression.
    typealias ParamsRecord = (properties: [FluxProperty], value: FluxExpression)

    /// The parameters: their names in order (the record's, then the entries', then the
    /// `--env-ref`s'), the type each has, and the settings to write into the record.
    struct Parameters {
        var order: [String] = []
        var types: [String: String] = [:]
        var settings: [String: Setting] = [:]
    }

    /// The first `option params` statement of `file` whose value is a plain record.
    static func paramsRecord(in file: FluxFile) -> ParamsRecord? {
        file.body.lazy.compactMap { statement -> ParamsRecord? in
            guard case .option("params", let value) = statement.kind, case .record(nil, let properties, _) = value.kind else { return nil }
            return (properties, value)
        }.first
    }

    /// Collects the parameters: the record's properties (typed by their literals), the
    /// `spec.params` entries, then each `--env-ref …spec.params.<key>` (`envSettings`: the env-ref
    /// key and the parameter's name); nil when an entry was reported or nothing is to be written.
    func readParameters(
        record: ParamsRecord?, entry: MappingEntry?, key: Located<String>?,
        envSettings: [(envKey: String, name: String)], query: ScalarField
    ) -> Parameters? {
        var parameters = Parameters()
        for property in record?.properties ?? [] {
            let name = FluxStringLiteral.value(of: property.key) ?? property.key
            parameters.order.append(name)
            if let value = property.value { parameters.types[name] = Self.literalType(value) }
        }
        var ok = true
        if let entry {
            ok = readEntries(entry, key: key, order: &parameters.order, types: &parameters.types, settings: &parameters.settings)
        }
        for (envKey, name) in envSettings {
            if !parameters.order.contains(name) { parameters.order.append(name) }
            parameters.settings[name] = Setting(
                key: name, type: parameters.settings[name]?.type,
                value: ScalarField(
                    value: reader.envRefs[envKey]!, location: entry.map { reader.location($0.keyNode) } ?? query.location,
                    field: "--env-ref \(envKey)", node: nil),
                path: "--env-ref \(envKey)")
        }
        guard ok, !parameters.settings.isEmpty else { return nil }
        return parameters
    }
}
