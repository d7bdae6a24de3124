/// An error the user can fix, printed on standard error as `error: <message>` followed by one
/// `  hint: <hint>` line per hint; the process then exits with status 1. The message names the
/// flag, file or resource involved; a hint that shows a command shows the complete command.
struct CommandFailure: Error, CustomStringConvertible {
    /// One sentence (or several lines for lists such as a stale plan's reasons), without the
    /// `error: ` prefix.
    var message: String
    /// What to do, each printed as `  hint: <hint>`.
    var hints: [String]

    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hints = hint.map { [$0] } ?? []
    }

    /// The text printed on standard error, without a final newline.
    var rendered: String {
        (["error: \(message)"] + hints.map { "  hint: \($0)" }).joined(separator: "\n")
    }

    var description: String { message }
}
