import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tiny HTTP/1.1 server on an ephemeral loopback port for client tests of endpoints the
/// sandbox does not serve: each connection carries one request (answered with
/// `Connection: close`), every request line is recorded, and `answer` gives the status and
/// JSON body for a method and target (`/api/v2/buckets?orgID=…`).
final class StubHTTPServer: @unchecked Sendable {
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }
    private let descriptor: Int32
    private let lock = NSLock()
    private var lines: [String] = []
    private let answer: @Sendable (_ method: String, _ target: String) -> (status: Int, body: String)
    /// Bytes sent as the whole answer instead of an HTTP response (a peer that is not HTTP).
    private let raw: [UInt8]?

    init(raw: [UInt8]? = nil, answer: @escaping @Sendable (_ method: String, _ target: String) -> (status: Int, body: String)) throws {
        self.answer = answer
        self.raw = raw
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { close(fd); throw POSIXError(.EINVAL) }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// The request lines received, in order: `GET /api/v2/buckets?orgID=…&limit=100&offset=0`.
    var requests: [String] { lock.withLock { lines } }

    /// Stops accepting connections.
    func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
    }

    private func serve() {
        while true {
            let connection = accept(descriptor, nil, nil)
            if connection < 0 { return }
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.containsHeaderEnd {
            let n = read(connection, &buffer, buffer.count)
            if n <= 0 { return }
            received += buffer[0..<n]
        }
        let head = String(decoding: received, as: UTF8.self)
        let requestLine = head.prefix { $0 != "\r" }
        let parts = requestLine.split(separator: " ")
        guard parts.count >= 2 else { return }
        let method = String(parts[0]), target = String(parts[1])
        lock.withLock { lines.append("\(method) \(target)") }
        let (status, body) = answer(method, target)
        let bytes = Array(body.utf8)
        let response = "HTTP/1.1 \(status) Stub\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n\r\n"
        let out = raw ?? (Array(response.utf8) + bytes)
        var sent = 0
        while sent < out.count {
            let n = out[sent...].withUnsafeBufferPointer { write(connection, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            sent += n
        }
    }
}

private extension Array where Element == UInt8 {
    /// True once the bytes hold the blank line that ends an HTTP head.
    var containsHeaderEnd: Bool {
        guard count >= 4 else { return false }
        for i in 0...(count - 4) where self[i] == 13 && self[i + 1] == 10 && self[i + 2] == 13 && self[i + 3] == 10 { return true }
        return false
    }
}
