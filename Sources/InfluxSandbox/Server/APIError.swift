/// An InfluxDB platform error: the `code` and the full `message` of the error envelope
/// (influxdb-api.md §1.2).
struct APIError: Error, Equatable, Sendable {
    /// Platform error codes and the HTTP status each maps to (§1.2).
    enum Code: String, Sendable {
        case invalid = "invalid"
        case emptyValue = "empty value"
        case unauthorized = "unauthorized"
        case forbidden = "forbidden"
        case notFound = "not found"
        case methodNotAllowed = "method not allowed"
        case requestTooLarge = "request too large"
        case conflict = "conflict"
        case unprocessableEntity = "unprocessable entity"
        case tooManyRequests = "too many requests"
        case internalError = "internal error"
        case notImplemented = "not implemented"
        case unavailable = "unavailable"

        /// The HTTP status for the code; `conflict` is 422, not 409.
        var status: Int {
            switch self {
            case .invalid, .emptyValue: return 400
            case .unauthorized: return 401
            case .forbidden: return 403
            case .notFound: return 404
            case .methodNotAllowed: return 405
            case .requestTooLarge: return 413
            case .conflict, .unprocessableEntity: return 422
            case .tooManyRequests: return 429
            case .internalError: return 500
            case .notImplemented: return 501
            case .unavailable: return 503
            }
        }

        /// The code a control-API fault uses for a status (500 for unknown ones).
        static func forStatus(_ status: Int) -> Code {
            switch status {
            case 400: return .invalid
            case 401: return .unauthorized
            case 403: return .forbidden
            case 404: return .notFound
            case 405: return .methodNotAllowed
            case 413: return .requestTooLarge
            case 422: return .unprocessableEntity
            case 429: return .tooManyRequests
            case 501: return .notImplemented
            case 503: return .unavailable
            default: return .internalError
            }
        }
    }

    var code: Code
    var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The same error with `prefix: ` in front of the message (Go's wrapping, outer first).
    func wrapped(_ prefix: String) -> APIError { APIError(code, "\(prefix): \(message)") }

    static func invalid(_ message: String) -> APIError { APIError(.invalid, message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }
    static func conflict(_ message: String) -> APIError { APIError(.conflict, message) }
    static func internalError(_ message: String) -> APIError { APIError(.internalError, message) }

    /// 401 `unauthorized access` (§2).
    static let unauthorizedAccess = APIError(.unauthorized, "unauthorized access")
}
