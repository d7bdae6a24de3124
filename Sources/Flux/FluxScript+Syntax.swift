/// Grammar checks beyond the token-level split (influxdb-api.md §4.3 step 1).
extension FluxScript {
    /// Checks the whole script against Flux's grammar with `FluxParser`, the way InfluxDB
    /// rejects a script with a syntax error before it looks at the options. `FluxScript(parsing:)`
    /// itself only needs tokens and statement boundaries, so call this where a full check is
    /// wanted (manifest validation). `builtin`, `testcase` and `@attributes` are reported as
    /// unsupported.
    /// - Throws: `FluxError` at the first syntax error (line:column in `source`).
    public func checkSyntax() throws(FluxError) {
        _ = try FluxParser.parse(source)
    }
}
