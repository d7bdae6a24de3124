import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Turns a transport-level error (no HTTP answer) into one plain sentence that names the server,
/// and a hint: never a library's type names, error domains, errno numbers or source paths.
///
/// | failure | message |
/// |---|---|
/// | DNS | `unknown host "db.example" (in http://db.example:8086)` |
/// | refused | `cannot connect to http://localhost:8086: connection refused` |
/// | timeout | `cannot connect to …: connection timed out` / `no answer from … within 60 s` |
/// | https → plain HTTP | `https://host:8086 answered in plain HTTP, not TLS` |
/// | untrusted certificate | `the TLS certificate of https://… is not trusted` |
enum TransportFailure {
    /// The sentence and hint for `error`, raised while talking to `baseURL`.
    /// - Parameter timeoutSeconds: the request timeout, named in the "no answer" sentence.
    static func describe(_ error: any Error, baseURL: String, timeoutSeconds: Int64 = 60) -> (message: String, hint: String) {
        let running = "is InfluxDB running there? Set the URL with --host or INFLUX_HOST"
        if let unknown = unknownHost(in: error) {
            return ("unknown host \"\(unknown)\" (in \(baseURL))",
                    "check the host name in --host or INFLUX_HOST")
        }
        if let tls = tlsProblem(in: error, baseURL: baseURL) { return tls }
        if let connection = error as? NIOConnectionError {
            if let first = connection.connectionErrors.first {
                return ("cannot connect to \(baseURL): \(reason(first.error))", running)
            }
            return ("cannot connect to \(baseURL)", running)
        }
        if let http = error as? HTTPClientError {
            switch http {
            case .connectTimeout:
                return ("cannot connect to \(baseURL): connection timed out",
                        "check the URL and that the network lets you reach that host and port")
            case .readTimeout, .deadlineExceeded:
                return ("no answer from \(baseURL) within \(timeoutSeconds) s",
                        "the server accepted the connection but did not answer; check that the URL points at InfluxDB")
            case .remoteConnectionClosed:
                return ("\(baseURL) closed the connection before answering",
                        "check that the URL points at InfluxDB (http:// or https:// as the server expects)")
            case .invalidURL, .emptyHost, .emptyScheme:
                return ("invalid server URL \(baseURL)", "write the URL as http://host:port or https://host:port")
            default:
                return ("the request to \(baseURL) failed", running)
            }
        }
        if let io = error as? IOError, connectFailures.contains(io.errnoCode) {
            return ("cannot connect to \(baseURL): \(reason(io))", running)
        }
        if error is IOError || error is ChannelError {
            return ("the connection to \(baseURL) failed: \(reason(error))", running)
        }
        return ("the request to \(baseURL) failed", running)
    }

    /// `errno` values of a TCP connect that never reached the server.
    private static let connectFailures: Set<Int32> = [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ETIMEDOUT, EADDRNOTAVAIL]

    /// The host name that could not be resolved, when that is the failure.
    private static func unknownHost(in error: any Error) -> String? {
        if let unknown = error as? SocketAddressError.UnknownHost { return unknown.host }
        if let connection = error as? NIOConnectionError, connection.dnsAError != nil || connection.dnsAAAAError != nil,
           connection.connectionErrors.isEmpty {
            return connection.host
        }
        return nil
    }

    /// A failed TLS handshake, told apart by its cause.
    private static func tlsProblem(in error: any Error, baseURL: String) -> (message: String, hint: String)? {
        let text: String
        if let ssl = error as? NIOSSLError {
            guard case .handshakeFailed(let inner) = ssl else {
                return ("the TLS connection to \(baseURL) failed", "check that the server speaks TLS on that port")
            }
            text = String(describing: inner)
        } else if let extra = error as? NIOSSLExtraError {
            if extra == .failedToValidateHostname {
                return ("the TLS certificate of \(baseURL) does not name that host",
                        "connect with the host name the certificate names, or pass --skip-verify (or set INFLUX_SKIP_VERIFY=true) to skip certificate checks")
            }
            text = String(describing: extra)
        } else {
            return nil
        }
        let plainHTTP = baseURL.lowercased().hasPrefix("https://") ? "http://" + baseURL.dropFirst("https://".count) : baseURL
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("HTTP_REQUEST") {
            return ("\(baseURL) answered in plain HTTP, not TLS",
                    "the server does not use TLS on that port: use \(plainHTTP)")
        }
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate") {
            return ("the TLS certificate of \(baseURL) is not trusted",
                    "pass the CA that signed it with --ca-cert FILE, or --skip-verify (or INFLUX_SKIP_VERIFY=true) to skip certificate checks")
        }
        return ("the TLS handshake with \(baseURL) failed", "check that the server speaks TLS on that port")
    }

    /// A lower-case reason such as `connection refused` for an `IOError`, else a plain phrase.
    static func reason(_ error: any Error) -> String {
        if let io = error as? IOError {
            return String(cString: strerror(io.errnoCode)).lowercased()
        }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout: return "connection timed out"
            default: return "connection closed"
            }
        }
        return "connection failed"
    }
}
