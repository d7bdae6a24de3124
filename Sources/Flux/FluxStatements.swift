/// One top-level statement of a script, found from the token stream alone.
struct FluxTopLevelStatement {
    enum Kind: Equatable { case packageClause, importDeclaration, optionTask, other }
    var kind: Kind
    /// The statement's tokens without comments.
    var tokens: [FluxToken]
    /// Scalar offsets from the first token's start to the last token's end.
    var range: Range<Int> { tokens.first!.range.lowerBound..<tokens.last!.range.upperBound }
}

/// Splits a token stream into top-level statements the way Flux's parser delimits them:
/// an expression continues while the next token can extend it (a binary operator, `.`, `(`,
/// `[`, `=`, `=>`, `then`/`else`/`and`/`or`), or while a bracket is open.
enum FluxStatementSplitter {
    static func split(_ allTokens: [FluxToken]) throws(FluxError) -> [FluxTopLevelStatement] {
        let tokens = allTokens.filter { $0.kind != .comment }
        var statements: [FluxTopLevelStatement] = []
        var i = 0
        while i < tokens.count {
            let start = i
            let first = tokens[i]
            if first.isKeyword("import") {
                i += 1
                if i < tokens.count, tokens[i].kind == .identifier { i += 1 }
                guard i < tokens.count, tokens[i].kind == .string, !tokens[i].isInterpolated else {
                    let at = i < tokens.count ? tokens[i] : first
                    throw FluxError("expected a package path string after import", line: at.line, column: at.column)
                }
                i += 1
                statements.append(.init(kind: .importDeclaration, tokens: Array(tokens[start..<i])))
                continue
            }
            if first.isKeyword("package") {
                guard i + 1 < tokens.count, tokens[i + 1].kind == .identifier else {
                    throw FluxError("expected a package name after package", line: first.line, column: first.column)
                }
                i += 2
                statements.append(.init(kind: .packageClause, tokens: Array(tokens[start..<i])))
                continue
            }
            var stack: [FluxToken] = []
            while true {
                let t = tokens[i]
                if t.isOpeningBracket { stack.append(t) }
                if t.isClosingBracket {
                    guard let open = stack.popLast() else {
                        throw FluxError("unexpected \(t.text)", line: t.line, column: t.column)
                    }
                    guard Self.matches(open.text, t.text) else {
                        throw FluxError("\(t.text) does not close \(open.text) opened at \(open.line):\(open.column)", line: t.line, column: t.column)
                    }
                }
                i += 1
                if i == tokens.count {
                    if let open = stack.last {
                        throw FluxError("\(open.text) is never closed", line: open.line, column: open.column)
                    }
                    if !t.endsOperand {
                        throw FluxError("expected an expression after \(t.text)", line: t.line, column: t.column)
                    }
                    break
                }
                if stack.isEmpty && t.endsOperand && !Self.continues(tokens[i]) { break }
            }
            let statementTokens = Array(tokens[start..<i])
            let isOptionTask = statementTokens.count >= 3 && statementTokens[0].isKeyword("option")
                && statementTokens[1].kind == .identifier && statementTokens[1].text == "task" && statementTokens[2].is("=")
            statements.append(.init(kind: isOptionTask ? .optionTask : .other, tokens: statementTokens))
        }
        return statements
    }

    static func matches(_ open: String, _ close: String) -> Bool {
        (open == "(" && close == ")") || (open == "[" && close == "]") || (open == "{" && close == "}")
    }

    /// True when `next` extends the expression that ends just before it.
    static func continues(_ next: FluxToken) -> Bool {
        switch next.kind {
        case .operator: return next.text != "@" && next.text != "?"
        case .punctuation: return next.text == "." || next.text == "(" || next.text == "[" || next.text == "," || next.text == ":"
        case .keyword: return ["and", "or", "then", "else"].contains(next.text)
        default: return false
        }
    }
}
