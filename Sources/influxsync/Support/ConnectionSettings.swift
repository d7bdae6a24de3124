import Foundation
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

    /// Default server URL, as the `influx` CLI's.
    static let defaultHost = "http://localhost:8086"

    /// Resolves flags, then environment, then defaults. Flags win over environment variables.
    /// - Throws: `CommandFailure` naming the flag or variable: no token, no org, unreadable or
    ///   empty token file, or flags that cannot be combined.
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
            return ConnectionSettings(
                target: .sandbox(file: file),
                token: flagToken ?? SandboxDefaults.token,
                org: .name(options.org ?? SandboxDefaults.org),
                verbose: options.verbose)
        }

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
        return ConnectionSettings(target: .server(url: host), token: token, org: org, verbose: options.verbose)
    }

    private static func readTokenFile(_ path: String) throws -> String {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot read token file \(path): \((error as NSError).localizedDescription)")
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
