/// One value of a Cloud script task's `scriptParameters` (influxdb-api.md §15.1): a JSON
/// string, number, boolean or null. Numbers with no fraction encode as integers (`5`, not `5.0`).
public enum ScriptParameterValue: Codable, Hashable, Sendable, CustomStringConvertible {
    /// A JSON string.
    case string(String)
    /// A JSON number.
    case number(Double)
    /// A JSON boolean.
    case bool(Bool)
    /// JSON null.
    case null

    /// Decodes a scalar.
    /// - Throws: `DecodingError.typeMismatch` for arrays and objects.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let d = try? c.decode(Double.self) { self = .number(d); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        throw DecodingError.typeMismatch(
            ScriptParameterValue.self, .init(codingPath: c.codingPath, debugDescription: "a script parameter must be a string, number, boolean or null"))
    }

    /// Encodes the scalar.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .number(let d):
            if d.rounded() == d, abs(d) < 9e15 { try c.encode(Int64(d)) } else { try c.encode(d) }
        case .bool(let b): try c.encode(b)
        case .null: try c.encodeNil()
        }
    }

    /// `"text"`, `5`, `2.5`, `true`, `null`: the value as JSON.
    public var description: String {
        switch self {
        case .string(let s):
            var out = "\""
            for ch in s {
                switch ch {
                case "\\": out += "\\\\"
                case "\"": out += "\\\""
                case "\n": out += "\\n"
                default: out.append(ch)
                }
            }
            return out + "\""
        case .number(let d): return d.rounded() == d && abs(d) < 9e15 ? String(Int64(d)) : String(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    /// Parameters as one line of JSON with sorted keys: `{"bucket": "b", "n": 5}`.
    public static func describe(_ parameters: [String: ScriptParameterValue]?) -> String {
        guard let parameters, !parameters.isEmpty else { return "{}" }
        return "{" + parameters.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
    }
}
