/// A task script split into its parts: imports, the single top-level `option task` record,
/// and the body (every other statement, in source order, including other `option` statements).
///
/// Parsing never executes Flux. Input is normalised first: a UTF-8 BOM is dropped and CRLF
/// becomes LF.
public struct FluxScript: Sendable {
    /// The normalised source text.
    public let source: String
    /// The `import` statements, as source text (`import "influxdata/influxdb/tasks"`), in order.
    public let imports: [String]
    /// The `option task` record, or nil when the script has none.
    public let options: TaskOptions?
    /// The body: the source without the imports and the `option task` statement, trimmed of
    /// leading and trailing blank lines.
    public let body: String

    /// Splits a script.
    /// - Throws: `FluxError` (with line:column in `source`) for a lexical error, more than one
    ///   top-level `option task`, an `option task` value that is not a record literal, a property
    ///   value that is not a literal ("option values must be literals"), both or neither of
    ///   `every`/`cron`, or a missing `name`.
    public init(parsing source: String) throws(FluxError) {
        fatalError("FluxScript(parsing:) is not implemented yet")
    }

    /// True when the two scripts' imports and bodies are the same token stream: whitespace,
    /// line breaks and a trailing comma before a closing bracket do not count; comments,
    /// strings, names and operators do. Options are not compared here.
    public func hasEquivalentBody(to other: FluxScript) -> Bool {
        fatalError("FluxScript.hasEquivalentBody(to:) is not implemented yet")
    }

    /// The script we send for a task: imports first, then one `option task` record, then the
    /// body. `query` may itself start with imports; it must not hold an `option task` record
    /// unless its values agree with `options` (then that record is replaced).
    /// - Throws: `FluxError` for a name containing a newline, a lexical error in `query`, or a
    ///   conflicting `option task` record in `query` (the message names the property).
    public static func compose(options: TaskOptions, query: String) throws(FluxError) -> String {
        fatalError("FluxScript.compose(options:query:) is not implemented yet")
    }
}
