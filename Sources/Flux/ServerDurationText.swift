/// How InfluxDB reads duration *strings* outside Flux (influxdb-api.md §4.4, §7.1–§7.2), for
/// the sandbox's PATCH decoding.
public enum ServerDurationText {
    /// The error InfluxDB's JSON decoding gives for a PATCH `every`/`offset` string, or nil
    /// when it decodes (§4.4: looser than Flux — runs of digits each followed by a run of
    /// letters, `10x` passes; `""` is the zero duration; a leading `-` is allowed).
    /// Messages: `duration is missing a unit: <text>` (`"0"`), `invalid duration <text>` (`"abc"`).
    public static func jsonError(_ text: String) -> String? {
        let s = Array(text.unicodeScalars)
        if s.isEmpty { return nil }
        var i = s.first == "-" ? 1 : 0
        if i == s.count { return "invalid duration \(text)" }
        while i < s.count {
            let digits = i
            while i < s.count, FluxScanner.isDigit(s[i]) { i += 1 }
            if i == digits { return "invalid duration \(text)" }
            let letters = i
            while i < s.count, s[i].properties.isAlphabetic { i += 1 }
            if i == letters {
                return i == s.count ? "duration is missing a unit: \(String(String.UnicodeScalarView(s[i...])))" : "invalid duration \(text)"
            }
        }
        return nil
    }

    /// True when `text` is the zero duration for PATCH purposes (`""`, or digits+units that
    /// add up to nothing such as `0s`).
    public static func isZero(_ text: String) -> Bool {
        if text.isEmpty { return true }
        return (try? FluxDuration(parsing: text))?.isZero ?? false
    }

    /// The error of Go's `time.ParseDuration` for `text`, or nil when Go accepts it (units
    /// `ns us µs ms s m h`, decimals allowed, optional sign, `0` alone is valid): e.g.
    /// `time: unknown unit "d" in duration "1d"`, `time: missing unit in duration "1"`,
    /// `time: invalid duration "abc"`. Used for `offset` (§4.2 step 6, §7.2 rule 3).
    public static func goParseError(_ text: String) -> String? {
        do {
            _ = try goParse(text)
            return nil
        } catch {
            return error.message
        }
    }

    /// Go's `time.ParseDuration`, the one reader of that dialect: a signed sequence of decimal
    /// numbers (fractions allowed) each with a unit `ns us µs μs ms s m h`; `0` alone is zero.
    /// Returns nanoseconds (a fraction of a nanosecond is dropped).
    /// - Throws: `FluxError` (line 1, column 1) with Go's message: `time: invalid duration
    ///   "abc"`, `time: missing unit in duration "1"`, `time: unknown unit "d" in duration
    ///   "1d"`; a value past `Int64` is an invalid duration.
    public static func goParse(_ text: String) throws(FluxError) -> Int64 {
        if let nanoseconds = goParseWholeASCII(text) { return nanoseconds }
        return try goParseScalars(text)
    }

    /// `goParse` read scalar by scalar: every text, every error message.
    static func goParseScalars(_ text: String) throws(FluxError) -> Int64 {
        // Quoted only for an error message: most texts parse.
        var quoted: String { goQuote(text) }
        func failure(_ message: String) -> FluxError { FluxError(message, line: 1, column: 1) }
        let s = Array(text.unicodeScalars)
        var i = 0
        var negative = false
        if i < s.count, s[i] == "-" || s[i] == "+" { negative = s[i] == "-"; i += 1 }
        if i < s.count, String(String.UnicodeScalarView(s[i...])) == "0" { return 0 }
        if i == s.count { throw failure("time: invalid duration \(quoted)") }
        var total: Double = 0
        while i < s.count {
            let numberStart = i
            while i < s.count, FluxScanner.isDigit(s[i]) { i += 1 }
            var sawDigits = i > numberStart
            if i < s.count, s[i] == "." {
                i += 1
                let fraction = i
                while i < s.count, FluxScanner.isDigit(s[i]) { i += 1 }
                sawDigits = sawDigits || i > fraction
            }
            if !sawDigits { throw failure("time: invalid duration \(quoted)") }
            var number = String(String.UnicodeScalarView(s[numberStart..<i]))
            if number.hasPrefix(".") { number = "0" + number }
            let unitStart = i
            while i < s.count, s[i] != ".", !FluxScanner.isDigit(s[i]) { i += 1 }
            if i == unitStart { throw failure("time: missing unit in duration \(quoted)") }
            let unit = String(String.UnicodeScalarView(s[unitStart..<i]))
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1_000
            case "ms": scale = 1_000_000
            case "s": scale = 1_000_000_000
            case "m": scale = 60_000_000_000
            case "h": scale = 3_600_000_000_000
            default: throw failure("time: unknown unit \(goQuote(unit)) in duration \(quoted)")
            }
            total += (Double(number) ?? 0) * scale
        }
        guard total < 9.2e18 else { throw failure("time: invalid duration \(quoted)") }
        return Int64(total) * (negative ? -1 : 1)
    }

    /// `goParse` of the texts nearly every offset is (`5m`, `1h30m`, `-90s`: ASCII, whole
    /// numbers of at most 15 digits, units `ns us ms s m h`), read from the bytes with no
    /// String built. Nil for any other text and for any text `goParse` refuses: those are read
    /// the long way, which gives the error. Same arithmetic as `goParse` (15 digits are exact
    /// in a `Double`), so the same value.
    static func goParseWholeASCII(_ text: String) -> Int64? {
        let read = text.utf8.withContiguousStorageIfAvailable { b -> Int64? in
            func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
            var i = 0
            var negative = false
            if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { negative = b[i] == UInt8(ascii: "-"); i += 1 }
            if i == b.count - 1, b[i] == UInt8(ascii: "0") { return 0 }
            if i == b.count { return nil }
            var total: Double = 0
            while i < b.count {
                let numberStart = i
                var number = 0
                while i < b.count, isDigit(b[i]) {
                    // Past 15 digits the long way reads it (and no Int overflows here).
                    guard i - numberStart < 15 else { return nil }
                    number = number * 10 + Int(b[i] - UInt8(ascii: "0"))
                    i += 1
                }
                guard i > numberStart else { return nil }
                let unitStart = i
                while i < b.count, b[i] != UInt8(ascii: "."), !isDigit(b[i]) { i += 1 }
                guard i > unitStart else { return nil }
                let scale: Double
                switch (i - unitStart, b[unitStart], i - unitStart == 2 ? b[unitStart + 1] : 0) {
                case (1, UInt8(ascii: "s"), _): scale = 1_000_000_000
                case (1, UInt8(ascii: "m"), _): scale = 60_000_000_000
                case (1, UInt8(ascii: "h"), _): scale = 3_600_000_000_000
                case (2, UInt8(ascii: "n"), UInt8(ascii: "s")): scale = 1
                case (2, UInt8(ascii: "u"), UInt8(ascii: "s")): scale = 1_000
                case (2, UInt8(ascii: "m"), UInt8(ascii: "s")): scale = 1_000_000
                default: return nil
                }
                total += Double(number) * scale
            }
            guard total < 9.2e18 else { return nil }
            return Int64(total) * (negative ? -1 : 1)
        }
        return read ?? nil
    }

    /// Go's `strconv.Quote` for printable text: `"` and `\` escaped.
    static func goQuote(_ text: String) -> String {
        var out = "\""
        for c in text.unicodeScalars {
            if c == "\"" || c == "\\" { out += "\\" }
            out.unicodeScalars.append(c)
        }
        return out + "\""
    }
}
