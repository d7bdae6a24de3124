/// An error whose Go-worded text goes into an error envelope.
protocol GoWordedError: Error, CustomStringConvertible {
    var message: String { get }
}

extension GoWordedError {
    /// The Go-worded message, so that even string interpolation never shows Swift type names.
    var description: String { message }
}

extension JSONParser.Failure: GoWordedError {}
extension BodyFields.Mismatch: GoWordedError {}
extension Identifier.Malformed: GoWordedError {}
extension TimestampParseError: GoWordedError {}

/// The Go-worded text of an error; an error of no known kind becomes `internal error` rather
/// than its Swift description (type names and fields must never reach a client).
func goMessage(_ error: any Error) -> String {
    if let e = error as? any GoWordedError { return e.message }
    if let e = error as? TaskScriptFailure { return e.text }
    return "internal error"
}

/// Reads typed fields out of a decoded JSON body the way Go's `encoding/json` fills a struct:
/// absent or `null` → nil, wrong JSON type → `json: cannot unmarshal <kind> into Go struct
/// field <Struct>.<field> of type <type>`.
struct BodyFields {
    /// A field of the wrong type, with Go's message.
    struct Mismatch: Error, Equatable { var message: String }

    let object: JSONObject
    /// The Go struct name used in messages (`TaskCreate`).
    let structName: String

    /// Decodes `body` as a JSON object.
    /// - Throws: `JSONParser.Failure` (Go wording) for bad JSON or a non-object value.
    static func decode(_ body: [UInt8], structName: String, goType: String) throws(JSONParser.Failure) -> BodyFields {
        let value = try JSONParser.parse(body)
        switch value {
        case .object(let object): return BodyFields(object: object, structName: structName)
        case .null: return BodyFields(object: JSONObject(), structName: structName)
        default: throw JSONParser.Failure(message: "json: cannot unmarshal \(value.goKind) into Go value of type \(goType)")
        }
    }

    /// True when the key is present with a non-null value.
    func has(_ key: String) -> Bool {
        if let v = object[key], v != .null { return true }
        return false
    }

    private func mismatch(_ key: String, _ value: JSONValue, _ type: String) -> Mismatch {
        Mismatch(message: "json: cannot unmarshal \(value.goKind) into Go struct field \(structName).\(key) of type \(type)")
    }

    /// A string field.
    func string(_ key: String) throws(Mismatch) -> String? {
        guard let value = object[key] else { return nil }
        switch value {
        case .null: return nil
        case .string(let s): return s
        default: throw mismatch(key, value, "string")
        }
    }

    /// An integer field.
    func int(_ key: String) throws(Mismatch) -> Int? {
        guard let value = object[key] else { return nil }
        switch value {
        case .null: return nil
        case .number(let n):
            guard let i = Int(n) else { throw Mismatch(message: "json: cannot unmarshal number \(n) into Go struct field \(structName).\(key) of type int64") }
            return i
        default: throw mismatch(key, value, "int64")
        }
    }

    /// A `{string: string}` field.
    func stringMap(_ key: String) throws(Mismatch) -> [(String, String)]? {
        guard let value = object[key] else { return nil }
        switch value {
        case .null: return nil
        case .object(let o):
            var out: [(String, String)] = []
            for pair in o.pairs {
                guard case .string(let s) = pair.value else {
                    throw Mismatch(message: "json: cannot unmarshal \(pair.value.goKind) into Go struct field \(structName).\(key) of type string")
                }
                out.append((pair.key, s))
            }
            return out
        default: throw mismatch(key, value, "map[string]string")
        }
    }
}
