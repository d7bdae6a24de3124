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
                let endsOperand = t.endsOperand(in: b)
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
            let isOptionTask = i - start >= 3 && tokens[start].kind == .keyword && FluxByteScanner.spells(b, tokens[start], "option")
                && tokens[start + 1].kind == .identifier && FluxByteScanner.spells(b, tokens[start + 1], "task")
                && tokens[start + 2].kind == .operator && FluxByteScanner.spells(b, tokens[start + 2], "=")
            statements.append(statement(isOptionTask ? .optionTask : .other, start..<i))
        }
        return statements
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
