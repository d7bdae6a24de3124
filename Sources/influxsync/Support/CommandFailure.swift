/// An error the user can fix, printed as `error: <message>` on standard error; the process
/// then exits with status 1. The message names the flag, file or resource involved.
struct CommandFailure: Error, CustomStringConvertible {
    /// One or more lines, without the `error: ` prefix.
    var message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}
