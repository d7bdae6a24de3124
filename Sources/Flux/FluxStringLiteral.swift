/// Reading and writing Flux string literals (flux `docs/SPEC.md`, "String literals").
public enum FluxStringLiteral {
    /// The value of a string literal token's text (`"a\"b"` → `a"b`), decoding `\n \r \t \\ \"
    /// \$` and `\xHH` byte escapes. Returns nil when `text` is not a plain literal: missing
    /// quotes, or a `${…}` interpolation (its value is only known when the script runs).
    public static func value(of text: String) -> String? {
        // Most literals hold no escape and no `${`: their value is the text between the quotes.
        let utf8 = text.utf8
        if utf8.count >= 2, utf8.first == UInt8(ascii: "\""), utf8.last == UInt8(ascii: "\"") {
            let inner = utf8.dropFirst().dropLast()
            var plain = true
            var previous: UInt8 = 0
            for byte in inner {
                if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") || (previous == UInt8(ascii: "$") && byte == UInt8(ascii: "{")) {
                    plain = false
                    break
                }
                previous = byte
            }
            if plain { return String(Substring(inner)) }
        }
        let s = Array(text.unicodeScalars)
        guard s.count >= 2, s.first == "\"", s.last == "\"" else { return nil }
        var bytes: [UInt8] = []
        var i = 1
        let end = s.count - 1
        while i < end {
            let c = s[i]
            if c == "\\" && i + 1 < end {
                let e = s[i + 1]
                switch e {
                case "n": bytes.append(0x0A)
                case "r": bytes.append(0x0D)
                case "t": bytes.append(0x09)
                case "\\", "\"", "$": bytes.append(UInt8(e.value))
                case "x":
                    guard i + 3 < end, let byte = UInt8(String(s[i + 2]) + String(s[i + 3]), radix: 16) else { return nil }
                    bytes.append(byte)
                    i += 4
                    continue
                default: return nil
                }
                i += 2
                continue
            }
            if c == "$" && i + 1 < end && s[i + 1] == "{" { return nil }
            if c == "\"" { return nil }
            bytes.append(contentsOf: Array(String(c).utf8))
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `value` as a Flux string literal: `"` and `\` are escaped, `${` becomes `\${`
    /// (so it is not an interpolation), everything else, UTF-8 and line breaks included, is kept.
    public static func quote(_ value: String) -> String {
        // Most values (task names) hold nothing to escape: quotes around the text as it is.
        if !value.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "$") }) {
            return "\"" + value + "\""
        }
        var out = "\""
        var previousDollar = false
        for c in value.unicodeScalars {
            if previousDollar && c == "{" {
                out.unicodeScalars.removeLast()
                out += "\\${"
                previousDollar = false
                continue
            }
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(c)
            }
            previousDollar = c == "$"
        }
        return out + "\""
    }
}
