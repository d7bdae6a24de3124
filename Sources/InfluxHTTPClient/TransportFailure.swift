import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Turns a transport-level error (no HTTP answer) into one plain sentence that names the server,
/// and a hint: never a library's type names, error domains, errno numbers or source paths.
///
/// | failure | message |
/// |---|---|
/// | DNS | `unknown host "db.example" (in http://db.example:8086)` |
/// | refused | `cannot connect to http://localhost:8086: connection refused` |
/// | timeout | `cannot connect to …: connection timed out` / `no complete answer from … within 60 s` |
/// | lost answer | `… closed the connection before answering`, with a hint to run again when the server answered earlier requests |
/// | https → plain HTTP | `https://host:8086 answered in plain HTTP, not TLS` |
/// | untrusted certificate | `the TLS certificate of https://… is not trusted` |
/// | not HTTP | `http://host:8086 answered with something that is not valid HTTP (…)` |
enum TransportFailure {
    /// The sentence and hint for `error`, raised while talking to `baseURL`.
    /// - Parameters:
    ///   - timeoutSeconds: the deadline of one attempt, named in the "no complete answer" sentence.
    ///   - answeredBefore: the server answered an earlier request of this client, so the URL is
    ///     right: a connection that fails now lost an answer (hint: run again), it is not a
    ///     wrong address (hint: check --host).
    static func describe(_ error: any Error, baseURL: String, timeoutSeconds: Double = 60, answeredBefore: Bool = false) -> (message: String, hint: String) {
        if isTimeout(error) {
            return (
                "no complete answer from \(baseURL) within \(seconds(timeoutSeconds))",
                "the server (or a proxy in between) accepted the request but did not send its whole answer in time; if it is only slow, raise the limit with --request-timeout, e.g. --request-timeout 2m"
            )
        }
        let unreachable =
            answeredBefore
            ? "the server answered this run's earlier requests but stopped accepting connections (restarting?); run the command again once it is back: plan and apply converge"
            : "is InfluxDB running there? Set the URL with --host or INFLUX_HOST"
        let lost =
            answeredBefore
            ? "the server answered this run's earlier requests, so the address is right: the connection or a proxy lost this answer. Run the command again: plan and apply converge (a write whose answer was lost is found in the live state)"
            : unreachable
        if let unknown = unknownHost(in: error) {
            return (
                "unknown host \"\(unknown)\" (in \(baseURL))",
                "check the host name in --host or INFLUX_HOST"
            )
        }
        if let tls = tlsProblem(in: error, baseURL: baseURL) { return tls }
        if error is HTTPParserError {
            // Something answered, so the address is reachable: "is InfluxDB running?" misleads.
            // After earlier good answers the address is right: this answer was cut or mangled.
            return (
                "\(baseURL) answered with something that is not valid HTTP (a bad status line or header, or an answer cut short)",
                answeredBefore
                    ? lost
                    : "check that --host or INFLUX_HOST names InfluxDB itself, not another service on that port; a proxy in between may be mangling the answer"
            )
        }
        if error is NIOTooManyBytesError {
            return (
                "\(baseURL) answered with more than \(InfluxHTTPClient.maxAnswerBytes / (1024 * 1024)) MiB, more than influxsync reads",
                "no InfluxDB answer is that large: check that --host or INFLUX_HOST names InfluxDB itself, not another service or a proxy's page"
            )
        }
        if let connection = error as? NIOConnectionError {
            if let first = connection.connectionErrors.first {
                return ("cannot connect to \(baseURL): \(reason(first.error))", unreachable)
            }
            return ("cannot connect to \(baseURL)", unreachable)
        }
        if let http = error as? HTTPClientError {
            switch http {
            case .connectTimeout:
                return (
                    "cannot connect to \(baseURL): connection timed out",
                    "check the URL and that the network lets you reach that host and port"
                )
            case .remoteConnectionClosed:
                return (
                    "\(baseURL) closed the connection before answering",
                    answeredBefore ? lost : "check that the URL points at InfluxDB (http:// or https:// as the server expects)"
                )
            case .invalidURL, .emptyHost, .emptyScheme:
                return ("invalid server URL \(baseURL)", "write the URL as http://host:port or https://host:port")
            default:
                return ("the request to \(baseURL) failed", lost)
            }
        }
        if let io = error as? IOError, connectFailures.contains(io.errnoCode) {
            return ("cannot connect to \(baseURL): \(reason(io))", unreachable)
        }
        if error is IOError || error is ChannelError {
            return ("the connection to \(baseURL) failed: \(reason(error))", lost)
        }
        return ("the request to \(baseURL) failed", lost)
    }

    /// True for a failure that means "the attempt ran out of time" (our deadline, or
    /// AsyncHTTPClient's own read timeout and deadline): such an attempt is not retried.
    static func isTimeout(_ error: any Error) -> Bool {
        if error is AttemptDeadlineExceeded { return true }
        if let http = error as? HTTPClientError, http == .readTimeout || http == .deadlineExceeded { return true }
        return false
    }

    /// `60 s`, `1.5 s`, `0.25 s`.
    static func seconds(_ value: Double) -> String {
        if value == value.rounded() { return "\(Int64(value)) s" }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text + " s"
    }

    /// `errno` values of a TCP connect that never reached the server.
    private static let connectFailures: Set<Int32> = [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, ETIMEDOUT, EADDRNOTAVAIL]

    /// The host name that could not be resolved, when that is the failure.
    private static func unknownHost(in error: any Error) -> String? {
        if let unknown = error as? SocketAddressError.UnknownHost { return unknown.host }
        if let connection = error as? NIOConnectionError, connection.dnsAError != nil || connection.dnsAAAAError != nil,
            connection.connectionErrors.isEmpty
        {
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
                return (
                    "the TLS certificate of \(baseURL) does not name that host",
                    "connect with the host name the certificate names, or pass --skip-verify (or set INFLUX_SKIP_VERIFY=true) to skip certificate checks"
                )
            }
            text = String(describing: extra)
        } else {
            return nil
        }
        let plainHTTP = baseURL.lowercased().hasPrefix("https://") ? "http://" + baseURL.dropFirst("https://".count) : baseURL
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("HTTP_REQUEST") {
            return (
                "\(baseURL) answered in plain HTTP, not TLS",
                "the server does not use TLS on that port: use \(plainHTTP)"
            )
        }
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate") {
            return (
                "the TLS certificate of \(baseURL) is not trusted",
                "pass the CA that signed it with --ca-cert FILE, or --skip-verify (or INFLUX_SKIP_VERIFY=true) to skip certificate checks"
            )
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
