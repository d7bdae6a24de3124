/// The class of a Flux token (flux `docs/SPEC.md`, "Tokens").
public enum FluxTokenKind: String, Hashable, Sendable, CaseIterable {
    /// A name: `from`, `r`, `_value`, `αβ`. `true`/`false` are identifiers in Flux.
    case identifier
    /// A reserved word: `and or not import package option builtin testcase return if then else exists`.
    case keyword
    /// A string literal `"…"`, escapes and `${…}` interpolations included in `text`.
    case string
    /// A regular-expression literal `/…/`.
    case regex
    /// A duration literal such as `1h30m` (no sign; a negative duration is `-` then the literal).
    case duration
    /// A decimal integer literal.
    case integer
    /// A floating-point literal (`1.5`, `0.`, `.26`).
    case float
    /// An RFC 3339 date-time literal (`2024-01-01T00:00:00Z`, `2024-01-01`).
    case dateTime
    /// An operator: `+ - * / % ^ == != < > <= >= =~ !~ = => <- |> ? @`.
    case `operator`
    /// A bracket or separator: `( ) [ ] { } , : .`.
    case punctuation
    /// A `//` comment up to (not including) the end of its line.
    case comment
}

/// One token of Flux source, with its exact spelling and position.
///
/// Positions refer to the *normalised* source (`FluxLexer.normalize`): `range` is in Unicode
/// scalars from the start of the text, `line` and `column` are 1-based (column in scalars).
public struct FluxToken: Hashable, Sendable, CustomStringConvertible {
    /// The token's class.
    public var kind: FluxTokenKind
    /// The exact source text of the token (for strings: quotes, escapes and interpolations).
    public var text: String
    /// 1-based line of the first character.
    public var line: Int
    /// 1-based column (Unicode scalars) of the first character.
    public var column: Int
    /// Offsets of the token in the normalised source, in Unicode scalars.
    public var range: Range<Int>
    /// Line breaks between the end of the previous token (comments count as tokens) and this one.
    public var newlinesBefore: Int
    /// For strings: true when the literal holds at least one `${…}` interpolation.
    public var isInterpolated: Bool

    /// Creates a token.
    public init(kind: FluxTokenKind, text: String, line: Int, column: Int, range: Range<Int>, newlinesBefore: Int = 0, isInterpolated: Bool = false) {
        self.kind = kind
        self.text = text
        self.line = line
        self.column = column
        self.range = range
        self.newlinesBefore = newlinesBefore
        self.isInterpolated = isInterpolated
    }

    /// 1-based line of the last character (strings may span lines).
    public var endLine: Int { line + text.unicodeScalars.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) } }

    /// True when this token is the operator or punctuation spelled `symbol`.
    public func `is`(_ symbol: String) -> Bool {
        (kind == .operator || kind == .punctuation) && text == symbol
    }

    /// True when this token is the keyword `word`.
    public func isKeyword(_ word: String) -> Bool { kind == .keyword && text == word }

    /// True for `(`, `[` and `{`.
    public var isOpeningBracket: Bool { kind == .punctuation && (text == "(" || text == "[" || text == "{") }
    /// True for `)`, `]` and `}`.
    public var isClosingBracket: Bool { kind == .punctuation && (text == ")" || text == "]" || text == "}") }

    /// True when the token can end an operand: a name, a literal, or a closing bracket.
    public var endsOperand: Bool {
        switch kind {
        case .identifier, .string, .regex, .duration, .integer, .float, .dateTime: return true
        case .punctuation: return isClosingBracket
        case .keyword, .operator, .comment: return false
        }
    }

    /// `line:column kind "text"`, for diagnostics.
    public var description: String { "\(line):\(column) \(kind.rawValue) \(text)" }
}
