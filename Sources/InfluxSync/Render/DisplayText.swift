/// Text from the server or from a manifest (task and label names, descriptions, run log lines,
/// the server's error messages), made safe to print on a terminal or in a CI log.
///
/// Anyone who can create a task in the org chooses its name, so a name must never move the
/// cursor, change the terminal's title or colours, reorder the text around it, or start a new
/// line (a line that starts with `::` is a GitHub Actions workflow command). Every text
/// renderer prints such text through `escaped(_:)` (or `quoted(_:)`, `escapedBlock(_:)`,
/// which are built on it).
///
/// Convention, the one of Swift string literals:
/// - newline, carriage return and tab are `\n`, `\r`, `\t`;
/// - every other control character (C0 `U+0000`–`U+001F`, DEL `U+007F`, C1 `U+0080`–`U+009F`),
///   the Unicode bidirectional controls (`U+061C`, `U+200E`, `U+200F`, `U+202A`–`U+202E`,
///   `U+2066`–`U+2069`), the line and paragraph separators (`U+2028`, `U+2029`) and the
///   characters that print as nothing (soft hyphen `U+00AD`, `U+180E`, zero-width space
///   `U+200B`, word joiner and invisible operators `U+2060`–`U+2064`, `U+FEFF`), with which
///   `deploy` and `deploy\u{200B}` would look like one name, are `\u{HEX}` with upper-case
///   hex digits and no leading zeros: ESC is `\u{1B}`, BEL `\u{7}`, RIGHT-TO-LEFT OVERRIDE
///   `\u{202E}`, ZERO WIDTH SPACE `\u{200B}` (the zero-width joiners `U+200C`, `U+200D`, which
///   emoji and several scripts need, print as they are);
/// - a text whose first non-blank characters are `::` has its first colon written `\u{3A}`,
///   so it cannot start a workflow command even when printed at the start of a line (the
///   runner ignores leading blanks: every Unicode white space, a no-break space or U+3000
///   included);
/// - `##[` anywhere (the runner's older command syntax, matched anywhere in a line) has its
///   second `#` written `\u{23}`: `#\u{23}[`;
/// - everything else, backslashes included, is printed as it is (`quoted(_:)` also escapes
///   `\` and `"`, so a quoted name reads back unambiguously).
public enum DisplayText {
    /// `text` on one line, with every character listed in the type's documentation escaped.
    /// Plain names come back unchanged: `escaped("cpu downsample") == "cpu downsample"`.
    public static func escaped(_ text: String) -> String {
        escape(text, keepLineBreaks: false, quoting: false)
    }

    /// `"text"`: `escaped(text)` in double quotes, with `\` as `\\` and `"` as `\"`.
    public static func quoted(_ text: String) -> String {
        "\"" + escape(text, keepLineBreaks: false, quoting: true) + "\""
    }

    /// Text of several lines (a Flux script, a diff, a log): newlines and tabs are kept, every
    /// other character listed in the type's documentation is escaped as `escaped(_:)` does, and
    /// each line is guarded against starting a workflow command.
    public static func escapedBlock(_ text: String) -> String {
        escape(text, keepLineBreaks: true, quoting: false)
    }

    /// Whole output text made safe for a CI log at the last step, whatever built it: on every
    /// line (a line break or a carriage return starts one), `::` after nothing but white space
    /// has its first colon written `\u{3A}`, and `##[` anywhere is `#\u{23}[`. Text without
    /// `::` or `##[` comes back unchanged (the usual case, checked first). The console writes
    /// everything through it, so a value no renderer escaped (a target name, an option value)
    /// cannot issue a workflow command either.
    public static func guardingWorkflowCommands(_ text: String) -> String {
        guard text.contains("::") || text.contains("##[") else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars) + [" ", " "]
        var lineStart = true
        for i in 0..<(scalars.count - 2) {
            let scalar = scalars[i]
            if scalar == "\n" || scalar == "\r" {
                out.append(scalar)
                lineStart = true
                continue
            }
            if lineStart, scalar.properties.isWhitespace {
                out.append(scalar)
                continue
            }
            if lineStart, scalar == ":", scalars[i + 1] == ":" {
                out.append(contentsOf: "\\u{3A}".unicodeScalars)
                lineStart = false
                continue
            }
            lineStart = false
            if scalar == "#", i > 0, scalars[i - 1] == "#", scalars[i + 1] == "[" {
                out.append(contentsOf: "\\u{23}".unicodeScalars)
                continue
            }
            out.append(scalar)
        }
        return String(out)
    }

    /// True when `scalar` is printed as an escape.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        case 0x00AD, 0x180E, 0x200B, 0x2060...0x2064, 0xFEFF: true
        default: false
        }
    }

    private static func escape(_ text: String, keepLineBreaks: Bool, quoting: Bool) -> String {
        var out = String.UnicodeScalarView()
        var lineStart = true
        for scalar in text.unicodeScalars {
            if keepLineBreaks, scalar == "\n" || scalar == "\t" {
                out.append(scalar)
                if scalar == "\n" { lineStart = true }
                continue
            }
            // A tab among the blanks that start a line is kept as it is.
            if lineStart, scalar == "\t" {
                out.append(scalar)
                continue
            }
            lineStart = lineStart && scalar.properties.isWhitespace && !needsEscape(scalar)
            switch scalar {
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case "\\" where quoting: out.append(contentsOf: "\\\\".unicodeScalars)
            case "\"" where quoting: out.append(contentsOf: "\\\"".unicodeScalars)
            case _ where needsEscape(scalar):
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            default: out.append(scalar)
            }
        }
        // `::` at a line's start and `##[` anywhere: the one rule the console applies too.
        return guardingWorkflowCommands(String(out))
    }
}
