import Foundation
import Yams

/// Where a target's API token comes from: never the token itself.
public enum TokenSource: Hashable, Sendable {
    /// The environment variable with this name.
    case environment(String)
    /// The file at this path (relative paths are relative to the config file), surrounding
    /// whitespace ignored.
    case file(String)
}

/// One environment of `influxsync.yaml` (`targets.<name>`).
public struct TargetConfig: Hashable, Sendable {
    /// The key under `targets`.
    public var name: String
    /// `host`: the InfluxDB URL.
    public var host: String?
    /// `org`: the org name.
    public var org: String?
    /// `orgID`: the org ID (instead of `org`).
    public var orgID: String?
    /// `tokenEnv` or `tokenFile`.
    public var token: TokenSource?
    /// `ownerLabel`.
    public var ownerLabel: String?
    /// `envRefs`: values for `{envRef: {key}}` references.
    public var envRefs: [String: String]
    /// `manifests`: files or directories, resolved against the config file's directory and then
    /// written relative to the working directory when inside it (absolute otherwise), so that
    /// every location printed for them is short and pastes.
    public var manifests: [String]
    /// `allowFlux`: names the script checks accept although their standard-library data does
    /// not know them (as `--allow-flux`: a package path, `path.member`, or an identifier).
    public var allowFlux: [String]
    /// `file:line` of the target's key.
    public var location: String
    /// `policies`: the target's own rules, added to the file's top-level ones
    /// (`TargetsConfig.policies(for:)`).
    public var policies: Policies

    /// Creates a target.
    public init(
        name: String, host: String? = nil, org: String? = nil, orgID: String? = nil, token: TokenSource? = nil,
        ownerLabel: String? = nil, envRefs: [String: String] = [:], manifests: [String] = [], allowFlux: [String] = [], location: String,
        policies: Policies = Policies()
    ) {
        self.name = name
        self.host = host
        self.org = org
        self.orgID = orgID
        self.token = token
        self.ownerLabel = ownerLabel
        self.envRefs = envRefs
        self.manifests = manifests
        self.allowFlux = allowFlux
        self.location = location
        self.policies = policies
    }
}

/// `influxsync.yaml`: named targets (environments) a repository is planned and applied against.
///
/// ```yaml
/// targets:
///   staging:
///     host: https://staging.example.com:8086
///     org: acme
///     tokenEnv: INFLUX_TOKEN_STAGING   # or tokenFile: secrets/staging-token
///     ownerLabel: influxsync
///     envRefs: {bucket: telegraf-staging}
///     manifests: [tasks/]
///     policies: {protect: [{withLabels: [prod]}]}   # added to the top-level ones
/// policies:                                         # every plan made with this file
///   ignore: [{tasks: ["noisy-*"], fields: [status]}]
/// ```
/// A file may hold only `policies:`. Described by `schemas/influxsync-config.schema.json`.
public struct TargetsConfig: Hashable, Sendable {
    /// The default file name, looked up in the current directory.
    public static let fileName = "influxsync.yaml"

    /// Targets in file order.
    public var targets: [TargetConfig]
    /// The file read.
    public var path: String
    /// The top-level `policies`: they apply to every plan made with this file, with or
    /// without `--target`.
    public var policies = Policies()

    /// The policies a plan for `target` (nil: no `--target`) is made with: the top-level rules,
    /// then the target's own.
    public func policies(for target: TargetConfig?) -> Policies {
        policies.adding(target?.policies ?? Policies())
    }

    /// The absolute directory of the file: the targets' root, against which relative
    /// `manifests` are resolved (and saved plans made with `--target` store their paths).
    public var rootDirectory: String {
        PathRelativity.absolute(URL(fileURLWithPath: path).deletingLastPathComponent().path, in: FileManager.default.currentDirectoryPath)
    }

    /// The other targets that manage the same org of the same server under the same owner
    /// label as `target` (host compared without case and trailing `/`, the org by `orgID` or by
    /// name, the owner label as InfluxDB compares label names, `influxsync` when unset). Each
    /// one's manifests then look undeclared to the other: its plan lists them as would-prune
    /// and its `--prune` deletes them. Targets without `host` and `org`/`orgID` are not compared.
    public func targets(sharingOwnershipWith target: TargetConfig) -> [TargetConfig] {
        func key(_ t: TargetConfig) -> [String]? {
            guard let host = t.host, let org = t.orgID.map({ "id:" + $0 }) ?? t.org.map({ "name:" + $0.trimmingWhitespace() }) else { return nil }
            var trimmedHost = host.lowercased()
            while trimmedHost.hasSuffix("/") { trimmedHost.removeLast() }
            return [trimmedHost, org, Ownership.labelIdentity(t.ownerLabel ?? "influxsync")]
        }
        guard let mine = key(target) else { return [] }
        return targets.filter { $0.name != target.name && key($0) == mine }
    }

    /// The target called `name`.
    /// - Throws: `ConfigError` listing the known targets when there is none by that name.
    public func target(named name: String) throws(ConfigError) -> TargetConfig {
        guard let target = targets.first(where: { $0.name == name }) else {
            if targets.isEmpty {
                throw ConfigError(
                    "\(path) has no target \"\(name)\"; it declares no targets (only policies)",
                    hint: "add `\(name):` under `targets:` in \(path)")
            }
            throw ConfigError(
                "\(path) has no target \"\(name)\"; it has \(targets.map { "\"\($0.name)\"" }.joined(separator: ", "))",
                hint: "use one of those names with --target, or add `\(name):` under `targets:` in \(path)")
        }
        return target
    }

    private static let targetFields = ["host", "org", "orgID", "tokenEnv", "tokenFile", "ownerLabel", "envRefs", "manifests", "allowFlux", "policies"]

    /// Parses the file's text; relative `manifests` and `tokenFile` paths are resolved against
    /// the directory of `path`; `manifests` are then written relative to `workingDirectory` when
    /// they lie inside it (`PathRelativity.display`).
    /// - Throws: `ConfigError` naming `path:line` for YAML errors (`path:line:column` and the
    ///   character for an invisible one in the structure, `StructureCharacterCheck`), unknown fields, a `token`
    ///   field (a token value is never accepted in this file), both `org` and `orgID`, both
    ///   `tokenEnv` and `tokenFile`, a field of the wrong shape, or a `policies` rule that
    ///   `PoliciesParser` refuses (unknown key, selector or field name).
    public static func parse(
        _ text: String, path: String,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(ConfigError) -> TargetsConfig {
        if let invisible = StructureCharacterCheck.problems(in: ManifestText(path: path, rawText: text, format: .templates)).first {
            throw ConfigError("\(invisible.location.map { "\($0)" } ?? path): \(invisible.message)", hint: invisible.hint ?? "")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            // Where libyaml stopped, as manifests' errors say it (1-based line:column).
            switch error as? YamlError {
            case .scanner(_, let problem, let mark, _)?, .parser(_, let problem, let mark, _)?, .composer(_, let problem, let mark, _)?:
                throw ConfigError("\(path):\(mark.line):\(mark.column): invalid YAML: \(problem)", hint: "check the indentation and quoting on that line")
            case .duplicatedKeysInMapping(let keys, let context)?:
                throw ConfigError(
                    "\(path):\(context.mark.line):\(context.mark.column): duplicate key `\(keys.first.map { "\($0)" } ?? "")` in mapping",
                    hint: "remove one of them; keys in a mapping must be unique")
            default:
                throw ConfigError("\(path) is not valid YAML", hint: "check the indentation and quoting of \(path)")
            }
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        func line(_ node: Node) -> String { "\(path):\((node.mark?.line ?? 0))" }
        let noTargets = ConfigError("\(path) has no `targets:` mapping", hint: "write `targets:` with one entry per environment, e.g. `staging: {host: …, org: …, tokenEnv: …}`")
        guard let root = node?.mapping else { throw noTargets }
        for (key, _) in root where key.string != "targets" && key.string != "policies" {
            let suggestion = EditDistance.suggestion(for: key.string ?? "", among: ["targets", "policies"]).map { "did you mean `\($0)`? " } ?? ""
            throw ConfigError("\(line(key)): unknown field `\(key.string ?? "")`", hint: "\(suggestion)the file holds `targets:` and `policies:`")
        }
        guard root["targets"] != nil || root["policies"] != nil else { throw noTargets }
        var policies = Policies()
        if let policiesNode = root["policies"] { policies = try PoliciesParser.parse(policiesNode, path: path, owner: "") }
        guard let targetsNode = root["targets"] else {
            return TargetsConfig(targets: [], path: path, policies: policies)
        }
        guard let targetsMapping = targetsNode.mapping else {
            throw ConfigError("\(line(targetsNode)): `targets` must be a mapping of target names", hint: "write `targets:` then `  name:` entries")
        }
        var targets: [TargetConfig] = []
        for (keyNode, valueNode) in targetsMapping {
            let name = keyNode.string ?? ""
            guard let fields = valueNode.mapping else {
                throw ConfigError("\(line(keyNode)): target \"\(name)\" must be a mapping", hint: "give it `host`, `org` and `tokenEnv` (or `tokenFile`)")
            }
            var target = TargetConfig(name: name, envRefs: [:], manifests: [], location: line(keyNode))
            var tokenEnv: String?, tokenFile: String?
            for (fieldNode, value) in fields {
                let field = fieldNode.string ?? ""
                func string() throws(ConfigError) -> String {
                    guard let text = value.scalar?.string, !text.isEmpty else {
                        throw ConfigError("\(line(value)): `\(field)` of target \"\(name)\" must be a non-empty string", hint: "write `\(field): <value>`")
                    }
                    return text
                }
                switch field {
                case "host": target.host = try string()
                case "org": target.org = try string()
                case "orgID": target.orgID = try string()
                case "tokenEnv": tokenEnv = try string()
                case "tokenFile": let raw = try string(); tokenFile = raw.resolvedAgainst(base, raw: raw)
                case "ownerLabel": target.ownerLabel = try string()
                case "envRefs":
                    guard let mapping = value.mapping else {
                        throw ConfigError("\(line(value)): `envRefs` of target \"\(name)\" must be a mapping", hint: "write `envRefs: {key: value}`")
                    }
                    for (k, v) in mapping {
                        guard let key = k.string, let text = v.scalar?.string else {
                            throw ConfigError("\(line(v)): envRefs values must be single values", hint: "write `key: value`")
                        }
                        target.envRefs[key] = text
                    }
                case "manifests":
                    let items = value.sequence.map(Array.init) ?? [value]
                    for item in items {
                        guard let text = item.scalar?.string, !text.isEmpty else {
                            throw ConfigError("\(line(item)): `manifests` of target \"\(name)\" must list paths", hint: "write `manifests: [tasks/]`")
                        }
                        target.manifests.append(PathRelativity.display(text.resolvedAgainst(base, raw: text), workingDirectory: workingDirectory))
                    }
                case "allowFlux":
                    for item in value.sequence.map(Array.init) ?? [value] {
                        guard let text = item.scalar?.string, !text.isEmpty else {
                            throw ConfigError("\(line(item)): `allowFlux` of target \"\(name)\" must list names", hint: "write `allowFlux: [mycompany/tools, strings.newThing]`")
                        }
                        target.allowFlux.append(text)
                    }
                case "policies":
                    target.policies = try PoliciesParser.parse(value, path: path, owner: " of target \"\(name)\"")
                case "token", "tokenValue", "apiToken":
                    throw ConfigError(
                        "\(line(fieldNode)): target \"\(name)\" has a `\(field)` field; influxsync.yaml never holds a token (it is committed to git)",
                        hint: "name where the token comes from instead: `tokenEnv: INFLUX_TOKEN_\(name.uppercased())` or `tokenFile: <path>`")
                default:
                    let suggestion = EditDistance.suggestion(for: field, among: targetFields).map { "did you mean `\($0)`? " } ?? ""
                    throw ConfigError(
                        "\(line(fieldNode)): unknown field `\(field)` in target \"\(name)\"",
                        hint: "\(suggestion)a target has \(targetFields.map { "`\($0)`" }.joined(separator: ", "))")
                }
            }
            if target.org != nil && target.orgID != nil {
                throw ConfigError("\(line(keyNode)): target \"\(name)\" has both `org` and `orgID`", hint: "keep one of them")
            }
            if let tokenEnv, tokenFile != nil {
                throw ConfigError("\(line(keyNode)): target \"\(name)\" has both `tokenEnv` (\(tokenEnv)) and `tokenFile`", hint: "keep one of them")
            }
            target.token = tokenEnv.map(TokenSource.environment) ?? tokenFile.map(TokenSource.file)
            targets.append(target)
        }
        guard !targets.isEmpty else {
            throw ConfigError("\(path) declares no targets", hint: "add at least one entry under `targets:`")
        }
        return TargetsConfig(targets: targets, path: path, policies: policies)
    }
}

private extension String {
    /// `raw` itself when absolute, else `raw` under `base`.
    func resolvedAgainst(_ base: URL, raw: String) -> String {
        raw.hasPrefix("/") ? raw : base.appendingPathComponent(raw).path
    }
}
