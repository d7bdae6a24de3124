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
        let quoted = goQuote(text)
        let s = Array(text.unicodeScalars)
        var i = 0
        if i < s.count, s[i] == "-" || s[i] == "+" { i += 1 }
        if i < s.count, String(String.UnicodeScalarView(s[i...])) == "0" { return nil }
        if i == s.count { return "time: invalid duration \(quoted)" }
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
            if !sawDigits { return "time: invalid duration \(quoted)" }
            let unitStart = i
            while i < s.count, s[i] != ".", !FluxScanner.isDigit(s[i]) { i += 1 }
            if i == unitStart { return "time: missing unit in duration \(quoted)" }
            let unit = String(String.UnicodeScalarView(s[unitStart..<i]))
            if !["ns", "us", "µs", "μs", "ms", "s", "m", "h"].contains(unit) {
                return "time: unknown unit \(goQuote(unit)) in duration \(quoted)"
            }
        }
        return nil
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
