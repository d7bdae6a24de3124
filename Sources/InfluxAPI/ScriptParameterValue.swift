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
    /// A JSON array (Cloud keeps any JSON value; a manifest cannot write one, but a task that
    /// has one must not stop every read of the org's tasks).
    case array([ScriptParameterValue])
    /// A JSON object (as `array`).
    case object([String: ScriptParameterValue])

    /// Decodes any JSON value.
    /// - Throws: `DecodingError.typeMismatch` for what is not JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let d = try? c.decode(Double.self) { self = .number(d); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        if let a = try? c.decode([ScriptParameterValue].self) { self = .array(a); return }
        if let o = try? c.decode([String: ScriptParameterValue].self) { self = .object(o); return }
        throw DecodingError.typeMismatch(
            ScriptParameterValue.self, .init(codingPath: c.codingPath, debugDescription: "a script parameter must be a string, number, boolean or null"))
    }

    /// Encodes the value.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .number(let d):
            // JSON has no NaN or infinity (the encoder would fail): never from a server, and
            // the manifest reader refuses them; written as text should one reach here.
            if !d.isFinite {
                try c.encode(String(d))
            } else if d.rounded() == d, abs(d) < 9e15 {
                try c.encode(Int64(d))
            } else {
                try c.encode(d)
            }
        case .bool(let b): try c.encode(b)
        case .null: try c.encodeNil()
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
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
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o): return Self.describe(o)
        }
    }

    /// Parameters as one line of JSON with sorted keys: `{"bucket": "b", "n": 5}`.
    public static func describe(_ parameters: [String: ScriptParameterValue]?) -> String {
        guard let parameters, !parameters.isEmpty else { return "{}" }
        return "{" + parameters.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
    }
}
