import Flux

/// The offline semantic checks of a Flux script (issue 20 item 2): a scope pass over the parsed
/// program that finds unknown import paths, undefined identifiers, unknown members of imported
/// packages, and calls of standard-library functions with an unknown named argument or without
/// a required one — what InfluxDB 2.7 accepts on create (it checks syntax only) and fails at
/// the first run.
///
/// Conservative by design: only names the standard-library data (`FluxStandardLibrary`)
/// describes are judged. Members of records and of user values (`r._value`, `task.every`,
/// `v.timeRangeStart`), calls of user-defined functions and of function values, string
/// interpolations and bracket members are never reported. Pure: no I/O.
public struct FluxScopeCheck {
    /// One finding, at a 1-based line and column of the checked script.
    public struct Finding: Hashable, Sendable {
        /// The kind.
        public var code: ScriptFinding.Code
        /// 1-based line in the script.
        public var line: Int
        /// 1-based column (Unicode scalars) in that line.
        public var column: Int
        /// What is wrong.
        public var message: String
        /// Did you mean…, or nil.
        public var suggestion: String?
        /// The name an allowance must list to accept it (`mypkg`, `strings.newThing`, `newFn`).
        public var subject: String?
    }

    /// What a name in scope is bound to.
    private enum Binding {
        /// An import of a package the data knows.
        case package(String)
        /// A standard-library member seen through the prelude: path, name, member.
        case stdlib(path: String, name: String, member: FluxStandardLibrary.Member)
        /// Anything else: variables, parameters, options, unknown or allowed imports.
        case opaque
    }

    /// The names one scope binds. Most scopes hold a handful (a function's parameters, a
    /// script's imports and variables): those are searched in order, which costs less than
    /// hashing the name for every scope it is looked up in; a scope of many names is hashed.
    private struct Scope {
        private var names: [String] = []
        private var bindings: [Binding] = []
        private var positions: [String: Int]?
        /// From this many names on, a scope is looked up by hash.
        private static let hashedFrom = 12

        /// Binds `name`; a name bound already keeps its first binding unless `replacing`.
        mutating func bind(_ name: String, _ binding: Binding, replacing: Bool = true) {
            if let at = position(of: name) {
                if replacing { bindings[at] = binding }
                return
            }
            names.append(name)
            bindings.append(binding)
            if positions != nil {
                positions?[name] = names.count - 1
            } else if names.count == Self.hashedFrom {
                positions = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            }
        }

        private func position(of name: String) -> Int? {
            if let positions { return positions[name] }
            return names.firstIndex(of: name)
        }

        /// The binding of `name` in this scope, or nil.
        subscript(name: String) -> Binding? { position(of: name).map { bindings[$0] } }

        /// The names bound, in no particular order.
        var keys: [String] { names }
    }

    private let library: FluxStandardLibrary
    private let allowed: Set<String>
    private let tokens: [FluxToken]
    private var scopes: [Scope] = []
    private var findings: [Finding] = []

    /// The findings for `source`, in script order. A script that does not parse has none (its
    /// syntax error is reported by the syntax check).
    /// - Parameters:
    ///   - allowing: names accepted although the data does not know them: a package path
    ///     (`mycompany/tools`: its import and every member), `path.member` (`strings.newThing`,
    ///     a prelude function as `universe.newFn`), or a bare identifier (`newFn`). A script adds
    ///     its own with `// influxsync:allow NAME…` comments.
    public static func check(_ source: String, allowing: Set<String> = [], library: FluxStandardLibrary = .shared) -> [Finding] {
        guard let file = try? FluxParser.parse(source) else { return [] }
        return check(parsed: file, source: source, allowing: allowing, library: library)
    }

    /// `check(_:allowing:library:)` on a script already parsed by `FluxParser.parse(source)`
    /// (so a caller that parses the script anyway does not parse it twice).
    public static func check(
        parsed file: FluxFile, source: String, allowing: Set<String> = [],
        library: FluxStandardLibrary = .shared
    ) -> [Finding] {
        var checker = FluxScopeCheck(library: library, allowed: allowing.union(allowances(in: source)), tokens: file.tokens)
        checker.run(file)
        return checker.findings.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// The names listed by `// influxsync:allow a b` comments of `source`.
    static func allowances(in source: String) -> Set<String> {
        var names: Set<String> = []
        // Most scripts have no such comment: one pass over the bytes settles that.
        guard source.containsBytes("influxsync:allow") else { return names }
        for line in source.split(separator: "\n") {
            guard let range = line.range(of: "//") else { continue }
            let comment = line[range.upperBound...].drop { $0 == " " || $0 == "\t" }
            guard comment.hasPrefix("influxsync:allow") else { continue }
            let list = comment.dropFirst("influxsync:allow".count)
            guard list.first == " " || list.first == "\t" else { continue }
            names.formUnion(list.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init))
        }
        return names
    }

    private init(library: FluxStandardLibrary, allowed: Set<String>, tokens: [FluxToken]) {
        self.library = library
        self.allowed = allowed
        self.tokens = tokens
    }

    private func isAllowed(_ subject: String) -> Bool {
        if allowed.isEmpty { return false }
        if allowed.contains(subject) { return true }
        if let dot = subject.lastIndex(of: "."), allowed.contains(String(subject[..<dot])) { return true }
        return false
    }

    private mutating func report(_ code: ScriptFinding.Code, at token: Int, _ message: String, suggestion: String? = nil, subject: String?) {
        if let subject, isAllowed(subject) { return }
        let t = tokens[token]
        findings.append(Finding(code: code, line: t.line, column: t.column, message: message, suggestion: suggestion, subject: subject))
    }

    // MARK: Scopes

    /// The binding of `name`: the innermost scope's, else the prelude's (`preludeBinding`).
    private func lookup(_ name: String) -> Binding? {
        for k in scopes.indices.reversed() {
            if let binding = scopes[k][name] { return binding }
        }
        return preludeBinding(name)
    }

    /// The outermost scope, looked up in the library's data rather than copied for each
    /// script: `task` (part of every composed script) and `v` (the UI's and dashboards'
    /// record) are opaque; other prelude names are standard-library members.
    private func preludeBinding(_ name: String) -> Binding? {
        if name == "task" || name == "v" { return .opaque }
        guard let entry = library.prelude[name] else { return nil }
        return .stdlib(path: entry.path, name: name, member: entry.member)
    }

    /// The names of a statement list, bound before its statements are checked (a forward
    /// reference is not judged here).
    private static func declared(_ statements: [FluxStatement]) -> Scope {
        var names = Scope()
        for statement in statements {
            switch statement.kind {
            case .variable(let name, _): names.bind(name, .opaque)
            case .option(let target, _) where !target.utf8.contains(UInt8(ascii: ".")): names.bind(target, .opaque)
            default: break
            }
        }
        return names
    }

    private mutating func run(_ file: FluxFile) {
        // The prelude is the outermost scope (`preludeBinding`).
        scopes = []
        var imports = Scope()
        for statement in file.imports {
            guard case .importDeclaration(let alias, let literal) = statement.kind else { continue }
            let path = String(literal.dropFirst().dropLast())
            let name = alias ?? String(path.split(separator: "/").last ?? Substring(path))
            if library.packages[path] != nil {
                imports.bind(name, .package(path))
            } else {
                imports.bind(name, .opaque)
                let suggestion = EditDistance.suggestion(for: path, among: library.packages.keys.sorted())
                report(.unknownImport, at: statement.lastToken, "unknown import path \"\(path)\"", suggestion: suggestion, subject: path)
            }
        }
        scopes.append(imports)
        scopes.append(Self.declared(file.body))
        for statement in file.body { check(statement) }
    }

    private mutating func check(_ statement: FluxStatement) {
        switch statement.kind {
        case .option(_, let value), .variable(_, let value), .returnStatement(let value), .expression(let value):
            check(value)
        case .packageClause, .importDeclaration:
            break
        }
    }

    // MARK: Expressions

    private mutating func check(_ expression: FluxExpression, piped: Bool = false) {
        switch expression.kind {
        case .identifier(let name):
            if lookup(name) == nil { undefined(name, at: expression.firstToken) }
        case .literal, .pipeLiteral, .label:
            break
        case .array(let elements, _):
            for element in elements { check(element.expression) }
        case .dictionary(let pairs, _):
            for pair in pairs { check(pair.key); check(pair.value) }
        case .record(let with, let properties, _):
            if let with, lookup(with) == nil { undefined(with, at: expression.firstToken + 1) }
            for property in properties { if let value = property.value { check(value) } }
        case .function(let parameters, let body):
            // Defaults are checked with the parameters in scope (a default naming another
            // parameter is not judged).
            var bound = Scope()
            for parameter in parameters { bound.bind(parameter.key, .opaque, replacing: false) }
            scopes.append(bound)
            for parameter in parameters { if let value = parameter.value { check(value) } }
            switch body {
            case .expression(let value):
                check(value)
            case .block(let statements, _):
                scopes.append(Self.declared(statements))
                for statement in statements { check(statement) }
                scopes.removeLast()
            }
            scopes.removeLast()
        case .call(let callee, let arguments, _):
            check(callee)
            for argument in arguments { if let value = argument.value { check(value) } }
            checkArguments(of: expression, callee: callee, arguments: arguments, piped: piped)
        case .member(let object, let property, let bracket):
            if case .identifier(let name) = object.kind, case .package(let path)? = lookup(name) {
                guard !bracket, library.packages[path]?[property] == nil else { return }
                let suggestion = EditDistance.suggestion(for: property, among: Self.exported(library.packages[path] ?? [:]))
                report(
                    .unknownMember, at: expression.lastToken, "package \"\(path)\" has no member \"\(property)\"",
                    suggestion: suggestion, subject: "\(path).\(property)")
            } else {
                check(object)
            }
        case .index(let array, let index):
            check(array)
            check(index)
        case .pipe(let argument, let call, _):
            check(argument)
            check(call, piped: true)
        case .binary(_, let left, let right), .logical(_, let left, let right):
            check(left)
            check(right)
        case .unary(_, let argument):
            check(argument)
        case .conditional(let test, let consequent, let alternate):
            check(test)
            check(consequent)
            check(alternate)
        case .paren(let inner):
            check(inner)
        }
    }

    /// Public names of a package, sorted (suggestions never name `_private` helpers).
    private static func exported(_ members: [String: FluxStandardLibrary.Member]) -> [String] {
        members.keys.filter { !$0.hasPrefix("_") }.sorted()
    }

    /// Flux's statement keywords, which a misspelling turns into a name (`options task = {…}`
    /// reads as the name `options` and an assignment to `task`).
    private static let statementKeywords = ["option", "import", "return", "package"]

    private mutating func undefined(_ name: String, at token: Int) {
        var candidates: [String] = []
        for scope in scopes.reversed() { candidates += scope.keys.sorted() }
        candidates += Set(library.prelude.keys).union(["task", "v"]).sorted()
        // One- and two-letter names are placeholders more often than typos: no suggestion.
        let suggestion = name.count < 3 ? nil : EditDistance.suggestion(for: name, among: candidates.filter { !$0.hasPrefix("_") })
        // No name is close, but a statement keyword is: a misspelt keyword is not a name to
        // allow, so the keyword is suggested without the allowance hint.
        if suggestion == nil, name.count >= 5, let keyword = EditDistance.suggestion(for: name, among: Self.statementKeywords) {
            report(.undefinedIdentifier, at: token, "undefined identifier \"\(name)\"", suggestion: keyword, subject: nil)
            return
        }
        report(.undefinedIdentifier, at: token, "undefined identifier \"\(name)\"", suggestion: suggestion, subject: name)
    }

    /// The standard-library function a callee names: what to call it in messages, the name an
    /// allowance lists, its parameters. Nil for anything else.
    private func signature(of callee: FluxExpression) -> (display: String, subject: String, parameters: [FluxStandardLibrary.Parameter])? {
        switch callee.kind {
        case .identifier(let name):
            guard case .stdlib(let path, _, .function(let parameters))? = lookup(name) else { return nil }
            return (name, "\(path).\(name)", parameters)
        case .member(let object, let property, false):
            guard case .identifier(let alias) = object.kind, case .package(let path)? = lookup(alias),
                case .function(let parameters)? = library.packages[path]?[property]
            else { return nil }
            return ("\(alias).\(property)", "\(path).\(property)", parameters)
        default:
            return nil
        }
    }

    private mutating func checkArguments(of call: FluxExpression, callee: FluxExpression, arguments: [FluxProperty], piped: Bool) {
        guard let function = signature(of: callee), !isAllowed(function.subject), !isAllowed(function.display) else { return }
        // A misspelt argument is reported once: its parameter is not also reported missing.
        // (Few arguments and parameters: linear searches, no tables.)
        var suggested: [String] = []
        for argument in arguments where !function.parameters.contains(where: { $0.name == argument.key }) {
            let suggestion = EditDistance.suggestion(for: argument.key, among: function.parameters.map(\.name))
            if let suggestion { suggested.append(suggestion) }
            report(
                .unknownArgument, at: keyToken(of: argument, in: call, after: callee), "\(function.display)() has no parameter \"\(argument.key)\"",
                suggestion: suggestion, subject: nil)
        }
        func given(_ name: String) -> Bool { arguments.contains { $0.key == name } || suggested.contains(name) }
        for parameter in function.parameters where parameter.isRequired && !given(parameter.name) && !(parameter.isPiped && piped) {
            let what = parameter.isPiped ? "the piped-forward argument \"\(parameter.name)\" (use `|>` or name it)" : "the required argument \"\(parameter.name)\""
            report(.missingArgument, at: callee.lastToken, "\(function.display)() is missing \(what)", subject: nil)
        }
    }

    /// The token of an argument's key: two before its value (`key: value`; comments are not
    /// code tokens), else the first token after the callee spelled like the key.
    private func keyToken(of argument: FluxProperty, in call: FluxExpression, after callee: FluxExpression) -> Int {
        if let value = argument.value, value.firstToken >= 2 { return value.firstToken - 2 }
        var index = callee.lastToken + 1
        while index <= call.lastToken {
            if tokens[index].text == argument.key, tokens[index - 1].is("(") || tokens[index - 1].is(",") { return index }
            index += 1
        }
        return callee.lastToken
    }
}
