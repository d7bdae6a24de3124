import ArgumentParser
import InfluxSync

/// swift-argument-parser's usage errors in the tool's message style.
///
/// The parser prints `Error: Missing expected argument '<path> ...'`, a `Help:` line, a
/// `Usage:` line and a "See … --help" line; this turns them into
/// ```
/// error: missing expected argument '<path> ...'
///   hint: <path>  Manifest files or directories …
///   hint: usage: influxsync plan [<options>] <path> ...
///   hint: see 'influxsync plan --help' for more information
/// ```
enum UsageErrorText {
    /// Rewrites the parser's full message for a failed parse, with a "did you mean" hint when
    /// `arguments` (the command line without the program name) start with a misspelt
    /// subcommand, and a pointer to `plan` for `apply --dry-run`.
    static func render(_ fullMessage: String, arguments: [String] = [], subcommands: [String] = []) -> String {
        var extra: [String] = []
        if let first = arguments.first, !first.hasPrefix("-"), !subcommands.contains(first), first != "help",
            let near = EditDistance.suggestion(for: first, among: subcommands)
        {
            extra.append("  hint: did you mean '\(near)'? influxsync \(ShellWords.join([near] + arguments.dropFirst()))")
        }
        if arguments.first == "apply", arguments.contains("--dry-run") {
            extra.append("  hint: apply has no --dry-run: influxsync plan shows what apply would do and changes nothing (plan --out FILE saves it for apply FILE)")
        }
        var lines = renderParserMessage(fullMessage).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert(contentsOf: extra, at: 1)
        return lines.joined(separator: "\n")
    }

    private static func renderParserMessage(_ fullMessage: String) -> String {
        var lines: [String] = []
        var first = true
        for raw in fullMessage.split(separator: "\n", omittingEmptySubsequences: true) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if first {
                first = false
                for prefix in ["Error: ", "Error:"] where line.hasPrefix(prefix) {
                    line.removeFirst(prefix.count)
                    break
                }
                lines.append("error: " + sentence(line))
                continue
            }
            for prefix in ["Help: ", "Help:"] where line.hasPrefix(prefix) {
                line = String(line.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
                break
            }
            lines.append("  hint: " + sentence(line))
        }
        if first { lines.append("error: invalid arguments") }
        return lines.joined(separator: "\n")
    }

    /// The text with a lower-case first letter (unless it starts an acronym or a flag) and
    /// without a final period.
    private static func sentence(_ text: String) -> String {
        var s = text
        if s.hasSuffix(".") && !s.hasSuffix("..") { s.removeLast() }
        if let firstChar = s.first, firstChar.isUppercase {
            let second = s.dropFirst().first
            if second == nil || !(second!.isUppercase) { s = firstChar.lowercased() + s.dropFirst() }
        }
        return s
    }
}
