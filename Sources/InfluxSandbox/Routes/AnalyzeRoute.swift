import Flux

/// POST /api/v2/query/analyze (influxdb-api.md §22): syntax only, compact JSON.
enum AnalyzeRoute {
    /// 400 `invalid json: …` for a malformed body; 500 (InfluxDB's generic text) unless `type`
    /// is `flux`; otherwise 200 `{"errors": [...]}` with the parse error at its line and column
    /// (`character` always 0), `[]` for a script that parses — semantics are never checked.
    static func handle(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let query: String, type: String
        do {
            let f = try BodyFields.decode(request.body, structName: "QueryRequest", goType: "http.QueryRequest")
            query = try f.string("query") ?? ""
            type = try f.string("type") ?? ""
        } catch { return .error(.invalid("invalid json: \(goMessage(error))")) }
        guard type == "flux" else { return .error(.internalError("An internal error has occurred - check server logs")) }
        var errors: [JSONValue] = []
        do { _ = try FluxParser.parse(query) } catch {
            errors.append(
                .object([
                    "line": .int(error.line), "column": .int(error.column), "character": .int(0),
                    "message": .string(error.message),
                ]))
        }
        return .json(200, ["errors": .array(errors)])
    }
}
