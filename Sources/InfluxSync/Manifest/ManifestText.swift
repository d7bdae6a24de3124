/// The text of one manifest source (a file or standard input), normalised for parsing.
///
/// Normalisation drops a leading UTF-8 BOM and turns CRLF line ends into LF, so line and
/// column numbers match what an editor shows for the original file (columns are counted in
/// Unicode scalars, 1-based, as libYAML and the Flux lexer count them).
struct ManifestText: Sendable {
    /// What kind of content the source holds, decided by its file extension.
    enum Format: Sendable, Equatable {
        /// YAML (multi-document) or JSON (one resource or an array); both go through Yams.
        case templates
        /// A Flux script: a task when it has an `option task` record.
        case flux
    }

    /// The path as the user gave it (or as found under a directory they gave), `-` for stdin.
    let path: String
    /// Normalised text.
    let text: String
    let format: Format
    /// True when the file was found by scanning a directory (not named explicitly).
    let foundInDirectory: Bool
    /// The lines of `text` (without their `\n`), as arrays of Unicode scalars.
    let lines: [[Unicode.Scalar]]

    init(path: String, rawText: String, format: Format, foundInDirectory: Bool = false) {
        self.path = path
        var scalars = String.UnicodeScalarView()
        var iterator = rawText.unicodeScalars.makeIterator()
        var first = true
        var pendingCR = false
        while let scalar = iterator.next() {
            defer { first = false }
            if first && scalar == "\u{FEFF}" { continue }
            if pendingCR {
                pendingCR = false
                if scalar != "\n" { scalars.append("\r") }
            }
            if scalar == "\r" {
                pendingCR = true
                continue
            }
            scalars.append(scalar)
        }
        if pendingCR { scalars.append("\r") }
        self.text = String(scalars)
        self.format = format
        self.foundInDirectory = foundInDirectory
        self.lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
    }

    /// The 1-based line `number`, or an empty line when out of range.
    func line(_ number: Int) -> [Unicode.Scalar] {
        guard number >= 1, number <= lines.count else { return [] }
        return lines[number - 1]
    }

    /// A location in this source.
    func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }
}
