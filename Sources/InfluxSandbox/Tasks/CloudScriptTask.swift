/// InfluxDB Cloud's script tasks (influxdb-api.md §15.1): a task that runs an invokable script,
/// `scriptID` + `scriptParameters` in place of `flux`, with `name`, `every`, `cron`, `offset`
/// as top-level JSON fields on create and PATCH. Only the cloud flavor reads these fields.
///
/// The two documented refusals are exact; the option checks below reuse the OSS option
/// messages (`invalid options: …`) [UNVERIFIED: Cloud's server code is not public].
struct CloudScriptTask: Equatable {
    var scriptID: String
    /// Compact JSON object text; nil when absent.
    var parameters: String?
    var name: String
    var every: String?
    var cron: String?
    var offsetNanoseconds: Int64

    /// Reads a create body. nil when the body is a Flux task (`flux` without `scriptID`).
    /// - Returns: failure 400 for both or neither of `flux`/`scriptID`, or bad options.
    static func decodeCreate(_ f: BodyFields, flux: String) -> Result<CloudScriptTask?, APIError> {
        let prefix = "failed to decode request"
        let scriptID: String
        do { scriptID = try f.string("scriptID") ?? "" } catch { return .failure(.invalid("\(prefix): \(goMessage(error))")) }
        if !scriptID.isEmpty && !flux.isEmpty { return .failure(.invalid("\(prefix): can not provide both scriptID and flux")) }
        if scriptID.isEmpty && flux.isEmpty { return .failure(.invalid("\(prefix): flux required")) }
        if scriptID.isEmpty { return .success(nil) }
        guard (try? Identifier.parse(scriptID)) != nil else {
            return .failure(.invalid("\(prefix): \(Identifier.errorText(scriptID) ?? "invalid ID")"))
        }
        var task = CloudScriptTask(scriptID: scriptID, parameters: nil, name: "", every: nil, cron: nil, offsetNanoseconds: 0)
        if let error = task.apply(f, requireName: true) { return .failure(error) }
        return .success(task)
    }

    /// Applies the script and option fields present in a body (create or PATCH); returns the
    /// 400 to answer, or nil.
    mutating func apply(_ f: BodyFields, requireName: Bool) -> APIError? {
        let prefix = "failed to decode request"
        do {
            if let id = try f.string("scriptID"), !id.isEmpty {
                guard (try? Identifier.parse(id)) != nil else { return .invalid("\(prefix): \(Identifier.errorText(id) ?? "invalid ID")") }
                scriptID = id
            }
            if let value = f.object["scriptParameters"] {
                switch value {
                case .null: parameters = nil
                case .object: parameters = String(decoding: JSONWriter.encode(value, layout: .compact), as: UTF8.self)
                default: return .invalid("\(prefix): json: cannot unmarshal \(value.goKind) into Go struct field .scriptParameters of type map[string]interface {}")
                }
            }
            if let n = try f.string("name"), !n.isEmpty { name = n }
            let everyText = try f.string("every"), cronText = try f.string("cron")
            if let everyText, !everyText.isEmpty {
                _ = try GoDuration.patchDuration(everyText)
                every = everyText
                cron = nil
            }
            if let cronText, !cronText.isEmpty {
                cron = cronText
                if everyText?.isEmpty ?? true { every = nil }
            }
            if let offsetText = try f.string("offset") {
                offsetNanoseconds = offsetText.isEmpty ? 0 : try GoDuration.parse(offsetText)
            }
        } catch {
            return .invalid("\(prefix): \(goMessage(error))")
        }
        var problems: [String] = []
        if requireName && name.isEmpty { problems.append("name required") }
        if (every == nil) == (cron == nil) { problems.append("must specify exactly one of every or cron") }
        return problems.isEmpty ? nil : .invalid("invalid options: " + problems.joined(separator: ", "))
    }
}
