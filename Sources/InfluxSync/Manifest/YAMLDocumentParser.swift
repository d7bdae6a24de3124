import Flux
import Yams

/// The YAML documents of one source, every node with its `mark`.
///
/// Documents are composed from libyaml's events (`YAMLEventComposer`); a document that needs
/// more (a syntax error, an alias, a key written twice, nesting past the cap) is parsed again
/// with Yams, and everything below is about that parse.
/// Yams stops at the first duplicate key of a mapping. To report every duplicate and still
/// check the rest of the file, the parser renames the earlier occurrence (prefixing
/// `duplicateKeyPrefix` and a counter) and parses again; `MarkMapper` undoes the column shift
/// this causes, and the reader reports each renamed key as a duplicate.
struct YAMLDocuments {
    /// Root node of each document parsed before any syntax error, in order.
    var roots: [YAMLNode]
    /// Syntax errors: at most one (the parser cannot continue after it), or one per line with
    /// an invisible character in the structure (`StructureCharacterCheck`), found before parsing.
    var diagnostics: [Diagnostic]
    /// Maps marks of the (possibly rewritten) text back to the original source.
    var marks: MarkMapper
}

/// Turns parser marks (line and column) into source locations of the original text.
struct MarkMapper: Sendable {
    struct Insertion: Sendable { var line: Int; var column: Int; var length: Int }
    let path: String
    /// Text insertions made while recovering from duplicate keys, in the order made.
    var insertions: [Insertion] = []

    /// The original location of a mark of the rewritten text.
    func location(_ mark: YAMLNode.Mark?) -> SourceLocation {
        guard let mark else { return SourceLocation(file: path, line: 1, column: 1) }
        return location(line: mark.line, column: mark.column)
    }

    /// The original location of a Yams mark of the rewritten text.
    func location(_ mark: Mark?) -> SourceLocation {
        location(mark.map(YAMLNode.Mark.init))
    }

    /// The original location of a line and column of the rewritten text.
    func location(line: Int, column: Int) -> SourceLocation {
        var column = column
        for insertion in insertions.reversed() where insertion.line == line && column > insertion.column {
            column -= insertion.length
        }
        return SourceLocation(file: path, line: line, column: column)
    }
}

enum YAMLDocumentParser {
    /// Prefix given to an earlier occurrence of a duplicated key (followed by `<n>__`).
    static let duplicateKeyPrefix = "__influxsync_duplicate_"

    /// The original key of a key renamed by duplicate recovery, or nil for an ordinary key.
    static func originalKey(ofRenamed key: String) -> String? {
        guard key.hasPrefix(duplicateKeyPrefix) else { return nil }
        let rest = key.dropFirst(duplicateKeyPrefix.count)
        guard let end = rest.range(of: "__") else { return nil }
        return String(rest[end.upperBound...])
    }

    /// Parses every document of `source`. A document over an alias-expansion or nesting cap of
    /// `limits` is an error (`AliasExpansionCheck`) and ends the parse, like a syntax error.
    static func parse(_ source: ManifestText, limits: ManifestLimits = .default) -> YAMLDocuments {
        var roots: [YAMLNode] = []
        let (diagnostics, marks) = parse(source, limits: limits) { root, _ in roots.append(root) }
        return YAMLDocuments(roots: roots, diagnostics: diagnostics, marks: marks)
    }

    /// Parses `source` as `parse(_:limits:)` does, handing each document's root to `document`
    /// as soon as it is parsed (with the marks in force), so a large file never holds the
    /// nodes of all its documents at once. After a duplicate-key rename the text is parsed
    /// again from the start; documents already handed out are skipped, so each is handed out
    /// once, in order.
    /// Invisible characters in the structure (`StructureCharacterCheck`) are reported, each at
    /// its own place, instead of parsing.
    /// - Returns: the syntax or cap error (at most one), or the invisible-character errors, and
    ///   the final mark mapping.
    static func parse(
        _ source: ManifestText, limits: ManifestLimits = .default, document: (YAMLNode, MarkMapper) -> Void
    ) -> (diagnostics: [Diagnostic], marks: MarkMapper) {
        let invisible = StructureCharacterCheck.problems(in: source)
        if !invisible.isEmpty { return (invisible, MarkMapper(path: source.path)) }
        let plain = MarkMapper(path: source.path)
        switch YAMLEventComposer(maxDepth: limits.maxDepth).compose(source.text, document: { document($0, plain) }) {
        case .finished: return ([], plain)
        case .needsParser(let handedOut): return parseWithYams(source, limits: limits, skipping: handedOut, document: document)
        }
    }

    /// The Yams parse of `source` (see `parse(_:limits:document:)`), handing out the documents
    /// after the first `skipping` ones (those the composer handed out).
    private static func parseWithYams(
        _ source: ManifestText, limits: ManifestLimits, skipping: Int, document: (YAMLNode, MarkMapper) -> Void
    ) -> (diagnostics: [Diagnostic], marks: MarkMapper) {
        var text = source.text
        var marks = MarkMapper(path: source.path)
        var attempt = 0
        var delivered = skipping
        while true {
            do {
                // `.basic`: every plain scalar is read as a string. The default resolver runs up to seven
                // regular expressions on each scalar — and on each mapping key again when Yams hashes
                // keys for its duplicate check — though the manifest reader interprets the few
                // scalars it reads itself (`ManifestNodeReader.isNull`, `TaskSpecReader` script
                // parameters). It was the largest cost of loading after the Flux scanner.
                let parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
                var index = 0
                do {
                    while let root = try parser.nextRoot() {
                        defer { index += 1 }
                        if index < delivered { continue }
                        // Checked while `parser` is alive: Yams nodes hold their anchors weakly
                        // and the parser owns them, so only now can an alias use be told apart.
                        let check = AliasExpansionCheck(limits: limits, source: source, marks: marks)
                        if let violation = withExtendedLifetime(parser, { check.violation(in: root) }) {
                            return ([violation], marks)
                        }
                        document(YAMLNode(root), marks)
                        delivered += 1
                    }
                } catch let error as YamlError {
                    if case .duplicatedKeysInMapping(let keys, let context) = error, attempt < 200,
                        let rewritten = renameKey(keys.first ?? "", at: context.mark, in: text, marks: &marks, counter: attempt)
                    {
                        text = rewritten
                        attempt += 1
                        continue
                    }
                    return ([diagnostic(for: error, source: source, marks: marks, limits: limits)], marks)
                }
                return ([], marks)
            } catch let error as YamlError {
                return ([diagnostic(for: error, source: source, marks: marks, limits: limits)], marks)
            } catch {
                return ([Diagnostic(at: source.location(line: 1, column: 1), "invalid \(source.syntaxName): \(error)")], marks)
            }
        }
    }

    /// Inserts the rename prefix at the key that starts at `mark`; nil when the text there is not
    /// that key (an alias or explicit key), in which case recovery stops.
    private static func renameKey(_ key: String, at mark: Mark, in text: String, marks: inout MarkMapper, counter: Int) -> String? {
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        var line = lines[mark.line - 1]
        var index = mark.column - 1
        guard index >= 0, index < line.count else { return nil }
        if line[index] == "\"" || line[index] == "'" { index += 1 }
        let keyScalars = Array(key.unicodeScalars)
        guard !keyScalars.isEmpty, index + keyScalars.count <= line.count,
            Array(line[index..<(index + keyScalars.count)]) == keyScalars
        else { return nil }
        let prefix = Array("\(duplicateKeyPrefix)\(counter)__".unicodeScalars)
        line.insert(contentsOf: prefix, at: index)
        lines[mark.line - 1] = line
        marks.insertions.append(.init(line: mark.line, column: index + 1, length: prefix.count))
        var view = String.UnicodeScalarView()
        for (number, scalars) in lines.enumerated() {
            if number > 0 { view.append("\n") }
            view.append(contentsOf: scalars)
        }
        return String(view)
    }

    /// The error's diagnostic: `invalid YAML: …` (`invalid JSON: …` for a `.json` file) at the
    /// error's place. libyaml's own nesting limit (its message names a C function) is reported
    /// as our depth cap is, so whichever stops a deep document first, the words are the same.
    private static func diagnostic(for error: YamlError, source: ManifestText, marks: MarkMapper, limits: ManifestLimits) -> Diagnostic {
        let invalid = "invalid \(source.syntaxName)"
        func describe(_ problem: String, _ context: YamlError.Context?) -> String {
            guard let context else { return problem }
            return "\(problem) (\(context.text) at line \(context.mark.line))"
        }
        func hint(_ problem: String) -> String {
            if problem.contains("tab") { return "indent with spaces: YAML does not allow tabs for indentation" }
            if problem.contains("mapping values are not allowed") {
                return "quote values that contain \": \", and check the indentation of this line"
            }
            return "fix the \(source.syntaxName) here; the rest of this file was not checked"
        }
        /// The character at the error when it is one a reader cannot see or tell apart (a tab,
        /// a non-ASCII space, a format character), else nil.
        func oddCharacter(at location: SourceLocation) -> Unicode.Scalar? {
            let line = source.line(location.line)
            guard location.column >= 1, location.column <= line.count else { return nil }
            let scalar = line[location.column - 1]
            return scalar == "\t" || CharacterName.isInvisible(scalar) ? scalar : nil
        }
        func named(_ scalar: Unicode.Scalar?) -> String {
            scalar.map { ": invalid character \(CharacterName.describe($0))" } ?? ""
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let location = marks.location(mark)
            if problem.contains("yaml_set_max_nest_level") || problem.localizedCaseInsensitiveContains("nesting level") {
                return Diagnostic(at: location, AliasExpansionCheck.depthMessage(source: source, limits: limits), hint: AliasExpansionCheck.depthHint)
            }
            let odd = oddCharacter(at: location)
            let fix =
                odd == nil || odd == "\t"
                ? hint(odd == "\t" ? "tab" : problem)
                : "delete or retype this character: it is invisible or looks like another in most editors"
            return Diagnostic(at: location, "\(invalid): \(describe(problem, context))\(named(odd))", hint: fix)
        case .reader(let problem, let offset, _, _):
            var location = source.location(line: 1, column: 1)
            if let offset {
                let prefix = source.text.prefix(offset)
                let line = prefix.filter { $0 == "\n" }.count + 1
                let column = (prefix.lastIndex(of: "\n").map { prefix[prefix.index(after: $0)...] } ?? prefix).unicodeScalars.count + 1
                location = source.location(line: line, column: column)
            }
            return Diagnostic(
                at: location, "\(invalid): \(problem)\(named(oddCharacter(at: location)))",
                hint: "remove control characters; YAML text must be printable")
        case .duplicatedKeysInMapping(let keys, let context):
            return Diagnostic(
                at: marks.location(context.mark),
                "duplicate key `\(keys.first ?? "")` in mapping",
                hint: "remove one of them; keys in a mapping must be unique")
        default:
            return Diagnostic(at: source.location(line: 1, column: 1), "\(invalid): \(error)")
        }
    }
}
