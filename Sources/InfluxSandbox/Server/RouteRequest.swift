/// A parsed request as the route handlers see it.
struct RouteRequest: Sendable {
    /// Upper-case method.
    var method: String
    /// The path with trailing slashes stripped (influxdb-api.md §1.2).
    var path: String
    /// Values of the `:name` segments of the matched route.
    var params: [String: String] = [:]
    var query: QueryItems
    var body: [UInt8]
    /// The declared `Content-Length`, when there was one.
    var declaredLength: Int?
    /// The authenticated caller (nil on routes without authentication).
    var caller: Caller?

    /// The value of a route parameter.
    func param(_ name: String) -> String { params[name] ?? "" }
}

/// The user and token behind a request (§2).
struct Caller: Sendable, Equatable {
    var userID: String
    var token: StoredToken
}

/// URL query parameters in order, decoded like Go's `url.ParseQuery`.
struct QueryItems: Sendable {
    var items: [(name: String, value: String)]

    /// Parses a raw query string (`a=1&b=x%20y`; `+` is a space).
    init(raw: String) {
        items = raw.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(String(pieces[0]))
            let value = pieces.count > 1 ? Self.decode(String(pieces[1])) : ""
            return (name, value)
        }
    }

    /// The first value of a parameter, `""` when absent (Go's `Values.Get`).
    subscript(name: String) -> String { items.first { $0.name == name }?.value ?? "" }

    /// True when the parameter appears at all.
    func has(_ name: String) -> Bool { items.contains { $0.name == name } }

    /// Percent-decoding with `+` as space; malformed escapes are kept as written.
    static func decode(_ text: String) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var i = 0
        while i < utf8.count {
            let b = utf8[i]
            if b == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if b == UInt8(ascii: "%"), i + 2 < utf8.count,
                let v = UInt8(String(decoding: utf8[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(v)
                i += 2
            } else {
                bytes.append(b)
            }
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Go's `url.QueryEscape`.
    static func escape(_ text: String) -> String {
        var out = ""
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: " "): out += "+"
            default: out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}
