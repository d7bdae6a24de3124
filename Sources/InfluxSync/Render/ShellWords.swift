/// Quoting for commands shown in hints, so that they can be pasted into a POSIX shell.
public enum ShellWords {
    /// The word a hint shows for a token given with `--token`: the token itself is never
    /// printed, so the command reads it from the `INFLUX_TOKEN` variable. `quote` leaves it
    /// as is (double-quoted, so the shell expands it).
    public static let tokenVariable = "\"$INFLUX_TOKEN\""

    /// `word` as is when it holds only characters a shell takes literally (or is
    /// `tokenVariable`), else in single quotes (an embedded `'` written as `'\''`).
    public static func quote(_ word: String) -> String {
        if word == tokenVariable { return word }
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { safe.contains($0) }
        if plain { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The words quoted and joined by single spaces.
    public static func join(_ words: [String]) -> String {
        words.map(quote).joined(separator: " ")
    }

    private static let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,".unicodeScalars)
}
