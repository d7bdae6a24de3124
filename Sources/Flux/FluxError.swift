/// An error found in Flux text, at a 1-based line and column of that text.
public struct FluxError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, as a sentence fragment without location (`unterminated string literal`).
    public var message: String
    /// 1-based line within the Flux text.
    public var line: Int
    /// 1-based column (in Unicode scalars) within that line.
    public var column: Int
    /// True when the text is past what influxsync reads (`FluxParser.maxNesting`) rather than
    /// wrong Flux: InfluxDB may take it, influxsync cannot check it.
    public var isReaderLimit = false

    /// Creates an error at a position of the Flux text.
    public init(_ message: String, line: Int = 1, column: Int = 1, isReaderLimit: Bool = false) {
        self.message = message
        self.line = line
        self.column = column
        self.isReaderLimit = isReaderLimit
    }

    /// `line:column: message`.
    public var description: String { "\(line):\(column): \(message)" }
}
