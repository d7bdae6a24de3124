import Flux
import Foundation

/// Hints for the lexical errors people coming from other languages make, so that a message
/// such as "unterminated regular expression literal" says what was meant instead of "fix the
/// query at this position".
public enum FluxErrorHint {
    /// The hint for `error` found in `source` (the text it was read from, positions as in
    /// `FluxError`), or nil when it is not one of these mistakes:
    /// - `/* … */`, which Flux reads as a regular expression;
    /// - `'…'`, a single-quoted string;
    /// - `#`, a shell or Python comment.
    public static func hint(for error: FluxError, in source: String) -> String? {
        hint(forMessage: error.message, line: error.line, in: source)
    }

    /// `hint(for:in:)` for an error `message` (a parser's or InfluxDB's, which may carry a
    /// prefix) reported on 1-based `line` of `source`.
    public static func hint(forMessage message: String, line: Int, in source: String) -> String? {
        if message.contains("regular expression") || message.contains("expected an expression") {
            // The comment's first line (`/* …`) or its last (`… */`), not a regex like `/cpu.*/`.
            let text = lineText(line, in: source).trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("/*") || (text.hasSuffix("*/") && !text.dropLast(2).contains("/")) {
                return "Flux has no /* … */ comments: start each comment line with //"
            }
        }
        if message.hasSuffix("invalid character '''") {
            return "Flux strings are written in double quotes: \"…\""
        }
        if message.hasSuffix("invalid character '#'") {
            return "Flux comments start with //"
        }
        return nil
    }

    /// Line `line` (1-based) of `source` as the Flux readers count lines (CRLF as one break).
    private static func lineText(_ line: Int, in source: String) -> Substring {
        let lines = FluxLexer.normalize(source).split(separator: "\n", omittingEmptySubsequences: false)
        return line >= 1 && line <= lines.count ? lines[line - 1] : ""
    }
}
