import Foundation
import InfluxHTTPClient
import InfluxSync

/// `ConnectionOptions` resolved against the environment: which server, which token, which org.
struct ConnectionSettings: Sendable {
    /// Where requests go.
    enum Target: Sendable, Equatable {
        /// A real server (or an external sandbox) at this URL.
        case server(url: String)
        /// An embedded sandbox started in this process, its state kept in `file`.
        case sandbox(file: String)
    }

    var target: Target
    /// The API token. Only ever sent in the `Authorization` header.
    var token: String
    var org: OrgSelector
    var verbose: Bool
    /// How an `https://` server's certificate is checked.
    var tls = TLSOptions()
    /// What turned certificate checks off (`--skip-verify` or `INFLUX_SKIP_VERIFY`), for the
    /// warning; nil when they are on.
    var skipVerifySource: String?

    /// Default server URL, as the `influx` CLI's.
    static let defaultHost = "http://localhost:8086"

    /// Resolves flags, then environment, then defaults. Flags win over environment variables.
    /// - Throws: `CommandFailure` naming the flag or variable: no token, no org, unreadable or
    ///   empty token file, an `INFLUX_SKIP_VERIFY` that is not a boolean, or flags that cannot
    ///   be combined.
    static func resolve(_ options: ConnectionOptions, environment: [String: String]) throws -> ConnectionSettings {
        func env(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        if options.token != nil && options.tokenFile != nil {
            throw CommandFailure("--token and --token-file cannot be used together")
        }
        if options.org != nil && options.orgID != nil {
            throw CommandFailure("--org and --org-id cannot be used together")
        }
        let flagToken = try options.token ?? options.tokenFile.map(readTokenFile)

        if let file = options.sandbox {
            if options.host != nil {
                throw CommandFailure("--sandbox and --host cannot be used together")
            }
            if options.orgID != nil {
                throw CommandFailure("--org-id cannot be used with --sandbox; name the sandbox's org with --org")
            }
            if options.skipVerify || options.caCert != nil {
                throw CommandFailure("--skip-verify and --ca-cert cannot be used with --sandbox, which speaks plain HTTP on loopback")
            }
            return ConnectionSettings(
                target: .sandbox(file: file),
                token: flagToken ?? SandboxDefaults.token,
                org: .name(options.org ?? SandboxDefaults.org),
                verbose: options.verbose)
        }

        var skipVerifySource: String?
        if options.skipVerify {
            skipVerifySource = "--skip-verify"
        } else if let raw = env("INFLUX_SKIP_VERIFY") {
            switch raw.lowercased() {
            case "true", "1", "yes": skipVerifySource = "INFLUX_SKIP_VERIFY"
            case "false", "0", "no": break
            default:
                throw CommandFailure("INFLUX_SKIP_VERIFY must be true or false, not \"\(raw)\"",
                                     hint: "set INFLUX_SKIP_VERIFY=true to skip TLS certificate checks, or unset it")
            }
        }
        let tls = TLSOptions(skipVerify: skipVerifySource != nil, caCertificateFile: options.caCert)

        let host = options.host ?? env("INFLUX_HOST") ?? defaultHost
        guard let token = flagToken ?? env("INFLUX_TOKEN") else {
            throw CommandFailure("no API token: pass --token or --token-file, or set INFLUX_TOKEN")
        }
        let org: OrgSelector
        if let name = options.org {
            org = .name(name)
        } else if let id = options.orgID {
            org = .id(id)
        } else if let name = env("INFLUX_ORG") {
            org = .name(name)
        } else if let id = env("INFLUX_ORG_ID") {
            org = .id(id)
        } else {
            throw CommandFailure("no organization: pass --org or --org-id, or set INFLUX_ORG or INFLUX_ORG_ID")
        }
        return ConnectionSettings(target: .server(url: host), token: token, org: org, verbose: options.verbose,
                                  tls: tls, skipVerifySource: skipVerifySource)
    }

    private static func readTokenFile(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure("the token file \(path) does not exist", hint: "pass the path of a file that holds the API token with --token-file")
        }
        if isDirectory.boolValue {
            throw CommandFailure("the token file \(path) is a directory", hint: "pass the path of a file that holds the API token with --token-file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read the token file \(path)", hint: "check the file's permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure("the token file \(path) is not UTF-8 text", hint: "write the API token as plain text into the file")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if token.isEmpty { throw CommandFailure("token file \(path) is empty") }
        return token
    }
}

/// What an embedded or served sandbox is seeded with unless told otherwise.
enum SandboxDefaults {
    /// Org name seeded into a new sandbox.
    static let org = "influxsync"
    /// API token seeded into a new sandbox.
    static let token = "influxsync-sandbox-token"
    /// Name of the user that owns the token.
    static let user = "influxsync"
}
