/// One top-level statement of a script, found from the token stream alone.
struct FluxTopLevelStatement {
    enum Kind: Equatable { case packageClause, importDeclaration, optionTask, other }
    var kind: Kind
    /// Indices of the statement's tokens in the script's code tokens (comments excluded).
    var codeTokens: Range<Int>
    /// Byte offsets from the first token's start to the last token's end.
    var range: Range<Int>
}

/// Splits a token stream into top-level statements the way Flux's parser delimits them:
/// an expression continues while the next token can extend it (a binary operator, `.`, `(`,
/// `[`, `=`, `=>`, `then`/`else`/`and`/`or`), or while a bracket is open.
enum FluxStatementSplitter {
    /// Splits `tokens` (code tokens only: no comments) of the source `b`.
    /// - Throws: `FluxError` for an import without a path, a package clause without a name,
    ///   unbalanced brackets, or a script ending in the middle of an expression.
    static func split(_ tokens: [FluxRawToken], in b: UnsafeBufferPointer<UInt8>) throws(FluxError) -> [FluxTopLevelStatement] {
        func text(_ t: FluxRawToken) -> String { FluxByteScanner.text(t, in: b) }
        func statement(_ kind: FluxTopLevelStatement.Kind, _ range: Range<Int>) -> FluxTopLevelStatement {
            FluxTopLevelStatement(kind: kind, codeTokens: range, range: tokens[range.lowerBound].start..<tokens[range.upperBound - 1].end)
        }
        var statements: [FluxTopLevelStatement] = []
        var i = 0
        var stack: [FluxRawToken] = []
        while i < tokens.count {
            let start = i
            // `@name(…)` attributes belong to the statement after them.
            i = try skipAttributes(tokens, from: i, in: b)
            let head = i
            let first = tokens[i]
            if first.kind == .keyword && FluxByteScanner.spells(b, first, "import") {
                i += 1
                if i < tokens.count, tokens[i].kind == .identifier { i += 1 }
                guard i < tokens.count, tokens[i].kind == .string, !tokens[i].isInterpolated else {
                    let at = i < tokens.count ? tokens[i] : first
                    throw FluxError("expected a package path string after import", line: at.line, column: at.column)
                }
                i += 1
                statements.append(statement(.importDeclaration, start..<i))
                continue
            }
            if first.kind == .keyword && FluxByteScanner.spells(b, first, "package") {
                guard i + 1 < tokens.count, tokens[i + 1].kind == .identifier else {
                    throw FluxError("expected a package name after package", line: first.line, column: first.column)
                }
                i += 2
                statements.append(statement(.packageClause, start..<i))
                continue
            }
            stack.removeAll(keepingCapacity: true)
            while true {
                let t = tokens[i]
                if t.kind == .punctuation {
                    let c = b[t.start]
                    if FluxByteScanner.isOpeningBracket(c) { stack.append(t) }
                    if FluxByteScanner.isClosingBracket(c) {
                        guard let open = stack.popLast() else {
                            throw FluxError("unexpected \(text(t))", line: t.line, column: t.column)
                        }
                        guard Self.matches(b[open.start], c) else {
                            throw FluxError("\(text(t)) does not close \(text(open)) opened at \(open.line):\(open.column)", line: t.line, column: t.column)
                        }
                    }
                }
                i += 1
                // `<-` is an operand too (the pipe literal), as in Flux's parser.
                let endsOperand =
                    t.endsOperand(in: b)
                    || (t.kind == .operator && t.end - t.start == 2 && b[t.start] == UInt8(ascii: "<") && b[t.start + 1] == UInt8(ascii: "-"))
                if i == tokens.count {
                    if let open = stack.last {
                        throw FluxError("\(text(open)) is never closed", line: open.line, column: open.column)
                    }
                    if !endsOperand {
                        throw FluxError("expected an expression after \(text(t))", line: t.line, column: t.column)
                    }
                    break
                }
                if stack.isEmpty && endsOperand && !Self.continues(tokens[i], in: b) { break }
            }
            let isOptionTask =
                i - head >= 3 && tokens[head].kind == .keyword && FluxByteScanner.spells(b, tokens[head], "option")
                && tokens[head + 1].kind == .identifier && FluxByteScanner.spells(b, tokens[head + 1], "task")
                && tokens[head + 2].kind == .operator && FluxByteScanner.spells(b, tokens[head + 2], "=")
            statements.append(statement(isOptionTask ? .optionTask : .other, start..<i))
        }
        return statements
    }

    /// The index of the first token after the attributes starting at `i` (`i` when there are
    /// none). An attribute is `@` touching a name, then optionally a balanced `(…)`.
    /// - Throws: `FluxError` for `@` without a name, an unclosed parameter list, or attributes
    ///   with no statement after them.
    static func skipAttributes(_ tokens: [FluxRawToken], from start: Int, in b: UnsafeBufferPointer<UInt8>) throws(FluxError) -> Int {
        var i = start
        while i < tokens.count, isAt(tokens[i], in: b) {
            let at = tokens[i]
            guard i + 1 < tokens.count, tokens[i + 1].kind == .identifier || tokens[i + 1].kind == .keyword, tokens[i + 1].start == at.end else {
                throw FluxError("expected an attribute name right after @", line: at.line, column: at.column)
            }
            i += 2
            if i < tokens.count, tokens[i].kind == .punctuation, b[tokens[i].start] == 0x28 {
                let open = tokens[i]
                var depth = 0
                repeat {
                    let t = tokens[i]
                    if t.kind == .punctuation && FluxByteScanner.isOpeningBracket(b[t.start]) { depth += 1 }
                    if t.kind == .punctuation && FluxByteScanner.isClosingBracket(b[t.start]) { depth -= 1 }
                    i += 1
                } while depth > 0 && i < tokens.count
                if depth > 0 { throw FluxError("( is never closed", line: open.line, column: open.column) }
            }
            if i == tokens.count {
                throw FluxError("expected a statement after the attribute, found end of script", line: at.line, column: at.column)
            }
        }
        return i
    }

    /// True for the operator `@`.
    static func isAt(_ t: FluxRawToken, in b: UnsafeBufferPointer<UInt8>) -> Bool {
        t.kind == .operator && t.end - t.start == 1 && b[t.start] == UInt8(ascii: "@")
    }

    static func matches(_ open: UInt8, _ close: UInt8) -> Bool {
        (open == 0x28 && close == 0x29) || (open == 0x5B && close == 0x5D) || (open == 0x7B && close == 0x7D)
    }

    /// True when `next` extends the expression that ends just before it.
    static func continues(_ next: FluxRawToken, in b: UnsafeBufferPointer<UInt8>) -> Bool {
        switch next.kind {
        case .operator:
            return !(next.end - next.start == 1 && (b[next.start] == UInt8(ascii: "@") || b[next.start] == UInt8(ascii: "?")))
        case .punctuation:
            let c = b[next.start]
            return c == 0x2E || c == 0x28 || c == 0x5B || c == 0x2C || c == 0x3A  // . ( [ , :
        case .keyword:
            return FluxByteScanner.spells(b, next, "and") || FluxByteScanner.spells(b, next, "or")
                || FluxByteScanner.spells(b, next, "then") || FluxByteScanner.spells(b, next, "else")
        default:
            return false
        }
    }
}
