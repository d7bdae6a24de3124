/// A place in a manifest file: 1-based line and column. `file` is the path as the user gave
/// it (or `-` for standard input).
public struct SourceLocation: Codable, Hashable, Sendable, CustomStringConvertible {
    /// Path as the user gave it, or `-` for standard input.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}
