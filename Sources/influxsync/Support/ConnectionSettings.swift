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
    /// The deadline of one HTTP attempt, head and body, in seconds (`--request-timeout`).
    var requestTimeoutSeconds: Double = 60
    /// The HTTP client's first retry delay, in seconds (hidden `--retry-backoff`).
    var retryBackoffSeconds: Double = 1
    /// The connection flags as given (`ConnectionOptions.givenFlags`, never the token), repeated
    /// in the commands hints show (`command(_:)`).
    var hintFlags: [String] = []

    /// How a command shown in a hint gets the token, taken from `hintFlags`: `--token-file FILE`
    /// when one was given, `--token "$INFLUX_TOKEN"` for `--token` (never the token itself),
    /// else nothing (the environment or the influx CLI's config supply it again).
    var tokenFlags: [String] {
        for flag in ["--token-file", "--token"] {
            if let index = hintFlags.firstIndex(of: flag), index + 1 < hintFlags.count { return [flag, hintFlags[index + 1]] }
        }
        return []
    }

    /// `influxsync <words…> <hintFlags…>`, shell-quoted: a command a hint shows, complete with
    /// the connection flags this one was given, so it reaches the same server and org.
    func command(_ words: [String]) -> String {
        "influxsync " + ShellWords.join(words + hintFlags)
    }

    /// Default server URL, as the `influx` CLI's.
    static let defaultHost = ConnectionResolver.defaultHost

    /// Resolves the connection: `--sandbox`, else flags, the `--target` of influxsync.yaml,
    /// environment variables and the influx CLI's configs, in that order
    /// (`ConnectionResolver`).
    /// - Throws: `CommandFailure` naming the flag, variable or file: no token, no org,
    ///   unreadable or empty token file, an unknown target or influx CLI config, or flags that
    ///   cannot be combined.
    static func resolve(_ options: ConnectionOptions, environment: [String: String]) throws -> ConnectionSettings {
        let target = try TargetSelection.selected(options)
        return try resolve(options, environment: environment, target: target)
    }

    /// `resolve(_:environment:)` with the target already chosen (nil: none).
    static func resolve(_ options: ConnectionOptions, environment: [String: String], target: TargetConfig?) throws -> ConnectionSettings {
        var settings = try resolveConnection(options, environment: environment, target: target)
        settings.requestTimeoutSeconds =
            try duration(
                options.requestTimeout, flag: "--request-timeout",
                variable: environment["INFLUXSYNC_REQUEST_TIMEOUT"], name: "INFLUXSYNC_REQUEST_TIMEOUT") ?? 60
        settings.retryBackoffSeconds = try duration(options.retryBackoff, flag: "--retry-backoff", variable: nil, name: "") ?? 1
        settings.hintFlags = options.givenFlags
        return settings
    }

    /// A positive duration (`30s`, `2m`, `500ms`) from a flag, else from an environment variable;
    /// nil when neither is set.
    /// - Throws: `CommandFailure` naming the flag or variable for anything else.
    private static func duration(_ flagValue: String?, flag: String, variable: String?, name: String) throws -> Double? {
        let (text, source): (String, String)
        if let flagValue {
            (text, source) = (flagValue, flag)
        } else if let variable, !variable.trimmingCharacters(in: .whitespaces).isEmpty {
            (text, source) = (variable, name)
        } else {
            return nil
        }
        guard let seconds = DurationText.seconds(text.trimmingCharacters(in: .whitespaces)) else {
            throw CommandFailure(
                "\(source) expects a duration such as 30s, 2m or 500ms, got \"\(text)\"",
                hint: "write it as a number with a unit: ms, s, m or h")
        }
        return seconds
    }

    private static func resolveConnection(_ options: ConnectionOptions, environment: [String: String], target: TargetConfig?) throws -> ConnectionSettings {
        if let file = options.sandbox {
            if options.token != nil && options.tokenFile != nil {
                throw CommandFailure("--token and --token-file cannot be used together", hint: "keep one of them")
            }
            if options.host != nil {
                throw CommandFailure("--sandbox and --host cannot be used together")
            }
            if options.orgID != nil {
                throw CommandFailure("--org-id cannot be used with --sandbox; name the sandbox's org with --org")
            }
            if options.skipVerify || options.caCert != nil {
                throw CommandFailure("--skip-verify and --ca-cert cannot be used with --sandbox, which speaks plain HTTP on loopback")
            }
            let flagToken = try options.token ?? options.tokenFile.map(readTokenFile)
            return ConnectionSettings(
                target: .sandbox(file: file),
                token: flagToken ?? SandboxDefaults.token,
                org: .name(options.org ?? SandboxDefaults.org),
                verbose: options.verbose)
        }
        func env(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        var skipVerifySource: String?
        if options.skipVerify {
            skipVerifySource = "--skip-verify"
        } else if let raw = env("INFLUX_SKIP_VERIFY") {
            switch raw.lowercased() {
            case "true", "1", "yes": skipVerifySource = "INFLUX_SKIP_VERIFY"
            case "false", "0", "no": break
            default:
                throw CommandFailure(
                    "INFLUX_SKIP_VERIFY must be true or false, not \"\(raw)\"",
                    hint: "set INFLUX_SKIP_VERIFY=true to skip TLS certificate checks, or unset it")
            }
        }
        let tls = TLSOptions(skipVerify: skipVerifySource != nil, caCertificateFile: options.caCert)
        let flags = ConnectionFlags(
            host: options.host, token: options.token, tokenFile: options.tokenFile,
            org: options.org, orgID: options.orgID, activeConfig: options.activeConfig)
        do {
            let resolved = try ConnectionResolver.resolve(
                flags: flags, target: target, environment: environment,
                influxConfigs: { () throws(ConfigError) in try loadInfluxConfigs(environment: environment) },
                readFile: { (path: String) throws(ConfigError) -> String in
                    do {
                        return try readTokenFile(path)
                    } catch let failure as CommandFailure {
                        throw ConfigError(failure.message, hint: failure.hints.first ?? "check the path and its permissions")
                    } catch {
                        throw ConfigError("cannot read the token file \(path)", hint: "check the path and its permissions")
                    }
                })
            return ConnectionSettings(
                target: .server(url: resolved.host), token: resolved.token, org: resolved.org, verbose: options.verbose,
                tls: tls, skipVerifySource: skipVerifySource)
        } catch {
            throw CommandFailure(error.message, hint: error.hint)
        }
    }

    /// The influx CLI's configs file, or nil when it does not exist.
    private static func loadInfluxConfigs(environment: [String: String]) throws(ConfigError) -> InfluxCLIConfigs? {
        guard let path = InfluxCLIConfigs.defaultPath(environment: environment),
            FileManager.default.fileExists(atPath: path)
        else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError("cannot read the influx CLI's configs file \(path)", hint: "check its permissions, or set INFLUX_CONFIGS_PATH to another file")
        }
        return try InfluxCLIConfigs.parse(text, path: path)
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
        if let warning = tokenFileWarning(path) { Console().error(warning) }
        return token
    }

    /// `warning: the token file F can be read by other users (mode 0644)` and a hint with the
    /// `chmod 600` command, when the file's group or others may read it; nil otherwise (or when
    /// its mode cannot be read).
    static func tokenFileWarning(_ path: String) -> String? {
        guard let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
            mode & 0o044 != 0
        else { return nil }
        return """
            warning: the token file \(path) can be read by other users (mode \(String(format: "%04o", mode & 0o7777)))
              hint: make it readable by you alone with: chmod 600 \(ShellWords.quote(path))
            """
    }
}

/// Reads influxsync.yaml and picks the `--target`.
enum TargetSelection {
    /// The targets file: `--config FILE`, else `influxsync.yaml` in the current directory when
    /// it exists; nil when there is none.
    /// - Throws: `CommandFailure` for an unreadable or invalid file, or a `--config` file that
    ///   does not exist.
    static func config(_ options: ConnectionOptions) throws -> TargetsConfig? {
        try config(file: options.config, target: options.target)
    }

    /// The targets file `file` (`--config`), else `influxsync.yaml` in the current directory
    /// when it exists; nil when there is none and neither `file` nor `target` is given.
    /// - Throws: `CommandFailure` as `config(_:)`.
    static func config(file: String?, target: String?) throws -> TargetsConfig? {
        let path = file ?? TargetsConfig.fileName
        guard FileManager.default.fileExists(atPath: path) else {
            if file != nil || target != nil {
                throw CommandFailure(
                    "the targets file \(path) does not exist",
                    hint: "create \(TargetsConfig.fileName) with a `targets:` mapping (see the README, \"Targets\"), or pass --config FILE")
            }
            return nil
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CommandFailure(
                "the targets file \(path) is a directory",
                hint: "name the file itself, e.g. --config \(ShellWords.quote((path.hasSuffix("/") ? path : path + "/") + TargetsConfig.fileName))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read the targets file \(path)", hint: "check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure("the targets file \(path) is not UTF-8 text", hint: "save \(TargetsConfig.fileName) as UTF-8 (without a UTF-16 byte order mark)")
        }
        do {
            return try TargetsConfig.parse(text, path: path)
        } catch {
            throw CommandFailure(error.message, hint: error.hint)
        }
    }

    /// The policies a plan follows (design.md "Policies"): the targets file's top-level
    /// `policies` plus those of `target`, whenever a targets file is found (`--config`, else
    /// `influxsync.yaml` here), with or without `--target`; none without a file.
    /// - Throws: `CommandFailure` for an unreadable or invalid file.
    static func policies(_ options: ConnectionOptions, target: TargetConfig?) throws -> Policies {
        try config(options)?.policies(for: target) ?? Policies()
    }

    /// A warning when other targets of the file manage the same org under the same owner label
    /// as `target` (`TargetsConfig.targets(sharingOwnershipWith:)`); nil otherwise.
    /// - Throws: `CommandFailure` for an unreadable or invalid file.
    static func sharedOwnershipWarning(_ options: ConnectionOptions, target: TargetConfig?) throws -> String? {
        guard let target, let config = try config(options) else { return nil }
        return sharedOwnershipWarning(config, target: target)
    }

    /// `sharedOwnershipWarning(_:target:)` for a targets file already read.
    static func sharedOwnershipWarning(_ config: TargetsConfig, target: TargetConfig) -> String? {
        let others = config.targets(sharingOwnershipWith: target)
        guard !others.isEmpty else { return nil }
        let names = others.map { DisplayText.quoted($0.name) }.joined(separator: ", ")
        return
            "warning: target \(DisplayText.quoted(target.name)) manages the same org with the same owner label as \(others.count == 1 ? "target" : "targets") \(names) (\(DisplayText.escaped(config.path))): their tasks look undeclared here, and --prune deletes them\n  hint: give each target its own `ownerLabel:` in \(DisplayText.escaped(config.path)), or list all their manifests in one target"
    }

    /// The target named by `--target`; nil without `--target`.
    static func selected(_ options: ConnectionOptions) throws -> TargetConfig? {
        try selected(file: options.config, target: options.target)
    }

    /// The target named `target` of the targets file (`file`, else `influxsync.yaml`); nil
    /// when `target` is nil.
    /// - Throws: `CommandFailure` for a missing or invalid file, or an unknown target.
    static func selected(file: String?, target: String?) throws -> TargetConfig? {
        guard let name = target else { return nil }
        guard let config = try config(file: file, target: target) else { return nil }
        do {
            return try config.target(named: name)
        } catch {
            throw CommandFailure(error.message, hint: error.hint)
        }
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
    /// The bucket seeded as `influxd setup` seeds one (influxdb-api.md §17).
    static let bucket = "influxsync"
}
