/// A bucket a task script names literally: `from(bucket: "telegraf")`, `to(bucketID: "…")`,
/// `experimental.to(bucket: …)`, `schema.tagValues(bucket: …)` (influxdb-api.md §23.3–§23.4).
public struct FluxBucketReference: Hashable, Sendable, CustomStringConvertible {
    /// The function as written: `from`, `influxdb.to`, `experimental.to`, `schema.measurements`.
    public var function: String
    /// The bucket's name (`bucket:`) or ID (`bucketID:`), escapes decoded.
    public var bucket: String
    /// True for `bucketID:`.
    public var isID: Bool
    /// 1-based line of the string literal in the script.
    public var line: Int
    /// 1-based column (Unicode scalars) of the string literal.
    public var column: Int

    /// Creates a reference.
    public init(function: String, bucket: String, isID: Bool, line: Int, column: Int) {
        self.function = function
        self.bucket = bucket
        self.isID = isID
        self.line = line
        self.column = column
    }

    /// `3:7 from bucket "telegraf"` or `… bucketID "…"`.
    public var description: String { "\(line):\(column) \(function) \(isID ? "bucketID" : "bucket") \(FluxStringLiteral.quote(bucket))" }
}

/// A secret key a task script reads literally: `secrets.get(key: "SLACK_TOKEN")` (§18.5, §23.5).
public struct FluxSecretReference: Hashable, Sendable, CustomStringConvertible {
    /// The key, escapes decoded.
    public var key: String
    /// 1-based line of the string literal in the script.
    public var line: Int
    /// 1-based column (Unicode scalars) of the string literal.
    public var column: Int

    /// Creates a reference.
    public init(key: String, line: Int, column: Int) {
        self.key = key
        self.line = line
        self.column = column
    }

    /// `5:26 secret "SLACK_TOKEN"`.
    public var description: String { "\(line):\(column) secret \(FluxStringLiteral.quote(key))" }
}

/// The literal bucket and secret references of a script, in source order.
public struct FluxReferences: Hashable, Sendable {
    /// Buckets read or written.
    public var buckets: [FluxBucketReference]
    /// Secret keys read.
    public var secrets: [FluxSecretReference]
}

extension FluxFile {
    /// The functions of the standard library (flux v0.196.1 `stdlib`) that name a bucket of
    /// the task's org with `bucket:`/`bucketID:`, by package path; `org`-aware ones also take
    /// `org`/`orgID`/`host`. `influxdata/influxdb` is in the prelude: its functions are also
    /// called without an import.
    static let bucketFunctions: [String: (functions: Set<String>, orgAware: Bool)] = [
        "influxdata/influxdb": (["from", "to", "wideTo", "cardinality"], true),
        "experimental": (["to"], true),
        "influxdata/influxdb/schema": (
            [
                "tagValues", "tagKeys", "measurementTagValues", "measurementTagKeys",
                "fieldKeys", "measurementFieldKeys", "measurements",
            ], false
        ),
        "influxdata/influxdb/v1": (
            [
                "tagValues", "tagKeys", "measurementTagValues", "measurementTagKeys",
                "fieldKeys", "measurementFieldKeys", "measurements",
            ], false
        ),
    ]

    /// Every function name `bucketFunctions` lists, and `get` (`secrets.get`): a call whose
    /// name is not here is neither a bucket nor a secret reference.
    static let referenceFunctionNames: Set<String> = bucketFunctions.values.reduce(into: ["get"]) { $0.formUnion($1.functions) }

    /// The literal bucket and secret references of this script. A call is skipped when it
    /// reads another server or org: it has `host:`, or an `org:`/`orgID:` that is not a
    /// literal equal to `org`/`orgID` (the task's org; nil means "skip any"). A non-literal
    /// `bucket:`/`bucketID:`/`key:` (a variable, an interpolated string) is skipped. Imports
    /// are resolved with their aliases (`import s "influxdata/influxdb/secrets"` → `s.get`).
    public func references(org: String? = nil, orgID: String? = nil) -> FluxReferences {
        var packages: [String: String] = [:]
        for statement in imports {
            guard case .importDeclaration(let alias, let literal) = statement.kind, let path = FluxStringLiteral.value(of: literal) else { continue }
            let name = alias ?? String(path.split(separator: "/").last ?? Substring(path))
            packages[name] = path
        }
        var walker = ReferenceWalker(packages: packages, org: org, orgID: orgID)
        for statement in body { walker.visit(statement) }
        let order: (Int, Int, Int, Int) -> Bool = { l1, c1, l2, c2 in (l1, c1) < (l2, c2) }
        return FluxReferences(
            buckets: walker.buckets.sorted { order($0.line, $0.column, $1.line, $1.column) },
            secrets: walker.secrets.sorted { order($0.line, $0.column, $1.line, $1.column) })
    }
}

/// Walks every expression of a script and collects the literal references of its calls.
private struct ReferenceWalker {
    let packages: [String: String]
    let org: String?
    let orgID: String?
    var buckets: [FluxBucketReference] = []
    var secrets: [FluxSecretReference] = []

    mutating func visit(_ statement: FluxStatement) {
        switch statement.kind {
        case .packageClause, .importDeclaration: break
        case .option(_, let value), .variable(_, let value), .returnStatement(let value), .expression(let value): visit(value)
        }
    }

    mutating func visit(_ e: FluxExpression) {
        switch e.kind {
        case .identifier, .literal, .pipeLiteral, .label: break
        case .array(let elements, _): for element in elements { visit(element.expression) }
        case .dictionary(let pairs, _): for pair in pairs { visit(pair.key); visit(pair.value) }
        case .record(_, let properties, _): for p in properties { if let v = p.value { visit(v) } }
        case .function(let parameters, let body):
            for p in parameters { if let v = p.value { visit(v) } }
            switch body {
            case .expression(let b): visit(b)
            case .block(let statements, _): for s in statements { visit(s) }
            }
        case .call(let callee, let arguments, _):
            collect(callee: callee, arguments: arguments)
            visit(callee)
            for p in arguments { if let v = p.value { visit(v) } }
        case .member(let object, _, _): visit(object)
        case .index(let array, let index): visit(array); visit(index)
        case .pipe(let argument, let call, _): visit(argument); visit(call)
        case .binary(_, let left, let right), .logical(_, let left, let right): visit(left); visit(right)
        case .unary(_, let argument): visit(argument)
        case .conditional(let test, let consequent, let alternate): visit(test); visit(consequent); visit(alternate)
        case .paren(let inner): visit(inner)
        }
    }

    /// The package path and function name a callee stands for, and its spelling.
    func resolve(_ callee: FluxExpression) -> (path: String, function: String, written: String)? {
        switch callee.kind {
        case .identifier(let name):
            return ("influxdata/influxdb", name, name)
        case .member(let object, let property, false):
            guard case .identifier(let alias) = object.kind, let path = packages[alias] else { return nil }
            return (path, property, alias + "." + property)
        default:
            return nil
        }
    }

    mutating func collect(callee: FluxExpression, arguments: [FluxProperty]) {
        // Most calls (`range`, `filter`, `aggregateWindow`…) are ruled out by their name alone.
        switch callee.kind {
        case .identifier(let name), .member(_, let name, false):
            guard FluxFile.referenceFunctionNames.contains(name) else { return }
        default: return
        }
        guard let (path, function, written) = resolve(callee) else { return }
        let isSecret = path == "influxdata/influxdb/secrets" && function == "get"
        // Most calls name neither a bucket nor a secret: their arguments are not looked at.
        let entry = isSecret ? nil : FluxFile.bucketFunctions[path]
        guard isSecret || entry?.functions.contains(function) == true else { return }
        // A call has a few arguments: the first one with a key and a value is found in order.
        let keys = arguments.map { FluxStringLiteral.value(of: $0.key) ?? $0.key }
        func argument(_ key: String) -> FluxExpression? {
            for (index, written) in keys.enumerated() where written == key {
                if let value = arguments[index].value { return value }
            }
            return nil
        }
        if isSecret {
            if let (key, token) = Self.literal(argument("key")) {
                secrets.append(FluxSecretReference(key: key, line: token.line, column: token.column))
            }
            return
        }
        guard let entry else { return }
        if entry.orgAware {
            if argument("host") != nil { return }
            if let o = argument("org") { guard let (name, _) = Self.literal(o), name == org else { return } }
            if let o = argument("orgID") { guard let (id, _) = Self.literal(o), id == orgID else { return } }
        }
        if let (name, token) = Self.literal(argument("bucket")) {
            buckets.append(FluxBucketReference(function: written, bucket: name, isID: false, line: token.line, column: token.column))
        }
        if let (id, token) = Self.literal(argument("bucketID")) {
            buckets.append(FluxBucketReference(function: written, bucket: id, isID: true, line: token.line, column: token.column))
        }
    }

    /// The value and token of a plain string literal (no interpolation).
    static func literal(_ e: FluxExpression?) -> (String, FluxToken)? {
        guard let e, case .literal(let t) = e.kind, t.kind == .string, !t.isInterpolated,
            let value = FluxStringLiteral.value(of: t.text)
        else { return nil }
        return (value, t)
    }
}
