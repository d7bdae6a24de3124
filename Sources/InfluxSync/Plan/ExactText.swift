/// Text compared and hashed by its UTF-8 bytes, as InfluxDB compares names and fields (Go
/// strings). Swift's `String` equality treats canonically equivalent texts as equal — `é` as
/// one scalar (U+00E9) and as `e` followed by U+0301 — which the server holds as two different
/// names: a task named one way would be matched to (and adopted as) a live task named the
/// other, and the difference never sent.
struct ExactText: Hashable, Sendable {
    /// The text.
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: ExactText, b: ExactText) -> Bool { a.text.isExactly(b.text) }

    func hash(into hasher: inout Hasher) {
        for byte in text.utf8 { hasher.combine(byte) }
    }
}

extension String {
    /// True when both texts have the same UTF-8 bytes (`ExactText`).
    func isExactly(_ other: String) -> Bool { utf8.elementsEqual(other.utf8) }

    /// True when the text's UTF-8 bytes contain `needle`'s (an ASCII word): one pass, without
    /// Foundation's `range(of:)` (which `String.contains` calls).
    func containsBytes(_ needle: StaticString) -> Bool {
        var text = self
        return text.withUTF8 { haystack in
            let n = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
            guard let first = n.first, haystack.count >= n.count else { return false }
            var i = 0
            let last = haystack.count - n.count
            while i <= last {
                if haystack[i] == first && UnsafeBufferPointer(rebasing: haystack[i..<(i + n.count)]).elementsEqual(n) { return true }
                i += 1
            }
            return false
        }
    }
}

extension ExactText {
    /// `text` with every non-ASCII scalar (and `\`) written as an escape (`é` → `\u{E9}`), so
    /// that two texts give equal results exactly when their bytes are equal, even compared as
    /// `String`s (canonically equivalent texts no longer compare equal).
    static func escapingNonASCII(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\\") }) { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII && scalar != "\\" {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }
}
