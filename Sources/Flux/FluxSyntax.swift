/// A parsed Flux file: the syntax tree the formatter prints (flux `docs/SPEC.md`, "Packages").
///
/// Comments are kept as the `//` tokens that precede a node (`comments`), the way libflux
/// attaches them. Positions are token indices into `tokens` (comments excluded).
public struct FluxFile: Sendable {
    /// The code tokens (no comments) the tree points into.
    public let tokens: [FluxToken]
    /// `package <name>`, if any.
    public var packageClause: FluxStatement?
    /// `import` declarations, in order.
    public var imports: [FluxStatement]
    /// Every other top-level statement, in order.
    public var body: [FluxStatement]
    /// Comments after the last statement.
    public var trailingComments: [FluxToken]
}

/// One statement, with the comments that precede it.
public struct FluxStatement: Sendable {
    /// What kind of statement this is.
    public enum Kind: Sendable {
        /// `package name`.
        case packageClause(name: String)
        /// `import [alias] "path"`; `path` is the literal as written.
        case importDeclaration(alias: String?, path: String)
        /// `option name = value` or `option pkg.name = value`.
        case option(target: String, value: FluxExpression)
        /// `name = value`.
        case variable(name: String, value: FluxExpression)
        /// `return value` (inside function blocks).
        case returnStatement(FluxExpression)
        /// A bare expression.
        case expression(FluxExpression)
    }
    /// The statement.
    public var kind: Kind
    /// `//` comments right before the statement.
    public var comments: [FluxToken]
    /// Index of the first code token of the statement in `FluxFile.tokens` (its first
    /// attribute's `@` when it has attributes).
    public var firstToken: Int
    /// Index of the last code token of the statement.
    public var lastToken: Int
    /// `@name(…)` attributes written before the statement, in order (flux `docs/SPEC.md`,
    /// "Attributes").
    public var attributes: [FluxAttribute] = []

    /// The formatter's statement class: a blank line separates statements of different classes.
    var typeRank: Int {
        switch kind {
        case .expression: return 0
        case .variable: return 1
        case .option: return 2
        case .returnStatement: return 3
        case .packageClause, .importDeclaration: return 4
        }
    }
}

/// An attribute before a package clause, import or statement: `@edition("2022.1")`.
/// Flux reads `@` and the name as one token; parameters are primary expressions (literals,
/// names, records, arrays, parenthesised expressions), separated by commas.
public struct FluxAttribute: Sendable {
    /// The name after `@`.
    public var name: String
    /// The parameters; empty for `@name` and `@name()`.
    public var parameters: [FluxExpression]
    /// Whether the attribute was written with parentheses.
    public var hasParentheses: Bool
}

/// A property of a record or call (`key: value`), or a function parameter (`key=default`).
public struct FluxProperty: Sendable {
    /// The key as written: an identifier or a string literal.
    public var key: String
    /// The value; nil for the shorthand `{a, b}` / `f(a)` / parameter without default.
    public var value: FluxExpression?
    /// Comments before the key.
    public var comments: [FluxToken]
}

/// An expression node.
public struct FluxExpression: Sendable {
    /// The node kinds of Flux expressions.
    public indirect enum Kind: Sendable {
        /// A name such as `r` or `from`.
        case identifier(String)
        /// Integer, float, string, regex, duration or date-time literal token.
        case literal(FluxToken)
        /// `<-`.
        case pipeLiteral
        /// `.name` label literal.
        case label(String)
        /// `[a, b]`, with comments before the closing bracket.
        case array([FluxArrayElement], closingComments: [FluxToken])
        /// `[:]` is an empty dictionary.
        case dictionary([(key: FluxExpression, value: FluxExpression, comments: [FluxToken])], closingComments: [FluxToken])
        /// `{a: 1}` or `{r with a: 1}`.
        case record(with: String?, properties: [FluxProperty], closingComments: [FluxToken])
        /// `(params) => body`; a parameter's value is its default.
        case function(parameters: [FluxProperty], body: FluxFunctionBody)
        /// `callee(arguments)`.
        case call(callee: FluxExpression, arguments: [FluxProperty], closingComments: [FluxToken])
        /// `object.name` (`bracket` false) or `object["name"]` (`bracket` true, name as written).
        case member(object: FluxExpression, property: String, bracket: Bool)
        /// `array[index]`.
        case index(array: FluxExpression, index: FluxExpression)
        /// `argument |> call`; `comments` precede the `|>`.
        case pipe(argument: FluxExpression, call: FluxExpression, comments: [FluxToken])
        /// Arithmetic and comparison operators (`+ - * / % ^ == != < <= > >= =~ !~`).
        case binary(op: String, left: FluxExpression, right: FluxExpression)
        /// `and` / `or`.
        case logical(op: String, left: FluxExpression, right: FluxExpression)
        /// `-`, `+`, `not`, `exists`.
        case unary(op: String, argument: FluxExpression)
        /// `if test then consequent else alternate`.
        case conditional(test: FluxExpression, consequent: FluxExpression, alternate: FluxExpression)
        /// `(expression)`; the formatter drops parentheses precedence does not need.
        case paren(FluxExpression)
    }
    /// The node.
    public var kind: Kind
    /// Index of the first code token of the node in `FluxFile.tokens`.
    public var firstToken: Int
    /// Index of the last code token of the node.
    public var lastToken: Int
    /// Levels of nodes from this one down to its deepest leaf (a leaf is 1); the parser keeps
    /// it within `FluxParser.maxNesting`, so that every walk of the tree stays within the stack.
    var depth = 1
}

/// An element of an array literal, with the comments before it.
public struct FluxArrayElement: Sendable {
    /// The element.
    public var expression: FluxExpression
    /// `//` comments before it.
    public var comments: [FluxToken]
}

/// The body of a function literal.
public enum FluxFunctionBody: Sendable {
    /// `=> expression`.
    case expression(FluxExpression)
    /// `=> { statements }` with the comments before the closing brace.
    case block([FluxStatement], closingComments: [FluxToken])
}
