import Flux

/// Finds invisible characters (`CharacterName.isInvisible`: a no-break space, a zero-width
/// space, …) where YAML or JSON expects structure, before the file is parsed, and names each at
/// its own line and column.
///
/// To libyaml a no-break space is not a space: `every:<U+00A0>1h` is one plain scalar and the
/// parser fails a line later ("mapping values are not allowed") without naming the character.
/// Checked places: the indentation of a line (outside block scalars such as a `query: |`,
/// whose content the Flux reader checks itself) and the blanks right after an indicator (`:`,
/// a leading `-`, `,`, `[`, `{`, `?`); in a `.json` file, everywhere outside strings. Quoted
/// scalars and comments are skipped, so a value that means to hold such a character keeps it.
enum StructureCharacterCheck {
    /// One diagnostic per line that has an invisible character in its structure, at the first
    /// such character; empty for ordinary files (and for `.flux` sources). A file with any
    /// is not parsed further: the parser's own message would point elsewhere.
    static func problems(in source: ManifestText) -> [Diagnostic] {
        guard source.format == .templates, mayHoldInvisible(source.text) else { return [] }
        let json = source.syntaxName == "JSON"
        var scanner = LineScanner(json: json)
        var found: [Diagnostic] = []
        for (index, line) in source.lines.enumerated() {
            guard let (column, place) = scanner.firstInvisible(in: line) else { continue }
            let scalar = line[column - 1]
            let name = CharacterName.describe(scalar)
            let message: String
            switch place {
            case .indentation: message = "invalid \(source.syntaxName): \(name) in the indentation; YAML indents with ordinary spaces only"
            case .afterIndicator(let indicator):
                message = "invalid \(source.syntaxName): \(name) after `\(indicator)`; \(source.syntaxName) separates with ordinary spaces only"
            case .betweenTokens: message = "invalid JSON: \(name) between tokens; JSON allows only spaces, tabs and line breaks there"
            }
            found.append(
                Diagnostic(
                    at: source.location(line: index + 1, column: column), message,
                    hint: "delete it or retype it as an ordinary space: it is invisible or looks like a space in most editors"))
        }
        return found
    }

    /// True when `text` has a byte that could start an invisible character: non-ASCII, or a
    /// control character other than tab and line breaks. Most files have none and are not
    /// scanned line by line. (Read from the text's buffer: 3 MB in a few milliseconds.)
    static func mayHoldInvisible(_ text: String) -> Bool {
        func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            for byte in bytes where byte >= 0x80 || (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) { return true }
            return false
        }
        if let found = text.utf8.withContiguousStorageIfAvailable(check) { return found }
        return Array(text.utf8).withUnsafeBufferPointer(check)
    }

    /// Where the character was found.
    enum Place: Equatable {
        case indentation
        case afterIndicator(Character)
        case betweenTokens
    }

    /// The scan state carried from line to line: an open quoted scalar or string, an open block
    /// scalar.
    struct LineScanner {
        let json: Bool
        /// The quote character of a quoted scalar that continues on the next line.
        var quote: Unicode.Scalar?
        /// Indentation of the line that opened a block scalar (`|`, `>`), while inside it.
        var blockParentIndent: Int?

        init(json: Bool) { self.json = json }

        /// The 1-based column of the first invisible character in the line's structure, and
        /// where it is; nil when there is none.
        mutating func firstInvisible(in line: [Unicode.Scalar]) -> (Int, Place)? {
            let spaces = line.prefix { $0 == " " }.count
            if let parent = blockParentIndent {
                let blank = line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
                if blank || spaces > parent { return nil }
                blockParentIndent = nil
            }
            var result: (Int, Place)?
            var indentation = quote == nil
            var indicator: Character? = quote == nil ? "-" : nil  // a line start expects structure like an indicator does
            var onlyDashes = true
            var previous: Unicode.Scalar = " "
            var i = 0
            while i < line.count {
                let c = line[i]
                if let open = quote {
                    if open == "\"" && c == "\\" { i += 2; continue }
                    if c == open {
                        if open == "'", i + 1 < line.count, line[i + 1] == "'" { i += 2; continue }
                        quote = nil
                    }
                    previous = c
                    i += 1
                    continue
                }
                if c == "\r" { i += 1; continue }
                if CharacterName.isInvisible(c) {
                    if result == nil {
                        if indentation && !json {
                            result = (i + 1, .indentation)
                        } else if json {
                            result = (i + 1, .betweenTokens)
                        } else if let indicator {
                            result = (i + 1, .afterIndicator(indicator))
                        }
                    }
                    i += 1
                    continue
                }
                if c == " " || c == "\t" { previous = c; i += 1; continue }
                let valueStart = indicator != nil
                indentation = false
                if !json && c == "#" && (previous == " " || previous == "\t" || i == 0) { break }
                if (c == "\"" || (!json && c == "'")) && (json || valueStart) {
                    quote = c
                    indicator = nil
                } else if !json && valueStart && (c == "|" || c == ">") {
                    blockParentIndent = spaces
                    break
                } else if c == ":" || c == "," || c == "[" || c == "{" || c == "?" || (c == "-" && onlyDashes) {
                    indicator = Character(c)
                } else {
                    indicator = nil
                }
                if c != "-" { onlyDashes = false }
                previous = c
                i += 1
            }
            return result
        }
    }
}
