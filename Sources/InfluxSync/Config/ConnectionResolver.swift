/// The connection flags as given on the command line (nil = not given).
public struct ConnectionFlags: Hashable, Sendable {
    /// `--host`.
    public var host: String?
    /// `--token`.
    public var token: String?
    /// `--token-file`.
    public var tokenFile: String?
    /// `--org`.
    public var org: String?
    /// `--org-id`.
    public var orgID: String?
    /// `--active-config` / `-c`: the influx CLI config to fall back on.
    public var activeConfig: String?

    /// Creates flags; none given by default.
    public init(host: String? = nil, token: String? = nil, tokenFile: String? = nil, org: String? = nil, orgID: String? = nil, activeConfig: String? = nil) {
        self.host = host
        self.token = token
        self.tokenFile = tokenFile
        self.org = org
        self.orgID = orgID
        self.activeConfig = activeConfig
    }
}

/// Host, token and org after resolution, each with where it came from.
public struct ResolvedConnection: Hashable, Sendable {
    /// The server URL.
    public var host: String
    /// The API token.
    public var token: String
    /// The org, by name or ID.
    public var org: OrgSelector
    /// For each of `host`, `token`, `org`: the source (`--host`, `target "prod"`, `INFLUX_HOST`,
    /// `influx CLI config "dev"`, `default`).
    public var sources: [String: String]

    /// Creates a resolved connection.
    public init(host: String, token: String, org: OrgSelector, sources: [String: String]) {
        self.host = host
        self.token = token
        self.org = org
        self.sources = sources
    }
}

/// Connection precedence (README "Targets"): for each of host, token and org the first that
/// is set wins —
/// 1. flags (`--host`, `--token`/`--token-file`, `--org`/`--org-id`);
/// 2. the selected `--target` of `influxsync.yaml` (its `tokenEnv` variable or `tokenFile`);
/// 3. environment variables (`INFLUX_HOST`, `INFLUX_TOKEN`, `INFLUX_ORG`, `INFLUX_ORG_ID`);
/// 4. the influx CLI's config chosen by `--active-config`/`-c` (else `INFLUX_ACTIVE_CONFIG`,
///    else the one marked `active = true`);
/// 5. for the host only, `http://localhost:8086`.
/// Pure except for `readFile`.
public enum ConnectionResolver {
    /// Default server URL, as the `influx` CLI's.
    public static let defaultHost = "http://localhost:8086"

    /// Resolves the connection.
    /// - Parameters:
    ///   - influxConfigs: a loader for the influx CLI's configs, called only when a value is
    ///     still missing after steps 1–3 or `--active-config` was given.
    ///   - readFile: reads a token file.
    /// - Throws: `ConfigError` when no token or org is found anywhere (naming every place
    ///   looked), a target's token variable is unset, a token file is unreadable or empty,
    ///   `--token` with `--token-file`, `--org` with `--org-id`, or `--active-config` names a
    ///   config that does not exist.
    public static func resolve(
        flags: ConnectionFlags, target: TargetConfig?, environment: [String: String],
        influxConfigs: () throws(ConfigError) -> InfluxCLIConfigs?,
        readFile: (String) throws(ConfigError) -> String
    ) throws(ConfigError) -> ResolvedConnection {
        func env(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingWhitespace(), !value.isEmpty else { return nil }
            return value
        }
        if flags.token != nil && flags.tokenFile != nil {
            throw ConfigError("--token and --token-file cannot be used together", hint: "keep one of them")
        }
        if flags.org != nil && flags.orgID != nil {
            throw ConfigError("--org and --org-id cannot be used together", hint: "keep one of them")
        }
        var sources: [String: String] = [:]
        let targetName = target.map { "target \"\($0.name)\"" }

        // 1–3.
        var host: String? = flags.host.map {
            sources["host"] = "--host"; return $0
        }
        if host == nil, let value = target?.host { host = value; sources["host"] = targetName }
        if host == nil, let value = env("INFLUX_HOST") { host = value; sources["host"] = "INFLUX_HOST" }

        var token: String?
        if let value = flags.token {
            token = value; sources["token"] = "--token"
        } else if let file = flags.tokenFile {
            token = try readToken(file, readFile); sources["token"] = "--token-file"
        } else if let source = target?.token {
            switch source {
            case .environment(let name):
                guard let value = env(name) else {
                    // Set but blank (an unfilled CI secret) is told apart from unset.
                    let state = environment[name] == nil ? "which is not set" : "which is set but empty"
                    throw ConfigError(
                        "\(targetName!) takes its token from the environment variable \(name), \(state)",
                        hint: "export \(name)=<token> (or pass --token-file FILE)")
                }
                token = value
            case .file(let file):
                token = try readToken(file, readFile)
            }
            sources["token"] = targetName
        } else if let value = env("INFLUX_TOKEN") {
            token = value; sources["token"] = "INFLUX_TOKEN"
        }

        var org: OrgSelector?
        if let value = flags.org {
            org = .name(value); sources["org"] = "--org"
        } else if let value = flags.orgID {
            org = .id(value); sources["org"] = "--org-id"
        } else if let value = target?.org {
            org = .name(value); sources["org"] = targetName
        } else if let value = target?.orgID {
            org = .id(value); sources["org"] = targetName
        } else if let value = env("INFLUX_ORG") {
            org = .name(value); sources["org"] = "INFLUX_ORG"
        } else if let value = env("INFLUX_ORG_ID") {
            org = .id(value); sources["org"] = "INFLUX_ORG_ID"
        }

        // 4. The influx CLI's config.
        let activeName = flags.activeConfig ?? env("INFLUX_ACTIVE_CONFIG")
        if host == nil || token == nil || org == nil || activeName != nil {
            if let configs = try influxConfigs(), let config = try configs.selected(name: activeName) {
                let name = "influx CLI config \"\(config.name)\""
                if host == nil, let value = config.url, !value.isEmpty { host = value; sources["host"] = name }
                if token == nil, let value = config.token, !value.isEmpty { token = value; sources["token"] = name }
                if org == nil, let value = config.org, !value.isEmpty { org = .name(value); sources["org"] = name }
            } else if let activeName {
                throw ConfigError(
                    "the influx CLI config \"\(activeName)\" does not exist (no influx CLI configs file was found)",
                    hint: "create it with: influx config create --config-name \(activeName) --host-url URL --org ORG --token TOKEN, or set INFLUX_CONFIGS_PATH")
            }
        }
        // 5.
        if host == nil { host = defaultHost; sources["host"] = "default" }
        guard let token else {
            throw ConfigError(
                "no API token: pass --token or --token-file, or set INFLUX_TOKEN",
                hint: "a --target's tokenEnv or tokenFile, or the active influx CLI config (~/.influxdbv2/configs), can also provide it")
        }
        guard let org else {
            throw ConfigError(
                "no organization: pass --org or --org-id, or set INFLUX_ORG or INFLUX_ORG_ID",
                hint: "a --target's org or orgID, or the active influx CLI config (~/.influxdbv2/configs), can also name it")
        }
        return ResolvedConnection(host: host!, token: token, org: org, sources: sources)
    }

    private static func readToken(_ path: String, _ readFile: (String) throws(ConfigError) -> String) throws(ConfigError) -> String {
        let token = try readFile(path).trimmingWhitespace()
        if token.isEmpty { throw ConfigError("token file \(path) is empty", hint: "write the API token into \(path)") }
        return token
    }
}
