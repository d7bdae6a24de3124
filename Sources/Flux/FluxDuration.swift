/// The value of a Flux duration literal (influxdb-api.md §4.4).
///
/// A duration has a calendar part (`months`: `mo`, and `y` = 12 `mo`) and a fixed part
/// (`nanoseconds`: `ns us µs ms s m h d w`, with `d` = 24h and `w` = 7d). Two durations are
/// equal when both parts are equal, so `1h` == `60m` == `1h0m0s` == `3600s`, `1d` == `24h`,
/// `1w` == `7d`, while `1mo` never equals any fixed number of hours. A negative duration
/// (`-5m`, only meaningful for `offset`) has both parts negated.
public struct FluxDuration: Hashable, Sendable, CustomStringConvertible {
    /// Calendar months (`1y` = 12).
    public var months: Int64
    /// Fixed length in nanoseconds.
    public var nanoseconds: Int64

    /// Creates a duration from its two parts.
    public init(months: Int64 = 0, nanoseconds: Int64 = 0) {
        self.months = months
        self.nanoseconds = nanoseconds
    }

    /// Parses a Flux duration literal such as `1h30m`, `1y6mo`, `90s`, `1m0s` (Go-style spellings
    /// are valid Flux compounds), `µs`/`us`, with an optional leading `-`.
    /// - Throws: `FluxError` naming the offending character when the text is not a literal
    ///   (`1.5m`, `5`, `1 h`, `10x`); line 1, column of that character within `text`.
    public init(parsing text: String) throws(FluxError) {
        if let (months, nanoseconds) = Self.parseASCII(text) {
            self.months = months
            self.nanoseconds = nanoseconds
            return
        }
        let literal = try FluxDurationLiteral(parsing: text)
        var months: Int64 = 0
        var nanos: Int64 = 0
        for part in literal.parts {
            let (perUnitMonths, perUnitNanos) = FluxDurationLiteral.unitValue(part.unit)
            let add =
                perUnitMonths != 0
                ? part.magnitude.multipliedReportingOverflow(by: perUnitMonths)
                : part.magnitude.multipliedReportingOverflow(by: perUnitNanos)
            let sum = perUnitMonths != 0 ? months.addingReportingOverflow(add.partialValue) : nanos.addingReportingOverflow(add.partialValue)
            if add.overflow || sum.overflow {
                throw FluxError("duration literal \"\(text)\" is too large", line: 1, column: 1)
            }
            if perUnitMonths != 0 { months = sum.partialValue } else { nanos = sum.partialValue }
        }
        self.months = literal.negative ? -months : months
        self.nanoseconds = literal.negative ? -nanos : nanos
    }

    /// The usual literal (ASCII, no overflow) read straight from its bytes, with the rules of
    /// `FluxDurationLiteral` and `unitValue`; nil for anything else, which the full parser then
    /// reads (and words the error for). Every option record holds one or two durations.
    static func parseASCII(_ text: String) -> (Int64, Int64)? {
        var months: Int64 = 0
        var nanos: Int64 = 0
        let negative = FluxDurationLiteral.readASCII(text) { magnitude, unit in
            let (perMonths, perNanos) = unit.value
            let add = perMonths != 0 ? magnitude.multipliedReportingOverflow(by: perMonths) : magnitude.multipliedReportingOverflow(by: perNanos)
            let sum = perMonths != 0 ? months.addingReportingOverflow(add.partialValue) : nanos.addingReportingOverflow(add.partialValue)
            if add.overflow || sum.overflow { return false }
            if perMonths != 0 { months = sum.partialValue } else { nanos = sum.partialValue }
            return true
        }
        guard let negative else { return nil }
        return negative ? (-months, -nanos) : (months, nanos)
    }

    /// The zero duration.
    public static let zero = FluxDuration()

    /// True when both parts are zero.
    public var isZero: Bool { months == 0 && nanoseconds == 0 }

    /// True when no part is negative and one is positive.
    public var isPositive: Bool { months >= 0 && nanoseconds >= 0 && !isZero }

    /// True when no part is positive and one is negative.
    public var isNegative: Bool { months <= 0 && nanoseconds <= 0 && !isZero }

    /// The duration with both parts negated.
    public static prefix func - (d: FluxDuration) -> FluxDuration {
        FluxDuration(months: -d.months, nanoseconds: -d.nanoseconds)
    }

    /// The shortest canonical Flux spelling: `1h30m`, `1d`, `1w`, `1y6mo`, `-5m`, `0s`.
    ///
    /// Units are written largest first, each at most once, zero parts dropped
    /// (`y mo w d h m s ms us ns`). A negative duration gets one leading `-`. A value whose
    /// parts have opposite signs (not writable as one Flux literal) prints each part with its
    /// own sign (`1mo-1h`).
    public var description: String {
        if isZero { return "0s" }
        if isNegative { return "-" + Self.spell(months: months.magnitude, nanoseconds: nanoseconds.magnitude) }
        if isPositive { return Self.spell(months: months.magnitude, nanoseconds: nanoseconds.magnitude) }
        let monthText = (months < 0 ? "-" : "") + Self.spell(months: months.magnitude, nanoseconds: 0)
        let nanoText = (nanoseconds < 0 ? "-" : "") + Self.spell(months: 0, nanoseconds: nanoseconds.magnitude)
        return monthText + nanoText
    }

    static func spell(months: UInt64, nanoseconds: UInt64) -> String {
        var out = ""
        if months >= 12 { out += "\(months / 12)y" }
        if months % 12 != 0 { out += "\(months % 12)mo" }
        var rest = nanoseconds
        for (unit, size) in FluxDurationLiteral.fixedUnits where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }
}

/// A duration literal as written: its sign and its magnitude+unit pairs in source order.
struct FluxDurationLiteral {
    struct Part { var magnitude: Int64; var unit: String }
    var negative: Bool
    var parts: [Part]

    /// Fixed units, largest first, with their size in nanoseconds.
    static let fixedUnits: [(String, UInt64)] = [ASCIIUnit.w, .d, .h, .m, .s, .ms, .us, .ns].map { ($0.rawValue, UInt64($0.value.1)) }

    /// (months, nanoseconds) of one unit; `µs` is `us`.
    static func unitValue(_ unit: String) -> (Int64, Int64) {
        ASCIIUnit(rawValue: unit == "µs" ? "us" : unit)!.value
    }

    init(parsing text: String) throws(FluxError) {
        if let literal = Self.asciiLiteral(text) {
            self = literal
            return
        }
        try self.init(parsingScalars: text)
    }

    /// The full reader, scalar by scalar: every literal, and the error for every text that is
    /// not one.
    init(parsingScalars text: String) throws(FluxError) {
        let s = Array(text.unicodeScalars)
        func fail(_ what: String, at index: Int) -> FluxError {
            FluxError("invalid duration literal \"\(text)\": \(what)", line: 1, column: index + 1)
        }
        guard !s.isEmpty else { throw FluxError("empty duration literal", line: 1, column: 1) }
        var i = 0
        negative = s[0] == "-"
        if negative { i = 1 }
        parts = []
        if i == s.count { throw fail("expected digits after '-'", at: i) }
        while i < s.count {
            let digitsStart = i
            while i < s.count, FluxScanner.isDigit(s[i]) { i += 1 }
            if i == digitsStart { throw fail("unexpected \(FluxScanner.show(s[i])), expected digits", at: i) }
            let digits = String(String.UnicodeScalarView(s[digitsStart..<i]))
            guard let magnitude = Int64(digits) else { throw fail("magnitude \(digits) is too large", at: digitsStart) }
            guard i < s.count else { throw fail("missing unit after \(digits) (use one of y mo w d h m s ms us µs ns)", at: i) }
            guard let length = FluxScanner.durationUnitAt(s, i) else {
                if FluxScanner.isLetter(s[i]) { throw fail("unknown unit \(FluxScanner.show(s[i])) (use one of y mo w d h m s ms us µs ns)", at: i) }
                throw fail("unexpected \(FluxScanner.show(s[i]))", at: i)
            }
            let unit = String(String.UnicodeScalarView(s[i..<(i + length)]))
            parts.append(Part(magnitude: magnitude, unit: unit))
            i += length
        }
    }

    private init(negative: Bool, parts: [Part]) {
        self.negative = negative
        self.parts = parts
    }

    /// The literal read byte by byte when it is well formed and ASCII (`1h`, `-5m30s`): what
    /// `init(parsing:)` gives for it, without the array of scalars and the strings made per
    /// part. Nil for anything else (`µs`, a missing unit, digits too large…): the full reader
    /// then gives the result or the error.
    static func asciiLiteral(_ text: String) -> FluxDurationLiteral? {
        var parts: [Part] = []
        guard
            let negative = readASCII(
                text,
                part: { magnitude, unit in
                    parts.append(Part(magnitude: magnitude, unit: unit.rawValue)); return true
                })
        else {
            return nil
        }
        return FluxDurationLiteral(negative: negative, parts: parts)
    }

    /// A unit as an ASCII literal spells it (`µs` is not ASCII: the full reader takes it), with
    /// its size: the one table of duration units.
    enum ASCIIUnit: String {
        case y, mo, w, d, h, m, s, ms, us, ns

        /// (months, nanoseconds) of one unit.
        var value: (Int64, Int64) {
            switch self {
            case .y: (12, 0)
            case .mo: (1, 0)
            case .w: (0, 604_800_000_000_000)
            case .d: (0, 86_400_000_000_000)
            case .h: (0, 3_600_000_000_000)
            case .m: (0, 60_000_000_000)
            case .s: (0, 1_000_000_000)
            case .ms: (0, 1_000_000)
            case .us: (0, 1_000)
            case .ns: (0, 1)
            }
        }
    }

    /// The one byte reader of ASCII duration literals (`-`? then magnitude and unit pairs, the
    /// units read as `FluxScanner.durationUnitAt` reads them): calls `part` for each pair in
    /// order and returns whether the literal is negative; nil when `text` is not such a literal,
    /// when a magnitude does not fit in 64 bits, or when `part` returns false.
    static func readASCII(_ text: String, part: (Int64, ASCIIUnit) -> Bool) -> Bool? {
        let bytes = text.utf8
        var index = bytes.startIndex
        guard index != bytes.endIndex else { return nil }
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index = bytes.index(after: index) }
        guard index != bytes.endIndex else { return nil }
        while index != bytes.endIndex {
            var magnitude: Int64 = 0
            var digits = 0
            while index != bytes.endIndex, bytes[index] &- UInt8(ascii: "0") < 10 {
                let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(Int64(bytes[index] &- UInt8(ascii: "0")))
                if o1 || o2 { return nil }
                magnitude = sum
                digits += 1
                index = bytes.index(after: index)
            }
            guard digits > 0, index != bytes.endIndex else { return nil }
            let first = bytes[index]
            index = bytes.index(after: index)
            let next: UInt8? = index != bytes.endIndex ? bytes[index] : nil
            let unit: ASCIIUnit
            switch first {
            case UInt8(ascii: "m") where next == UInt8(ascii: "o"): unit = .mo
            case UInt8(ascii: "m") where next == UInt8(ascii: "s"): unit = .ms
            case UInt8(ascii: "m"): unit = .m
            case UInt8(ascii: "u") where next == UInt8(ascii: "s"): unit = .us
            case UInt8(ascii: "n") where next == UInt8(ascii: "s"): unit = .ns
            case UInt8(ascii: "y"): unit = .y
            case UInt8(ascii: "w"): unit = .w
            case UInt8(ascii: "d"): unit = .d
            case UInt8(ascii: "h"): unit = .h
            case UInt8(ascii: "s"): unit = .s
            default: return nil
            }
            if unit.rawValue.utf8.count == 2 { index = bytes.index(after: index) }
            guard part(magnitude, unit) else { return nil }
        }
        return negative
    }
}
