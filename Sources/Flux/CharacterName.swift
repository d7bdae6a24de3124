/// How messages name a character a user cannot see or tell apart: by code point and Unicode
/// name (`U+00A0 NO-BREAK SPACE`, `U+0009 CHARACTER TABULATION`, `U+0430 CYRILLIC SMALL LETTER A`).
public enum CharacterName {
    /// Names of control characters, which have no Unicode `Name` property (their usual aliases).
    static let controlNames: [UInt32: String] = [
        0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED",
        0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE",
        0x7F: "DELETE", 0x85: "NEXT LINE",
    ]

    /// `U+XXXX NAME`: the code point in upper-case hex (at least four digits) and the Unicode
    /// name, or `CONTROL CHARACTER` for a control character without a common name.
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        var hex = String(scalar.value, radix: 16, uppercase: true)
        while hex.count < 4 { hex = "0" + hex }
        let name =
            controlNames[scalar.value] ?? scalar.properties.name ?? scalar.properties.nameAlias
            ?? (scalar.properties.generalCategory == .control ? "CONTROL CHARACTER" : "UNNAMED CHARACTER")
        return "U+\(hex) \(name)"
    }

    /// The character as it reads in a message: `'x'` for a visible ASCII character, otherwise
    /// `U+XXXX NAME` (anything outside printable ASCII may be invisible or look like another).
    public static func quoted(_ scalar: Unicode.Scalar) -> String {
        (0x20...0x7E).contains(scalar.value) ? "'\(scalar)'" : describe(scalar)
    }

    /// `text` with every invisible character (see `isInvisible`) spelled `<U+00A0 NO-BREAK SPACE>`,
    /// so a message quoting a user's value shows what an editor hides.
    public static func revealingInvisible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isInvisible) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isInvisible(scalar) { out += "<\(describe(scalar))>" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// True for characters that are invisible or easily mistaken for ASCII whitespace in an
    /// editor: controls other than tab/line feed, format characters (U+200B, U+FEFF, …),
    /// non-ASCII spaces (U+00A0, U+3000, …) and line/paragraph separators (U+2028, U+2029).
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        case .spaceSeparator: return scalar != " "
        default: return false
        }
    }
}
