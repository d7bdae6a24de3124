/// Serialises `JSONValue` exactly like Go's `json.Encoder` (influxdb-api.md §1.3): `<`, `>`, `&`,
/// U+2028 and U+2029 escaped as `\u003c`…; a trailing newline; compact or tab-indented.
enum JSONWriter {
    /// The two layouts InfluxDB uses.
    enum Layout: Sendable {
        /// `{"a":1}` — task, run, log and task-label endpoints.
        case compact
        /// `json.MarshalIndent(v, "", "\t")` — label and org endpoints.
        case tabIndented
    }

    /// The encoded bytes of `value`, followed by `\n`.
    static func encode(_ value: JSONValue, layout: Layout) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, layout: layout, depth: 0, into: &out)
        out.append(0x0A)
        return out
    }

    private static func newline(_ depth: Int, _ out: inout [UInt8]) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(0x09), count: depth))
    }

    private static func write(_ value: JSONValue, layout: Layout, depth: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: [0x5B, 0x5D]); return }
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                if layout == .tabIndented { newline(depth + 1, &out) }
                write(item, layout: layout, depth: depth + 1, into: &out)
            }
            if layout == .tabIndented { newline(depth, &out) }
            out.append(0x5D)
        case .object(let object):
            if object.pairs.isEmpty { out.append(contentsOf: [0x7B, 0x7D]); return }
            out.append(0x7B)
            for (i, pair) in object.pairs.enumerated() {
                if i > 0 { out.append(0x2C) }
                if layout == .tabIndented { newline(depth + 1, &out) }
                writeString(pair.key, into: &out)
                out.append(0x3A)
                if layout == .tabIndented { out.append(0x20) }
                write(pair.value, layout: layout, depth: depth + 1, into: &out)
            }
            if layout == .tabIndented { newline(depth, &out) }
            out.append(0x7D)
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// The bytes that may need an escape: the quote, the backslash, controls, `<`, `>`, `&`, and 0xE2 (the
    /// lead byte of U+2028/U+2029).
    private static let needsCheck: [Bool] = (0...255).map { b in
        b < 0x20 || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26 || b == 0xE2
    }

    /// A JSON string: runs of bytes that need no escape are copied as they are; the UTF-8 of
    /// U+2028/U+2029 (E2 80 A8/A9) is escaped like Go does. (Going scalar by scalar, with a
    /// new array for every character, made listing 10,000 tasks take most of a second.)
    private static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        var text = s
        text.withUTF8 { bytes in
            var runStart = 0
            var i = 0
            func flush() {
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
            }
            while i < bytes.count {
                let b = bytes[i]
                // Most bytes need no escape: one table look-up, then on to the next.
                guard needsCheck[Int(b)] else { i += 1; continue }
                switch b {
                case 0x22, 0x5C:
                    flush(); out.append(0x5C); out.append(b)
                case 0x0A, 0x0D, 0x09, 0x08, 0x0C:
                    flush(); out.append(0x5C)
                    out.append(b == 0x0A ? UInt8(ascii: "n") : b == 0x0D ? UInt8(ascii: "r") : b == 0x09 ? UInt8(ascii: "t") : b == 0x08 ? UInt8(ascii: "b") : UInt8(ascii: "f"))
                case 0x3C, 0x3E, 0x26, 0x00..<0x20:
                    flush()
                    out.append(0x5C); out.append(UInt8(ascii: "u")); out.append(0x30); out.append(0x30)
                    out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 0xF)])
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    flush()
                    out.append(contentsOf: "\\u202".utf8)
                    out.append(bytes[i + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                    i += 3
                    runStart = i
                    continue
                default:
                    i += 1
                    continue
                }
                i += 1
                runStart = i
            }
            flush()
        }
        out.append(0x22)
    }
}
