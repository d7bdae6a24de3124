import Yams

/// Maps a position inside a YAML scalar's value (1-based line and column of the decoded
/// text, e.g. where the Flux lexer found an error in `spec.query`) to the position in the file.
///
/// The decoded value is described as segments: runs of characters that appear contiguously
/// both in the value and in the file. Literal blocks map line for line (block indentation
/// added); folded blocks and multi-line flow scalars follow YAML's folding (a single line
/// break becomes a space, empty lines become line breaks); quoted scalars map escapes such as
/// `\n` and `\"` to their backslash.
struct ScalarPositionMapper {
    struct Position: Equatable { var line: Int; var column: Int }
    private struct Segment { var line: Int; var column: Int; var fileLine: Int; var fileColumn: Int; var length: Int }

    let lines: [[Unicode.Scalar]]
    let startLine: Int
    let startColumn: Int
    let style: YAMLNode.Scalar.Style

    private func line(_ number: Int) -> [Unicode.Scalar]? {
        number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }

    /// The file position of `line`:`column` of the value, or nil when it cannot be mapped.
    func position(line: Int, column: Int) -> Position? {
        let segments: [Segment]
        switch style {
        case .literal, .folded: segments = blockSegments(upTo: line)
        case .doubleQuoted: segments = quotedSegments(quote: "\"", upTo: line)
        case .singleQuoted: segments = quotedSegments(quote: "'", upTo: line)
        default: segments = plainSegments(upTo: line)
        }
        let onLine = segments.filter { $0.line == line }
        guard !onLine.isEmpty else { return nil }
        let segment = onLine.last { $0.column <= column } ?? onLine[0]
        let offset = max(0, column - segment.column)
        return Position(line: segment.fileLine, column: segment.fileColumn + offset)
    }

    // MARK: Block scalars

    private func blockSegments(upTo target: Int) -> [Segment] {
        guard let header = line(startLine) else { return [] }
        // Header: `|` or `>`, then optional chomping and indentation indicators.
        var explicitIndent: Int?
        var index = startColumn  // just after the indicator (0-based index of next scalar)
        while index < header.count, header[index] != " ", header[index] != "#" {
            if let digit = Int(String(header[index])) { explicitIndent = digit }
            index += 1
        }
        let parentIndent = header.prefix { $0 == " " }.count
        var indent: Int
        if let explicitIndent {
            indent = parentIndent + explicitIndent
        } else {
            var detected: Int?
            var number = startLine + 1
            while let text = line(number) {
                if text.contains(where: { $0 != " " }) { detected = text.prefix { $0 == " " }.count; break }
                number += 1
            }
            indent = detected ?? parentIndent + 1
        }
        var segments: [Segment] = []
        var valueLine = 1
        var valueColumn = 1
        var previousWasText = false
        var pendingEmpty = 0
        var first = true
        var number = startLine + 1
        while let text = line(number), valueLine <= target {
            let content = text.count > indent ? Array(text[indent...]) : []
            let isEmpty = !text.contains { $0 != " " }
            if !isEmpty && text.prefix(while: { $0 == " " }).count < indent { break }
            if style == .literal {
                segments.append(Segment(line: number - startLine, column: 1, fileLine: number, fileColumn: indent + 1, length: content.count))
                valueLine = number - startLine
            } else {
                if isEmpty { pendingEmpty += 1; number += 1; continue }
                let isText = content.first != " " && content.first != "\t"
                if !first {
                    if previousWasText && isText && pendingEmpty == 0 {
                        valueColumn += 1  // folded into one space
                    } else {
                        valueLine += (previousWasText && isText ? 0 : 1) + pendingEmpty
                        valueColumn = 1
                    }
                } else {
                    valueLine += pendingEmpty
                }
                segments.append(Segment(line: valueLine, column: valueColumn, fileLine: number, fileColumn: indent + 1, length: content.count))
                valueColumn += content.count
                previousWasText = isText
                pendingEmpty = 0
                first = false
            }
            number += 1
        }
        return segments
    }

    // MARK: Flow scalars

    private func plainSegments(upTo target: Int) -> [Segment] {
        var segments: [Segment] = []
        var valueLine = 1
        var valueColumn = 1
        var number = startLine
        var column = startColumn
        while let text = line(number), valueLine <= target {
            let start = column - 1
            let content = start < text.count ? Array(text[start...]) : []
            let trimmed = content.reversed().drop { $0 == " " || $0 == "\t" }.count
            segments.append(Segment(line: valueLine, column: valueColumn, fileLine: number, fileColumn: column, length: trimmed))
            valueColumn += trimmed
            // Next line: leading whitespace dropped; empty lines become line breaks.
            var next = number + 1
            var empty = 0
            while let following = line(next), !following.contains(where: { $0 != " " && $0 != "\t" }) { empty += 1; next += 1 }
            guard let following = line(next) else { break }
            if empty == 0 { valueColumn += 1 } else { valueLine += empty; valueColumn = 1 }
            number = next
            column = following.prefix { $0 == " " || $0 == "\t" }.count + 1
        }
        return segments
    }

    private func quotedSegments(quote: Unicode.Scalar, upTo target: Int) -> [Segment] {
        var segments: [Segment] = []
        var valueLine = 1
        var valueColumn = 1
        var number = startLine
        var index = startColumn  // 0-based index just after the opening quote
        func emit(_ fileColumn: Int) {
            segments.append(Segment(line: valueLine, column: valueColumn, fileLine: number, fileColumn: fileColumn, length: 1))
            valueColumn += 1
        }
        while let text = line(number), valueLine <= target {
            if index >= text.count {
                // Line break inside a quoted scalar folds like a plain one.
                var next = number + 1
                var empty = 0
                while let following = line(next), !following.contains(where: { $0 != " " && $0 != "\t" }) { empty += 1; next += 1 }
                guard let following = line(next) else { break }
                if empty == 0 { valueColumn += 1 } else { valueLine += empty; valueColumn = 1 }
                number = next
                index = following.prefix { $0 == " " || $0 == "\t" }.count
                continue
            }
            let scalar = text[index]
            if scalar == quote {
                if quote == "'", index + 1 < text.count, text[index + 1] == "'" {
                    emit(index + 1); index += 2; continue
                }
                break
            }
            if quote == "\"", scalar == "\\", index + 1 < text.count {
                let escape = text[index + 1]
                let length: Int
                switch escape {
                case "x": length = 4
                case "u": length = 6
                case "U": length = 10
                default: length = 2
                }
                if escape == "n" {
                    segments.append(Segment(line: valueLine, column: valueColumn, fileLine: number, fileColumn: index + 1, length: 1))
                    valueLine += 1
                    valueColumn = 1
                } else {
                    emit(index + 1)
                }
                index += length
                continue
            }
            emit(index + 1)
            index += 1
        }
        return segments
    }
}

extension ScalarPositionMapper {
    /// The mapper for the value of the top-level `key` of the first document of `source`, or
    /// nil when there is no such scalar (used to check positions directly).
    static func forTopLevelValue(of key: String, in source: ManifestText) -> ScalarPositionMapper? {
        let parsed = YAMLDocumentParser.parse(source)
        guard let scalar = parsed.roots.first?.mapping?[key]?.scalar, let mark = scalar.mark else { return nil }
        return ScalarPositionMapper(lines: source.lines, startLine: mark.line, startColumn: mark.column, style: scalar.style)
    }
}
