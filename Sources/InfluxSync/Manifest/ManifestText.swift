import Flux
import Synchronization

/// The text of one manifest source (a file or standard input), normalised for parsing.
///
/// Normalisation drops a leading UTF-8 BOM and turns CRLF line ends into LF, so line and
/// column numbers match what an editor shows for the original file (columns are counted in
/// Unicode scalars, 1-based, as libYAML and the Flux lexer count them).
struct ManifestText: Sendable {
    /// What kind of content the source holds, decided by its file extension.
    enum Format: Sendable, Equatable {
        /// YAML (multi-document) or JSON (one resource or an array); both are read by libyaml.
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
    /// SHA-256 of the file's bytes exactly as read, lowercase hex (`SHA256Hex`): set by
    /// `ManifestFileCollector` when asked to digest (for `ManifestDigest`); nil otherwise and
    /// for standard input.
    let sha256: String?
    /// The lines of `text` (without their `\n`), as arrays of Unicode scalars. Made on first
    /// use: only positions inside scalars and error reports need them, and for a large file
    /// they cost more than parsing it.
    var lines: [[Unicode.Scalar]] { lineCache.lines(of: text) }
    private let lineCache = LineCache()

    init(path: String, rawText: String, format: Format, foundInDirectory: Bool = false, sha256: String? = nil) {
        self.path = path
        self.text = FluxLexer.normalize(rawText)
        self.format = format
        self.foundInDirectory = foundInDirectory
        self.sha256 = sha256
    }

    /// The 1-based line `number`, or an empty line when out of range.
    func line(_ number: Int) -> [Unicode.Scalar] {
        guard number >= 1, number <= lines.count else { return [] }
        return lines[number - 1]
    }

    /// `JSON` for a `.json` file, else `YAML`: the name error messages give the syntax (both
    /// are read by the same YAML parser, JSON being a subset of YAML).
    var syntaxName: String {
        path.lowercased().hasSuffix(".json") ? "JSON" : "YAML"
    }

    /// A location in this source.
    func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }
}

/// The split of a text into lines, made once on first use and shared by copies of its
/// `ManifestText`.
private final class LineCache: Sendable {
    private let storage = Mutex<[[Unicode.Scalar]]?>(nil)

    func lines(of text: String) -> [[Unicode.Scalar]] {
        storage.withLock { cached in
            if let cached { return cached }
            let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
            cached = lines
            return lines
        }
    }
}
