import Flux

/// The literal buckets and secret keys a task script names, found by a walk of its syntax
/// tree: `from(bucket: "…")` / `to(bucket: "…")` (also as members, e.g. `influxdb.from`) and
/// `<secrets alias>.get(key: "…")`. Only string literals count; anything computed is ignored.
/// Used by the run simulator to fail runs the way InfluxDB 2.7 does (influxdb-api.md §23).
struct RunReferences: Equatable, Sendable {
    /// A secret lookup with the Flux location of its call (`l:c-l:c`, end exclusive).
    struct SecretUse: Equatable, Sendable {
        var key: String
        var location: String
    }

    /// `from()` buckets, in source order.
    var sources: [String] = []
    /// `to()` buckets, in source order.
    var destinations: [String] = []
    var secrets: [SecretUse] = []

    /// The references of a script; empty when it does not parse.
    static func scan(_ script: String) -> RunReferences {
        guard let file = try? FluxParser.parse(script) else { return RunReferences() }
        var aliases: Set<String> = []
        for statement in file.imports {
            if case .importDeclaration(let alias, let path) = statement.kind,
                FluxStringLiteral.value(of: path) == "influxdata/influxdb/secrets"
            {
                aliases.insert(alias ?? "secrets")
            }
        }
        var walker = Walker(tokens: file.tokens, secretAliases: aliases)
        for statement in file.body { walker.visit(statement) }
        return walker.found
    }

    private struct Walker {
        let tokens: [FluxToken]
        let secretAliases: Set<String>
        var found = RunReferences()

        mutating func visit(_ statement: FluxStatement) {
            switch statement.kind {
            case .option(_, let value), .variable(_, let value), .returnStatement(let value), .expression(let value):
                visit(value)
            case .packageClause, .importDeclaration:
                break
            }
        }

        mutating func visit(_ e: FluxExpression) {
            switch e.kind {
            case .call(let callee, let arguments, _):
                record(call: e, callee: callee, arguments: arguments)
                visit(callee)
                for argument in arguments { if let value = argument.value { visit(value) } }
            case .array(let elements, _): for element in elements { visit(element.expression) }
            case .dictionary(let pairs, _): for pair in pairs { visit(pair.key); visit(pair.value) }
            case .record(_, let properties, _): for p in properties { if let v = p.value { visit(v) } }
            case .function(let parameters, let body):
                for p in parameters { if let v = p.value { visit(v) } }
                switch body {
                case .expression(let value): visit(value)
                case .block(let statements, _): for s in statements { visit(s) }
                }
            case .member(let object, _, _): visit(object)
            case .index(let array, let index): visit(array); visit(index)
            case .pipe(let argument, let call, _): visit(argument); visit(call)
            case .binary(_, let l, let r), .logical(_, let l, let r): visit(l); visit(r)
            case .unary(_, let argument), .paren(let argument): visit(argument)
            case .conditional(let t, let c, let a): visit(t); visit(c); visit(a)
            case .identifier, .literal, .pipeLiteral, .label: break
            }
        }

        private func literal(_ arguments: [FluxProperty], _ key: String) -> String? {
            guard let value = arguments.first(where: { $0.key == key })?.value,
                case .literal(let token) = value.kind, token.kind == .string, !token.isInterpolated
            else { return nil }
            return FluxStringLiteral.value(of: token.text)
        }

        private mutating func record(call: FluxExpression, callee: FluxExpression, arguments: [FluxProperty]) {
            let name: String
            switch callee.kind {
            case .identifier(let n): name = n
            case .member(let object, let property, _):
                if property == "get", case .identifier(let alias) = object.kind, secretAliases.contains(alias),
                    let key = literal(arguments, "key")
                {
                    found.secrets.append(SecretUse(key: key, location: location(call)))
                    return
                }
                name = property
            default: return
            }
            guard let bucket = literal(arguments, "bucket") else { return }
            if name == "from" { found.sources.append(bucket) }
            if name == "to" { found.destinations.append(bucket) }
        }

        private func location(_ e: FluxExpression) -> String {
            let first = tokens[e.firstToken], last = tokens[e.lastToken]
            return "\(first.line):\(first.column)-\(last.endLine):\(last.column + last.text.count)"
        }
    }

    /// Why a run of this script fails in `org` of `state`, as InfluxDB 2.7 logs it (§23.3–§23.5):
    /// the error line and whether it is unrecoverable; nil when every literal reference exists.
    /// Secrets are looked up first (top-level evaluation), then `from()` buckets, then `to()`.
    func failure(org orgID: String, in state: SandboxState) -> (text: String, unrecoverable: Bool)? {
        let keys = state.secrets[orgID] ?? [:]
        if let missing = secrets.first(where: { keys[$0.key] == nil }) {
            return ("error exhausting result iterator: error calling function \"get\" @\(missing.location): secret not found", false)
        }
        let names = Set(state.buckets.values.filter { $0.orgID == orgID }.map(\.name))
        if let missing = (sources + destinations).first(where: { !names.contains($0) }) {
            return ("error exhausting result iterator: failed to initialize execute state: could not find bucket \(goQuote(missing))", true)
        }
        return nil
    }
}
