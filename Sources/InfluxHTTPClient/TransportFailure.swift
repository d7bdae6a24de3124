import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// Turns a transport-level error (no HTTP answer) into one sentence that names the server,
/// e.g. `cannot connect to http://localhost:8086: connection refused`.
enum TransportFailure {
    /// The sentence for `error`, raised while talking to `baseURL`.
    static func describe(_ error: any Error, baseURL: String) -> String {
        if let connection = error as? NIOConnectionError {
            if let dns = connection.dnsAError ?? connection.dnsAAAAError {
                return "cannot resolve host \"\(connection.host)\" of \(baseURL): \(reason(dns))"
            }
            if let first = connection.connectionErrors.first {
                return "cannot connect to \(baseURL): \(reason(first.error))"
            }
            return "cannot connect to \(baseURL)"
        }
        if let http = error as? HTTPClientError {
            switch http {
            case .connectTimeout: return "cannot connect to \(baseURL): connection timed out"
            case .readTimeout, .deadlineExceeded: return "no answer from \(baseURL): request timed out"
            case .remoteConnectionClosed: return "\(baseURL) closed the connection before answering"
            case .invalidURL, .emptyHost, .emptyScheme: return "invalid server URL \(baseURL)"
            default: return "request to \(baseURL) failed: \(http)"
            }
        }
        if let io = error as? IOError, connectFailures.contains(io.errnoCode) {
            return "cannot connect to \(baseURL): \(reason(io))"
        }
        if error is IOError || error is ChannelError {
            return "connection to \(baseURL) failed: \(reason(error))"
        }
        return "request to \(baseURL) failed: \(reason(error))"
    }

    /// `errno` values of a TCP connect that never reached the server.
    private static let connectFailures: Set<Int32> = [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ETIMEDOUT, EADDRNOTAVAIL]

    /// A lower-case reason such as `connection refused` for an `IOError`, else the error's text.
    static func reason(_ error: any Error) -> String {
        if let io = error as? IOError {
            return String(cString: strerror(io.errnoCode)).lowercased()
        }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout: return "connection timed out"
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed: return "connection closed"
            default: return "\(channel)"
            }
        }
        return "\(error)"
    }
}
