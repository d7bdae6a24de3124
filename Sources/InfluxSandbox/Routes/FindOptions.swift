/// The paging parameters of the org list (influxdb-api.md §11), decoded and validated in
/// InfluxDB's order — `offset`, `after`, `limit`, `sortBy`, `descending` — each failure a 400
/// `invalid` with InfluxDB's message.
struct FindOptions: Equatable, Sendable {
    /// Items to skip; Go's `strconv.Atoi` accepts a sign.
    var offset = 0
    /// The `after` cursor (an ID), when given.
    var after: String?
    /// Page size, 1–100, default 20.
    var limit = 20
    /// `sortBy`, unvalidated.
    var sortBy: String?
    /// `descending`, Go's `strconv.ParseBool` syntax.
    var descending = false

    /// Decodes the query; the first invalid parameter answers.
    static func decode(_ q: QueryItems) -> Result<FindOptions, APIError> {
        var o = FindOptions()
        if !q["offset"].isEmpty {
            guard let v = goAtoi(q["offset"]) else { return .failure(.invalid("offset is invalid")) }
            o.offset = v
        }
        if !q["after"].isEmpty {
            if let message = Identifier.errorText(q["after"]) { return .failure(.invalid("decoding after: \(message)")) }
            o.after = q["after"]
        }
        if !q["limit"].isEmpty {
            guard let v = goAtoi(q["limit"]) else { return .failure(.invalid("limit is invalid")) }
            guard (1...100).contains(v) else { return .failure(.invalid("limit must be between 1 and 100")) }
            o.limit = v
        }
        if !q["sortBy"].isEmpty { o.sortBy = q["sortBy"] }
        if !q["descending"].isEmpty {
            switch q["descending"] {
            case "1", "t", "T", "TRUE", "true", "True": o.descending = true
            case "0", "f", "F", "FALSE", "false", "False": o.descending = false
            default: return .failure(.invalid("descending is invalid"))
            }
        }
        return .success(o)
    }

    /// Go's `strconv.Atoi`: optional sign, decimal digits only, 64-bit range.
    static func goAtoi(_ text: String) -> Int? {
        var body = Substring(text)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text.first == "+" ? String(text.dropFirst()) : text)
    }
}
