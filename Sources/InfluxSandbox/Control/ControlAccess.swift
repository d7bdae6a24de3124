import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Who may use the control API (`/sandbox/…`: reset, faults, seeding). On loopback anyone on
/// the machine may, as before; a sandbox bound beyond loopback requires the control token
/// (`SandboxConfiguration.controlToken`) in `Authorization: Token <control token>`, so that
/// another host cannot wipe its state or inject faults.
struct ControlAccess: Sendable {
    /// The token control requests must carry; nil when none is required.
    let token: String?

    /// The refusal for a control request without the right token, or nil when the request
    /// may go on (any request outside `/sandbox`, or no token configured).
    func refusal(for request: Request) -> Response? {
        guard let token else { return nil }
        let path = request.uri.path
        guard path == "/sandbox" || path.hasPrefix("/sandbox/") else { return nil }
        if request.headers[.authorization] == "Token \(token)" { return nil }
        let reply = Reply.error(APIError(.unauthorized, "the sandbox control API needs the header Authorization: Token T, with T the control token that sandbox serve printed"))
        var fields = HTTPFields()
        for (name, value) in reply.headers {
            if let n = HTTPField.Name(name) { fields.append(HTTPField(name: n, value: value)) }
        }
        return Response(status: .init(code: reply.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    /// True when `host` is a loopback address or name (`127.0.0.0/8`, `::1`, `localhost`).
    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return h == "localhost" || h == "::1" || h.hasPrefix("127.") || h == "0:0:0:0:0:0:0:1"
    }
}
