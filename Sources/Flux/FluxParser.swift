/// A recursive-descent parser for Flux (flux `docs/SPEC.md` grammar) producing `FluxFile`.
///
/// Covers what task scripts use: package clause, imports, option/variable assignments,
/// expression and return statements, records (`with` included), arrays, dictionaries,
/// function literals with expression or block bodies, calls, member/index access, pipes,
/// binary/logical/unary operators, conditionals, parentheses, every literal, and `@name(…)`
/// attributes before statements. `builtin` and `testcase` statements are rejected.
///
/// Like Flux's own parser (`libflux/flux-core/src/parser`), a line break never ends an
/// expression: an operand followed on a later line by `(`, `[`, `.`, or a binary operator
/// (`/` included: after an operand it divides) is continued by it.
public enum FluxParser {
    /// Deepest nesting of expressions inside expressions read: parentheses, brackets, braces,
    /// call arguments, function bodies, unary operators and string interpolations each add a
    /// level (`f(x: (1))` is 3). Past it the script is refused with a syntax error
    /// (`FluxError.isReaderLimit`) instead of exhausting the stack: the parser recurses
    /// through some ten functions per level. Task scripts stay far below.
    public static let maxNesting = 200
    /// Deepest syntax tree read, counting a level for each link of a chain of operators, pipes
    /// or members too (`a |> f() |> g()` is 3 deep, `a or b or c` 3): every walk of the tree
    /// (the checks, the formatter) recurses once per level. Past it the script is refused as
    /// for `maxNesting`.
    public static let maxDepth = 1000

    /// Parses `source` (normalised first, see `FluxLexer.normalize`).
    /// - Throws: `FluxError` with line:column for lexical and syntax errors.
    public static func parse(_ source: String) throws(FluxError) -> FluxFile {
        FluxReadCounter.count()
        let all = try FluxLexer.tokens(source)
        var state = ParserState(all)
        return try state.parseFile()
    }
}

struct ParserState {
    var tokens: [FluxToken] = []
    /// Comments right before code token i (index `tokens.count` = end of file).
    var leading: [Int: [FluxToken]] = [:]
    var i = 0
    /// Levels of recursion the parser is in (`enter`), counted from the script's top, through
    /// the expressions of string interpolations too.
    var nesting = 0

    init(_ all: [FluxToken]) {
        tokens.reserveCapacity(all.count)
        kinds.reserveCapacity(all.count)
        spellings.reserveCapacity(all.count)
        var pending: [FluxToken] = []
        for token in all { take(token, pending: &pending) }
        if !pending.isEmpty { leading[tokens.count] = pending }
    }

    /// The state for tokens scanned from `bytes` (`FluxByteScanner.scan`), each made a
    /// `FluxToken` as it is taken (no intermediate array of them).
    init(raw all: [FluxRawToken], in bytes: UnsafeBufferPointer<UInt8>) {
        tokens.reserveCapacity(all.count)
        kinds.reserveCapacity(all.count)
        spellings.reserveCapacity(all.count)
        var pending: [FluxToken] = []
        for token in all { take(FluxByteScanner.token(token, in: bytes), pending: &pending) }
        if !pending.isEmpty { leading[tokens.count] = pending }
    }

    /// Adds a code token, or holds a comment in `pending` for the next code token.
    private mutating func take(_ token: consuming FluxToken, pending: inout [FluxToken]) {
        if token.kind == .comment { pending.append(token); return }
        if !pending.isEmpty { leading[tokens.count] = pending; pending = [] }
        kinds.append(token.kind)
        switch token.kind {
        case .operator, .punctuation, .keyword: spellings.append(Self.spelling(of: token.text))
        default: spellings.append(.max)
        }
        tokens.append(token)
    }

    var current: FluxToken? { i < tokens.count ? tokens[i] : nil }
    /// Each code token's kind, and for an operator, punctuation or keyword its spelling packed
    /// in an integer (`spelling(of:)`): the parser's checks read these instead of copying the
    /// token (a copy retains its text) at every step.
    var kinds: [FluxTokenKind] = []
    var spellings: [UInt64] = []

    /// Up to eight ASCII bytes of `text` in one integer; `UInt64.max` for anything longer (no
    /// symbol or keyword the parser checks for is).
    static func spelling(of text: String) -> UInt64 {
        var packed: UInt64 = 0
        var count = 0
        for byte in text.utf8 {
            if count == 8 { return .max }
            packed |= UInt64(byte) << (8 * UInt64(count))
            count += 1
        }
        return packed
    }

    func peek(_ offset: Int) -> FluxToken? { i + offset < tokens.count ? tokens[i + offset] : nil }

    mutating func takeComments(_ index: Int) -> [FluxToken] {
        // Most scripts have few comments or none: no hashing once every one is taken.
        if leading.isEmpty { return [] }
        return leading.removeValue(forKey: index) ?? []
    }

    func error(_ message: String) -> FluxError {
        if let t = current { return FluxError("\(message), found \(t.text)", line: t.line, column: t.column) }
        let last = tokens.last
        return FluxError("\(message), found end of script", line: last?.line ?? 1, column: (last?.column ?? 0) + (last?.text.unicodeScalars.count ?? 0))
    }

    mutating func expect(_ symbol: String) throws(FluxError) -> Int {
        guard check(symbol) else { throw error("expected \(symbol)") }
        i += 1
        return i - 1
    }

    // The checks read `kinds` and `spellings` (`current` copies the token).
    func check(_ symbol: String) -> Bool { isSymbol(symbol, at: i) }
    /// True when the code token at `index` is the operator or punctuation spelled `symbol`.
    func isSymbol(_ symbol: String, at index: Int) -> Bool {
        index < kinds.count && (kinds[index] == .operator || kinds[index] == .punctuation) && spellings[index] == Self.spelling(of: symbol)
    }
    func checkKeyword(_ word: String) -> Bool { i < kinds.count && kinds[i] == .keyword && spellings[i] == Self.spelling(of: word) }
    /// The kind of the current token, nil at the end.
    var currentKind: FluxTokenKind? { i < kinds.count ? kinds[i] : nil }

    // MARK: file and statements

    mutating func parseFile() throws(FluxError) -> FluxFile {
        var packageClause: FluxStatement?
        var imports: [FluxStatement] = []
        // Attributes go to the package clause, import or statement that follows them.
        var start = i
        var attributes = try parseAttributes()
        if checkKeyword("package") {
            i += 1
            guard let name = current, name.kind == .identifier else { throw error("expected a package name") }
            i += 1
            packageClause = FluxStatement(kind: .packageClause(name: name.text), comments: takeComments(start), firstToken: start, lastToken: i - 1, attributes: attributes)
            start = i
            attributes = try parseAttributes()
        }
        while checkKeyword("import") {
            i += 1
            var alias: String?
            if let t = current, t.kind == .identifier { alias = t.text; i += 1 }
            guard let path = current, path.kind == .string, !path.isInterpolated else { throw error("expected an import path string") }
            i += 1
            imports.append(
                FluxStatement(kind: .importDeclaration(alias: alias, path: path.text), comments: takeComments(start), firstToken: start, lastToken: i - 1, attributes: attributes))
            start = i
            attributes = try parseAttributes()
        }
        var body: [FluxStatement] = []
        if currentKind != nil || !attributes.isEmpty {
            body.append(try parseStatement(start: start, attributes: attributes))
        }
        while currentKind != nil {
            body.append(try parseStatement())
        }
        return FluxFile(tokens: tokens, packageClause: packageClause, imports: imports, body: body, trailingComments: takeComments(tokens.count))
    }

    /// `@name` or `@name(p, …)` attributes (flux `libflux` parser, `parse_attribute_inner_list`):
    /// `@` and the name touch (one token in Flux); each parameter is a primary expression.
    /// - Throws: `FluxError` for `@` not followed by a name, or a parameter list that is not closed.
    mutating func parseAttributes() throws(FluxError) -> [FluxAttribute] {
        var attributes: [FluxAttribute] = []
        while let at = current, at.is("@") {
            guard let name = peek(1), name.kind == .identifier || name.kind == .keyword, name.range.lowerBound == at.range.upperBound else {
                throw FluxError("expected an attribute name right after @", line: at.line, column: at.column)
            }
            i += 2
            var parameters: [FluxExpression] = []
            let hasParentheses = check("(")
            if hasParentheses {
                i += 1
                while let t = current, !t.is(")") {
                    parameters.append(try parsePrimary())
                    if check(",") { i += 1 } else { break }
                }
                _ = try expect(")")
            }
            attributes.append(FluxAttribute(name: name.text, parameters: parameters, hasParentheses: hasParentheses))
        }
        return attributes
    }

    /// One statement; `start` and `attributes` when the caller has read its attributes already.
    mutating func parseStatement(start given: Int? = nil, attributes read: [FluxAttribute]? = nil) throws(FluxError) -> FluxStatement {
        let start = given ?? i
        let attributes: [FluxAttribute]
        if let read { attributes = read } else { attributes = try parseAttributes() }
        let comments = takeComments(start)
        guard let t = current else { throw error(attributes.isEmpty ? "expected a statement" : "expected a statement after the attribute") }
        let kind: FluxStatement.Kind
        if t.is(".") {
            // Flux's parser starts no statement with a label literal (`.name`).
            throw FluxError("expected a statement, found .", line: t.line, column: t.column)
        } else if t.isKeyword("import") {
            throw FluxError("import declarations must come before every other statement", line: t.line, column: t.column)
        } else if t.isKeyword("package") {
            throw FluxError("the package clause must come first", line: t.line, column: t.column)
        } else if t.isKeyword("builtin") || t.isKeyword("testcase") {
            throw FluxError("\(t.text) statements are not supported in task scripts", line: t.line, column: t.column)
        } else if t.isKeyword("option") {
            i += 1
            guard let name = current, name.kind == .identifier else { throw error("expected an option name") }
            i += 1
            var target = name.text
            if check("."), let member = peek(1), member.kind == .identifier {
                target += "." + member.text
                i += 2
            }
            _ = try expect("=")
            kind = .option(target: target, value: try parseExpression())
        } else if t.isKeyword("return") {
            i += 1
            kind = .returnStatement(try parseExpression())
        } else if t.kind == .identifier, let next = peek(1), next.is("=") {
            i += 2
            kind = .variable(name: t.text, value: try parseExpression())
        } else {
            kind = .expression(try parseExpression())
        }
        // Comments in places the tree has no slot for are kept, moved before the statement.
        var hoisted = comments
        if !leading.isEmpty {
            for index in (start + 1)..<max(start + 1, i) {
                if let lost = leading.removeValue(forKey: index) { hoisted += lost }
            }
        }
        return FluxStatement(kind: kind, comments: hoisted, firstToken: start, lastToken: i - 1, attributes: attributes)
    }

    // MARK: expressions

    /// A node of the tokens from `start` to the current one.
    /// - Throws: `FluxError` at `start` when the tree would be deeper than `FluxParser.maxDepth`.
    func node(_ kind: FluxExpression.Kind, _ start: Int) throws(FluxError) -> FluxExpression {
        var expression = FluxExpression(kind: kind, firstToken: start, lastToken: i - 1)
        expression.depth = 1 + Self.childDepth(of: kind)
        if expression.depth > FluxParser.maxDepth {
            throw readerLimitError(
                "expression more than \(FluxParser.maxDepth) levels deep (each operator, pipe or member of a chain is a level); split it into named parts (x = …)",
                at: start)
        }
        return expression
    }

    /// The depth of the deepest direct child of a node of `kind` (0 for a leaf).
    static func childDepth(of kind: FluxExpression.Kind) -> Int {
        func deepest(_ statements: [FluxStatement]) -> Int {
            statements.reduce(0) { deepest, statement in
                switch statement.kind {
                case .option(_, let value), .variable(_, let value), .returnStatement(let value), .expression(let value): return max(deepest, value.depth)
                case .packageClause, .importDeclaration: return deepest
                }
            }
        }
        func deepest(_ properties: [FluxProperty]) -> Int { properties.reduce(0) { max($0, $1.value?.depth ?? 0) } }
        switch kind {
        case .identifier, .literal, .pipeLiteral, .label: return 0
        case .array(let elements, _): return elements.reduce(0) { max($0, $1.expression.depth) }
        case .dictionary(let pairs, _): return pairs.reduce(0) { max($0, $1.key.depth, $1.value.depth) }
        case .record(_, let properties, _): return deepest(properties)
        case .function(let parameters, let body):
            switch body {
            case .expression(let value): return max(deepest(parameters), value.depth)
            case .block(let statements, _): return max(deepest(parameters), deepest(statements))
            }
        case .call(let callee, let arguments, _): return max(callee.depth, deepest(arguments))
        case .member(let object, _, _): return object.depth
        case .index(let array, let index): return max(array.depth, index.depth)
        case .pipe(let argument, let call, _): return max(argument.depth, call.depth)
        case .binary(_, let left, let right), .logical(_, let left, let right): return max(left.depth, right.depth)
        case .unary(_, let argument): return argument.depth
        case .conditional(let test, let consequent, let alternate): return max(test.depth, consequent.depth, alternate.depth)
        case .paren(let inner): return inner.depth
        }
    }

    /// A script past what influxsync reads (`FluxError.isReaderLimit`), at code token `index`
    /// (the last one at the end).
    func readerLimitError(_ message: String, at index: Int) -> FluxError {
        let t = index < tokens.count ? tokens[index] : tokens.last
        return FluxError(message, line: t?.line ?? 1, column: t?.column ?? 1, isReaderLimit: true)
    }

    /// Enters one more level of the parser's recursion.
    /// - Throws: `FluxError` at the current token past `FluxParser.maxNesting` levels (before the
    ///   recursion could exhaust the stack).
    mutating func enter() throws(FluxError) {
        nesting += 1
        if nesting > FluxParser.maxNesting {
            throw readerLimitError("expression nested more than \(FluxParser.maxNesting) levels deep; split it into named parts (x = …)", at: i)
        }
    }

    mutating func parseExpression() throws(FluxError) -> FluxExpression {
        try enter()
        defer { nesting -= 1 }
        if checkKeyword("if") {
            let start = i
            i += 1
            let test = try parseExpression()
            guard checkKeyword("then") else { throw error("expected then") }
            i += 1
            let consequent = try parseExpression()
            guard checkKeyword("else") else { throw error("expected else") }
            i += 1
            let alternate = try parseExpression()
            return try node(.conditional(test: test, consequent: consequent, alternate: alternate), start)
        }
        return try parseLogical()
    }

    mutating func parseLogical() throws(FluxError) -> FluxExpression {
        let start = i
        var left = try parseAnd()
        while checkKeyword("or") {
            i += 1
            let right = try parseAnd()
            left = try node(.logical(op: "or", left: left, right: right), start)
        }
        return left
    }

    mutating func parseAnd() throws(FluxError) -> FluxExpression {
        let start = i
        var left = try parseUnaryLogical()
        while checkKeyword("and") {
            i += 1
            let right = try parseUnaryLogical()
            left = try node(.logical(op: "and", left: left, right: right), start)
        }
        return left
    }

    mutating func parseUnaryLogical() throws(FluxError) -> FluxExpression {
        if currentKind == .keyword, checkKeyword("not") || checkKeyword("exists") {
            let start = i
            let op = tokens[i].text
            i += 1
            try enter()
            defer { nesting -= 1 }
            return try node(.unary(op: op, argument: try parseUnaryLogical()), start)
        }
        return try parseBinary(level: 0)
    }

    /// How many binding levels binary operators have (`binaryLevel`).
    static let binaryLevelCount = 4

    /// The binding level of the binary operator whose packed spelling (`spelling(of:)`) is
    /// `spelling`, from the loosest (0: comparisons) to the tightest (3: `^`); nil for any
    /// other operator.
    static func binaryLevel(_ spelling: UInt64) -> Int? {
        binaryLevels.first { $0.spelling == spelling }?.level
    }

    /// Each binary operator's packed spelling and binding level.
    private static let binaryLevels: [(spelling: UInt64, level: Int)] = [
        ("==", 0), ("!=", 0), ("<", 0), ("<=", 0), (">", 0), (">=", 0), ("=~", 0), ("!~", 0),
        ("+", 1), ("-", 1), ("*", 2), ("/", 2), ("%", 2), ("^", 3),
    ].map { (spelling(of: $0.0), $0.1) }

    mutating func parseBinary(level: Int) throws(FluxError) -> FluxExpression {
        if level == Self.binaryLevelCount { return try parsePipe() }
        let start = i
        var left = try parseBinary(level: level + 1)
        while currentKind == .operator, Self.binaryLevel(spellings[i]) == level {
            let op = tokens[i].text
            i += 1
            let right = try parseBinary(level: level + 1)
            left = try node(.binary(op: op, left: left, right: right), start)
        }
        return left
    }

    mutating func parsePipe() throws(FluxError) -> FluxExpression {
        let start = i
        var left = try parseUnary()
        while check("|>") {
            let comments = takeComments(i)
            i += 1
            let call = try parseUnary()
            guard case .call = call.kind else {
                let t = tokens[call.firstToken]
                throw FluxError("pipe destination must be a function call", line: t.line, column: t.column)
            }
            left = try node(.pipe(argument: left, call: call, comments: comments), start)
        }
        return left
    }

    mutating func parseUnary() throws(FluxError) -> FluxExpression {
        if check("-") || check("+") {
            let start = i
            let op = tokens[i].text
            i += 1
            try enter()
            defer { nesting -= 1 }
            return try node(.unary(op: op, argument: try parseUnary()), start)
        }
        return try parsePostfix()
    }

    mutating func parsePostfix() throws(FluxError) -> FluxExpression {
        let start = i
        var expr = try parsePrimary()
        while true {
            if check(".") {
                // Any `.` after an operand is a member access (also on the next line).
                i += 1
                guard currentKind == .identifier else { throw error("expected a property name after .") }
                i += 1
                expr = try node(.member(object: expr, property: tokens[i - 1].text, bracket: false), start)
            } else if check("[") {
                i += 1
                let index = try parseExpression()
                _ = try expect("]")
                if case .literal(let t) = index.kind, t.kind == .string, !t.isInterpolated {
                    expr = try node(.member(object: expr, property: t.text, bracket: true), start)
                } else {
                    expr = try node(.index(array: expr, index: index), start)
                }
            } else if check("(") {
                i += 1
                let (arguments, closing) = try parseProperties(until: ")", parameters: false)
                expr = try node(.call(callee: expr, arguments: arguments, closingComments: closing), start)
            } else {
                return expr
            }
        }
    }

    mutating func parsePrimary() throws(FluxError) -> FluxExpression {
        let start = i
        guard let kind = currentKind else { throw error("expected an expression") }
        // A name (the most frequent primary) is read in place; other tokens are copied.
        if kind == .identifier {
            i += 1
            return try node(.identifier(tokens[start].text), start)
        }
        let t = tokens[start]
        switch kind {
        case .integer:
            // flux `parse_int_literal`: no leading zero, and the value must fit 64 bits.
            if t.text.utf8.count > 1 && t.text.utf8.first == UInt8(ascii: "0") {
                throw FluxError("invalid integer literal \"\(t.text)\": nonzero value cannot start with 0", line: t.line, column: t.column)
            }
            if Int64(t.text) == nil {
                throw FluxError("invalid integer literal \"\(t.text)\": value out of range", line: t.line, column: t.column)
            }
            i += 1
            return try node(.literal(t), start)
        case .string:
            if t.isInterpolated { try Self.checkInterpolations(t, nesting: nesting) }
            i += 1
            return try node(.literal(t), start)
        case .float, .regex, .duration, .dateTime:
            i += 1
            return try node(.literal(t), start)
        default:
            break
        }
        if t.is("<-") { i += 1; return try node(.pipeLiteral, start) }
        if t.is("."), let name = peek(1), name.kind == .identifier || name.kind == .string {
            i += 2
            return try node(.label(name.text), start)
        }
        if t.is("[") { return try parseArrayOrDictionary() }
        if t.is("{") {
            i += 1
            var with: String?
            if let source = current, source.kind == .identifier, let w = peek(1), w.kind == .identifier, w.text == "with" {
                with = source.text
                i += 2
            }
            let (properties, closing) = try parseProperties(until: "}", parameters: false)
            return try node(.record(with: with, properties: properties, closingComments: closing), start)
        }
        if t.is("(") {
            if isFunctionAhead() { return try parseFunction() }
            i += 1
            let inner = try parseExpression()
            _ = try expect(")")
            return try node(.paren(inner), start)
        }
        throw error("expected an expression")
    }

    /// Each `${…}` of a string literal must hold one expression and nothing after it (flux
    /// `parse_string_expression`: an expression, then `}`). An empty `${}` passes: Flux's
    /// parser leaves a missing expression there without an error.
    /// - Throws: `FluxError` at the string literal, the message prefixed `in ${…}: `.
    static func checkInterpolations(_ literal: FluxToken, nesting: Int = 0) throws(FluxError) {
        guard let pieces = FluxStringPieces.split(literal.text) else { return }
        for case .expression(let source) in pieces {
            do throws(FluxError) {
                var inner = ParserState(try FluxLexer.tokens(source))
                inner.nesting = nesting
                guard inner.current != nil else { continue }
                _ = try inner.parseExpression()
                if let extra = inner.current { throw FluxError("expected }, found \(extra.text)") }
            } catch {
                throw FluxError("in ${…}: \(error.message)", line: literal.line, column: literal.column)
            }
        }
    }

    private static let openingBrackets: [UInt64] = ["(", "[", "{"].map(spelling(of:))
    private static let closingBrackets: [UInt64] = [")", "]", "}"].map(spelling(of:))

    /// True when the `(` at `i` opens a parameter list followed by `=>`.
    func isFunctionAhead() -> Bool {
        var depth = 0
        var j = i
        while j < tokens.count {
            if kinds[j] == .punctuation {
                if Self.openingBrackets.contains(spellings[j]) { depth += 1 }
                if Self.closingBrackets.contains(spellings[j]) {
                    depth -= 1
                    if depth == 0 { return isSymbol("=>", at: j + 1) }
                }
            }
            j += 1
        }
        return false
    }

    mutating func parseFunction() throws(FluxError) -> FluxExpression {
        let start = i
        _ = try expect("(")
        let (parameters, _) = try parseProperties(until: ")", parameters: true)
        _ = try expect("=>")
        if check("{") {
            i += 1
            var statements: [FluxStatement] = []
            while currentKind != nil, !check("}") {
                statements.append(try parseStatement())
            }
            let closing = takeComments(i)
            _ = try expect("}")
            return try node(.function(parameters: parameters, body: .block(statements, closingComments: closing)), start)
        }
        let body = try parseExpression()
        return try node(.function(parameters: parameters, body: .expression(body)), start)
    }

    mutating func parseArrayOrDictionary() throws(FluxError) -> FluxExpression {
        let start = i
        _ = try expect("[")
        if check(":"), let close = peek(1), close.is("]") {
            i += 2
            return try node(.dictionary([], closingComments: []), start)
        }
        var elements: [FluxArrayElement] = []
        var pairs: [(key: FluxExpression, value: FluxExpression, comments: [FluxToken])] = []
        var isDictionary = false
        while currentKind != nil, !check("]") {
            let comments = takeComments(i)
            let expr = try parseExpression()
            if elements.isEmpty && pairs.isEmpty && check(":") { isDictionary = true }
            if isDictionary {
                _ = try expect(":")
                pairs.append((expr, try parseExpression(), comments))
            } else {
                elements.append(FluxArrayElement(expression: expr, comments: comments))
            }
            if check(",") { i += 1 } else { break }
        }
        let closing = takeComments(i)
        _ = try expect("]")
        if isDictionary { return try node(.dictionary(pairs, closingComments: closing), start) }
        return try node(.array(elements, closingComments: closing), start)
    }

    /// `key: value` (or `key=default` for parameters) separated by commas, up to `close`.
    /// In records and call arguments (not parameters) a string key needs a value, and
    /// shorthand (`{a}`) and `key: value` properties do not mix (flux `ast` check).
    mutating func parseProperties(until close: String, parameters: Bool) throws(FluxError) -> ([FluxProperty], [FluxToken]) {
        var properties: [FluxProperty] = []
        var sawShorthand = false, sawValue = false
        while let kind = currentKind, !check(close) {
            let comments = takeComments(i)
            guard kind == .identifier || (!parameters && kind == .string && !tokens[i].isInterpolated) else {
                throw error(parameters ? "expected a parameter name" : "expected a property name")
            }
            let key = i
            i += 1
            var value: FluxExpression?
            if check(parameters ? "=" : ":") {
                i += 1
                value = try parseExpression()
            }
            if !parameters {
                let t = tokens[key]
                if value == nil && kind == .string {
                    throw FluxError("string literal key \(t.text) must have a value", line: t.line, column: t.column)
                }
                if value == nil { sawShorthand = true } else { sawValue = true }
                if sawShorthand && sawValue {
                    throw FluxError("cannot mix implicit and explicit properties", line: t.line, column: t.column)
                }
            }
            properties.append(FluxProperty(key: tokens[key].text, value: value, comments: comments))
            if check(",") { i += 1 } else { break }
        }
        let closing = takeComments(i)
        _ = try expect(close)
        return (properties, closing)
    }
}
