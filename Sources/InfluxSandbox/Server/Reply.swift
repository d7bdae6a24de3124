/// A finished HTTP response before it is handed to Hummingbird.
struct Reply: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []

    /// The JSON layout of the endpoint family (influxdb-api.md §1.3).
    typealias Layout = JSONWriter.Layout

    /// A JSON success response (`Content-Type: application/json; charset=utf-8`).
    static func json(_ status: Int, _ value: JSONValue, layout: Layout) -> Reply {
        Reply(
            status: status,
            headers: [("Content-Type", "application/json; charset=utf-8")],
            body: JSONWriter.encode(value, layout: layout)
        )
    }

    /// A JSON success response with a compact object.
    static func json(_ status: Int, _ object: JSONObject, layout: Layout = .compact) -> Reply {
        json(status, .object(object), layout: layout)
    }

    /// The error envelope `{"code","message"}` with `X-Platform-Error-Code` (§1.2). The generic
    /// error handler (task endpoints) writes compact JSON without a newline; the label/org API
    /// writes tab-indented JSON with a newline.
    static func error(_ error: APIError, layout: Layout = .compact) -> Reply {
        var body = JSONWriter.encode(
            .object(["code": .string(error.code.rawValue), "message": .string(error.message)]),
            layout: layout
        )
        if layout == .compact { body.removeLast() }
        return Reply(
            status: error.code.status,
            headers: [
                ("Content-Type", "application/json; charset=utf-8"),
                ("X-Platform-Error-Code", error.code.rawValue),
            ],
            body: body
        )
    }

    /// A response without a body (204, or the 200 of a run cancel, §12.7).
    static func empty(_ status: Int) -> Reply { Reply(status: status) }

    /// Adds a header.
    func adding(_ name: String, _ value: String) -> Reply {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }
}
