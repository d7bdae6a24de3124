/// Re-prints Flux the way InfluxDB's formatter does after an option-field PATCH
/// (influxdb-api.md §7.4; flux `libflux/flux-core/src/formatter`).
///
/// Canonical spacing (`key: value`, `a = b`, `f(x: 1)`, `|> ` between stages); records, call
/// arguments, arrays and parameter lists with more than 4 items one item per line (4-space
/// indent, trailing comma), otherwise on one line when it fits in 100 columns; pipelines that
/// spanned several lines in the source one stage per line, indented 4; a blank line between
/// statements of different kinds, where the source had one, before a statement that starts
/// with a comment, and after the imports; comments kept; parentheses only where precedence
/// needs them; durations as magnitude+unit pairs; output ends with "\n".
public enum FluxFormatter {
    /// Formats Flux source.
    /// - Throws: `FluxError` for lexical or syntax errors (line:column in the normalised source).
    public static func format(_ source: String) throws(FluxError) -> String {
        format(try FluxParser.parse(source))
    }

    /// Formats a parsed file.
    public static func format(_ file: FluxFile) -> String {
        FormatterContext(tokens: file.tokens).file(file).render(width: 100)
    }
}

struct FormatterContext {
    let tokens: [FluxToken]

    func isMultiline(_ e: FluxExpression) -> Bool {
        tokens[e.firstToken].line != tokens[e.lastToken].endLine
    }

    func comments(_ list: [FluxToken]) -> FluxDoc {
        .concat(list.map { FluxDoc.text($0.text) + .hardline })
    }

    // MARK: file and statements

    func file(_ f: FluxFile) -> FluxDoc {
        var parts: [FluxDoc] = []
        if let package = f.packageClause {
            parts.append(statement(package) + .hardline)
            if !f.imports.isEmpty || !f.body.isEmpty { parts.append(.hardline + .hardline) }
        }
        parts.append(.join(f.imports.map(statement), separator: .hardline))
        if !f.imports.isEmpty && !f.body.isEmpty { parts.append(.hardline + .hardline) }
        parts.append(statementList(f.body))
        if !f.trailingComments.isEmpty {
            if !f.body.isEmpty || !f.imports.isEmpty { parts.append(.hardline) }
            parts.append(.join(f.trailingComments.map { FluxDoc.text($0.text) }, separator: .hardline))
        }
        parts.append(.hardline)
        return .concat(parts)
    }

    func statementList(_ statements: [FluxStatement]) -> FluxDoc {
        var parts: [FluxDoc] = []
        var previous: FluxStatement?
        for s in statements {
            if let p = previous {
                parts.append(.hardline)
                let gap = tokens[s.firstToken].line - tokens[p.lastToken].endLine
                if gap > 1 || s.typeRank != p.typeRank || !s.comments.isEmpty { parts.append(.hardline) }
            }
            parts.append(statement(s))
            previous = s
        }
        return .concat(parts)
    }

    func statement(_ s: FluxStatement) -> FluxDoc {
        let body: FluxDoc
        switch s.kind {
        case .packageClause(let name): body = .text("package \(name)")
        case .importDeclaration(let alias, let path): body = .text("import " + (alias.map { "\($0) " } ?? "") + path)
        case .option(let target, let value): body = hang(.text("option \(target) ="), value)
        case .variable(let name, let value): body = hang(.text("\(name) ="), value)
        case .returnStatement(let value): body = hang(.text("return"), value)
        case .expression(let e): body = expression(e)
        }
        return comments(s.comments) + .concat(s.attributes.map { attribute($0) + .hardline }) + body.grouped()
    }

    /// `@name` or `@name(p, …)`.
    func attribute(_ a: FluxAttribute) -> FluxDoc {
        guard a.hasParentheses else { return .text("@" + a.name) }
        return .text("@" + a.name + "(") + .join(a.parameters.map(expression), separator: .text(", ")) + .text(")")
    }

    /// `prefix value`: records, arrays, functions and index expressions stay on the
    /// prefix's line; anything else moves to the next line (indented) when it does not fit.
    func hang(_ prefix: FluxDoc, _ value: FluxExpression) -> FluxDoc {
        let v = stripParens(value)
        switch v.kind {
        case .record, .array, .function, .index:
            return prefix + .text(" ") + expression(v)
        default:
            return prefix + (FluxDoc.line + expression(v)).nested().grouped()
        }
    }

    // MARK: expressions

    func stripParens(_ e: FluxExpression) -> FluxExpression {
        if case .paren(let inner) = e.kind { return stripParens(inner) }
        return e
    }

    func precedence(_ e: FluxExpression) -> Int {
        switch stripParens(e).kind {
        case .binary(let op, _, _):
            switch op {
            case "^": return 4
            case "*", "/", "%": return 5
            case "+", "-": return 6
            default: return 7
            }
        case .logical(let op, _, _): return op == "and" ? 9 : 10
        case .unary(let op, _): return (op == "-" || op == "+") ? 6 : 8
        case .function: return 3
        case .pipe: return 2
        case .call, .member, .index: return 1
        case .conditional: return 11
        default: return 0
        }
    }

    /// A child expression, in parentheses when precedence requires them.
    func child(_ e: FluxExpression, parent: Int, right: Bool) -> FluxDoc {
        let c = precedence(e)
        let needs = parent != 0 && c != 0 && ((!right && c > parent) || (right && c >= parent))
        let doc = expression(stripParens(e))
        return needs ? .text("(") + doc + .text(")") : doc
    }

    func commaList(_ items: [FluxDoc], _ line: FluxDoc) -> FluxDoc {
        if items.isEmpty { return .empty }
        return .join(items.map { $0.grouped() }, separator: .text(",") + line) + .alternative(broken: .text(","), flat: .empty)
    }

    /// `open items close`, one item per line when there are more than 4.
    func itemList(_ open: String, _ close: String, _ items: [FluxDoc], closing: [FluxToken], forceMultiline: Bool = false) -> FluxDoc {
        let multiline = items.count > 4 || forceMultiline
        let line: FluxDoc = multiline ? .hardline : .line
        let line_: FluxDoc = multiline ? .hardline : .softline
        if items.isEmpty && closing.isEmpty { return .text(open + close) }
        var inner: FluxDoc = line_ + commaList(items, line)
        var tail: FluxDoc = line_
        if !closing.isEmpty {
            inner = inner + .hardline + .join(closing.map { FluxDoc.text($0.text) }, separator: .hardline)
            tail = .hardline
        }
        return (.text(open) + inner.nested() + tail + .text(close)).grouped()
    }

    func property(_ p: FluxProperty, separator: String) -> FluxDoc {
        guard let value = p.value else { return comments(p.comments) + .text(p.key) }
        if separator == "=" { return comments(p.comments) + .text(p.key + "=") + expression(stripParens(value)) }
        return comments(p.comments) + hang(.text(p.key + ":"), value)
    }

    func expression(_ e: FluxExpression) -> FluxDoc {
        let doc: FluxDoc
        switch e.kind {
        case .identifier(let name): doc = .text(name)
        case .literal(let t) where t.kind == .string && t.isInterpolated: doc = interpolatedString(t)
        case .literal(let t): doc = .text(literal(t))
        case .pipeLiteral: doc = .text("<-")
        case .label(let name): doc = .text("." + name)
        case .paren(let inner): return expression(stripParens(inner))
        case .array(let elements, let closing):
            doc = itemList("[", "]", elements.map { comments($0.comments) + expression(stripParens($0.expression)) }, closing: closing)
        case .dictionary(let pairs, let closing):
            if pairs.isEmpty && closing.isEmpty { doc = .text("[:]"); break }
            let line: FluxDoc = isMultiline(e) ? .hardline : .line
            let items = pairs.map { comments($0.comments) + expression(stripParens($0.key)) + .text(": ") + expression(stripParens($0.value)) }
            doc = (.text("[") + (FluxDoc.softline + commaList(items, line) + comments(closing)).nested() + .softline + .text("]")).grouped()
        case .record(let with, let properties, let closing):
            let multiline = properties.count > 4
            let line: FluxDoc = multiline ? .hardline : .line
            let line_: FluxDoc = multiline ? .hardline : .softline
            let lead: FluxDoc = with.map { (FluxDoc.text($0 + " with") + line).grouped() } ?? line_
            var inner = lead + commaList(properties.map { property($0, separator: ":") }, line)
            var tail = line_
            if !closing.isEmpty {
                inner = inner + .hardline + .join(closing.map { FluxDoc.text($0.text) }, separator: .hardline)
                tail = .hardline
            }
            doc = .text("{") + inner.nested() + tail + .text("}")
        case .function(let parameters, let body):
            let params = itemList("(", ")", parameters.map { property($0, separator: "=") }, closing: []) + .text(" =>")
            switch body {
            case .expression(let b):
                let stripped = stripParens(b)
                var bodyDoc = expression(stripped)
                if case .record = stripped.kind { bodyDoc = (.text("(") + bodyDoc + .text(")")).grouped() }
                doc = params + (FluxDoc.line + bodyDoc).nested().grouped()
            case .block(let statements, let closing):
                var inner = FluxDoc.hardline + statementList(statements)
                if !closing.isEmpty { inner = inner + .hardline + .join(closing.map { FluxDoc.text($0.text) }, separator: .hardline) }
                doc = params + .text(" {") + inner.nested() + .hardline + .text("}")
            }
        case .call(let callee, let arguments, let closing):
            doc = child(callee, parent: 1, right: false) + itemList("(", ")", arguments.map { property($0, separator: ":") }, closing: closing)
        case .member(let object, let name, let bracket):
            doc = child(object, parent: 1, right: false) + .text(bracket ? "[\(name)]" : ".\(name)")
        case .index(let array, let index):
            doc = child(array, parent: 1, right: false) + .text("[") + expression(stripParens(index)) + .text("]")
        case .pipe:
            doc = pipeline(e)
        case .binary(let op, let left, let right), .logical(let op, let left, let right):
            let p = precedence(e)
            doc =
                (child(left, parent: p, right: false)
                + ((FluxDoc.line + .text(op) + .line).grouped() + child(right, parent: p, right: true)).nested()).grouped()
        case .unary(let op, let argument):
            doc = .text(op + ((op == "-" || op == "+") ? "" : " ")) + child(argument, parent: precedence(e), right: false)
        case .conditional:
            doc = conditional(e)
        }
        return doc.grouped()
    }

    func pipeline(_ e: FluxExpression) -> FluxDoc {
        var stages: [(comments: [FluxToken], call: FluxExpression)] = []
        var head = e
        while case .pipe(let argument, let call, let pipeComments) = head.kind {
            stages.append((pipeComments, call))
            head = argument
        }
        stages.reverse()
        let line: FluxDoc = isMultiline(e) ? .hardline : .line
        var rest: [FluxDoc] = []
        for stage in stages {
            rest.append(line)
            rest.append((comments(stage.comments) + .text("|> ") + child(stage.call, parent: 2, right: true).grouped()).grouped())
        }
        return (child(head, parent: 2, right: false).grouped() + FluxDoc.concat(rest).nested()).grouped()
    }

    func conditional(_ e: FluxExpression) -> FluxDoc {
        guard case .conditional(let test, let consequent, var alternate) = e.kind else { return .empty }
        let line: FluxDoc = isMultiline(e) ? .hardline : .line
        var doc: FluxDoc =
            (FluxDoc.text("if ") + expression(stripParens(test)).nested() + .line + .text("then")).grouped()
            + (line + expression(stripParens(consequent))).nested() + line
        while case .conditional(let t, let c, let a) = stripParens(alternate).kind {
            doc =
                doc + .text("else if ") + expression(stripParens(t)).nested() + .text(" then")
                + (line + expression(stripParens(c))).nested() + line
            alternate = a
        }
        return (doc + .text("else") + (line + expression(stripParens(alternate))).nested()).grouped()
    }

    /// A string with `${…}`: text parts as written, each interpolated expression formatted.
    func interpolatedString(_ t: FluxToken) -> FluxDoc {
        guard let pieces = FluxStringPieces.split(t.text) else { return .text(t.text) }
        var parts: [FluxDoc] = []
        for piece in pieces {
            switch piece {
            case .text(let text): if !text.isEmpty { parts.append(.text(text)) }
            case .expression(let source):
                guard let file = try? FluxParser.parse(source), file.imports.isEmpty, file.body.count == 1,
                    case .expression(let e) = file.body[0].kind, file.body[0].comments.isEmpty, file.trailingComments.isEmpty
                else { parts.append(.text("${" + source + "}")); continue }
                parts.append(.text("${") + FormatterContext(tokens: file.tokens).expression(e) + .text("}"))
            }
        }
        return .concat(parts)
    }

    /// Literal spelling: durations as magnitude+unit pairs (`µs` → `us`), integers without
    /// leading zeros, date-times normalised like RFC 3339, everything else as written.
    func literal(_ t: FluxToken) -> String { Self.literalSpelling(t.kind, t.text) }

    /// `literal(_:)` for a token of `kind` spelled `text`.
    static func literalSpelling(_ kind: FluxTokenKind, _ text: String) -> String {
        switch kind {
        case .duration: return (try? FluxDuration.serverEveryText(literal: text)) ?? text
        case .integer: return Int64(text).map(String.init) ?? text
        case .dateTime: return normalizeDateTime(text)
        default: return text
        }
    }

    static func normalizeDateTime(_ text: String) -> String {
        let s = Array(text.unicodeScalars)
        if s.count == 10 { return text + "T00:00:00Z" }
        guard s.count >= 20 else { return text }
        let base = String(String.UnicodeScalarView(s[0..<19]))
        var i = 19
        var fraction = ""
        if s[i] == "." {
            i += 1
            while i < s.count, FluxScanner.isDigit(s[i]) { fraction.unicodeScalars.append(s[i]); i += 1 }
        }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        var offset = String(String.UnicodeScalarView(s[i...]))
        if offset == "+00:00" || offset == "-00:00" { offset = "Z" }
        return base + (fraction.isEmpty ? "" : "." + fraction) + offset
    }
}
