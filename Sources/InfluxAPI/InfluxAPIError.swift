/// A failed API call: either the server answered with an error envelope
/// (`{"code","message"}`, influxdb-api.md §1.2), or the request never got an answer.
public struct InfluxAPIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// HTTP method of the failed request.
    public var method: String
    /// Path and query of the failed request (never the token).
    public var path: String
    /// HTTP status, or nil when no response arrived (connection refused, timeout).
    public var status: Int?
    /// The envelope's `code` (`invalid`, `not found`, `conflict`, …), or nil.
    public var code: String?
    /// The envelope's `message`, or a description of the transport failure.
    public var message: String
    /// What the user can do about a transport failure (`check the host name in --host or
    /// INFLUX_HOST`), or nil; printed as a `hint:` line.
    public var hint: String?

    /// Creates an error; pass nil `status` and `code` for a transport failure (no response).
    public init(method: String, path: String, status: Int?, code: String?, message: String, hint: String? = nil) {
        self.method = method
        self.path = path
        self.status = status
        self.code = code
        self.message = message
        self.hint = hint
    }

    /// True for 401, 403 and 404: the token may not read the resource, or the server hides
    /// it (§18: the secrets route answers 404 to a token without org read). A caller of an
    /// optional check (buckets, secrets) degrades such an answer to a warning.
    public var isAccessRefusal: Bool { status == 401 || status == 403 || status == 404 }

    /// `POST /api/v2/tasks: 400 invalid: failed to decode request: missing flux`.
    public var description: String {
        var s = "\(method) \(path): "
        if let status { s += "\(status) " }
        if let code { s += "\(code): " }
        return s + message
    }
}
