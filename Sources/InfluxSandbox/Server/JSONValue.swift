/// A JSON value with object keys kept in insertion order, so responses print in the same key
/// order every time (Go prints struct fields in declaration order and map keys sorted).
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, kept as its literal text (`12`, `-1.5e3`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// An integer number.
    static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    /// The JSON type name Go uses in `cannot unmarshal <kind>` errors.
    var goKind: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// The string, when this is a string.
    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The object, when this is an object.
    var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    init(stringLiteral value: String) { self = .string(value) }
}

/// An ordered JSON object. Lookup follows Go's `encoding/json` decoding: the last exact key
/// match wins, otherwise the last case-insensitive match.
struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    var pairs: [(key: String, value: JSONValue)]

    init(_ pairs: [(key: String, value: JSONValue)] = []) { self.pairs = pairs }

    init(dictionaryLiteral elements: (String, JSONValue)...) {
        pairs = elements.map { (key: $0.0, value: $0.1) }
    }

    static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.pairs.count == rhs.pairs.count
            && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// Appends a key (no de-duplication; callers build objects once).
    mutating func append(_ key: String, _ value: JSONValue) { pairs.append((key, value)) }

    /// Appends a key only when the value is non-nil (Go's `omitempty` for our purposes).
    mutating func append(_ key: String, ifPresent value: String?) {
        if let value { pairs.append((key, .string(value))) }
    }

    /// The value for a key as Go would find it for a struct field named `key`.
    subscript(key: String) -> JSONValue? {
        if let exact = pairs.last(where: { $0.key == key }) { return exact.value }
        let lower = key.lowercased()
        return pairs.last(where: { $0.key.lowercased() == lower })?.value
    }

    /// True when the key is present (even with a `null` value).
    func contains(_ key: String) -> Bool { self[key] != nil }
}
