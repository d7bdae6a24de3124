import Foundation

/// The `influx` CLI's saved connection configs (`influx config create`): a TOML file, by default
/// `~/.influxdbv2/configs`, or the file `INFLUX_CONFIGS_PATH` names, with one `[name]` table per
/// config holding `url`, `token`, `org` and `active = true` on the one in use.
///
/// Only this subset of TOML is read (tables, `key = value` with basic or literal strings,
/// booleans, integers, `#` comments) — enough for the file the `influx` CLI writes, without a
/// TOML dependency.
public struct InfluxCLIConfigs: Hashable, Sendable {
    /// One saved config.
    public struct Config: Hashable, Sendable {
        /// The table name (`influx config --active-config NAME`).
        public var name: String
        /// `url`, e.g. `http://localhost:8086`.
        public var url: String?
        /// `token`.
        public var token: String?
        /// `org` (a name).
        public var org: String?
        /// `active = true`.
        public var active: Bool
    }

    /// The configs in file order.
    public var configs: [Config]
    /// Where they were read from.
    public var path: String

    /// `INFLUX_CONFIGS_PATH`, else `$HOME/.influxdbv2/configs`; nil when neither is known.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let path = environment["INFLUX_CONFIGS_PATH"], !path.isEmpty { return path }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.influxdbv2/configs"
    }

    /// Parses the file's text.
    /// - Throws: `ConfigError` naming `path:line` for a line that is not a table header,
    ///   a `key = value` pair or a comment.
    public static func parse(_ text: String, path: String) throws(ConfigError) -> InfluxCLIConfigs {
        var configs: [Config] = []
        for (index, raw) in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            func fail() -> ConfigError {
                ConfigError(
                    "\(path):\(index + 1): cannot read the influx CLI's config line \"\(line)\"",
                    hint: "fix the line, or point INFLUX_CONFIGS_PATH at another file (influx config list shows what influx reads)")
            }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw fail() }
                var name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("\""), let parsed = TOMLValue.string(name) { name = parsed }
                configs.append(Config(name: name, active: false))
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw fail() }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let valueText = TOMLValue.stripComment(String(line[line.index(after: equals)...]))
            guard !configs.isEmpty else { continue }
            switch key {
            case "url", "token", "org":
                guard let value = TOMLValue.string(valueText) else { throw fail() }
                switch key {
                case "url": configs[configs.count - 1].url = value
                case "token": configs[configs.count - 1].token = value
                default: configs[configs.count - 1].org = value
                }
            case "active":
                configs[configs.count - 1].active = valueText == "true"
            default:
                continue
            }
        }
        return InfluxCLIConfigs(configs: configs, path: path)
    }

    /// The config to use, as `influx` picks it: the one named by `--active-config` / `-c`
    /// (else `INFLUX_ACTIVE_CONFIG`), otherwise the one marked `active = true`; nil when none is.
    /// - Throws: `ConfigError` when a named config does not exist.
    public func selected(name: String?) throws(ConfigError) -> Config? {
        if let name {
            guard let config = configs.first(where: { $0.name == name }) else {
                let known = configs.map(\.name).joined(separator: ", ")
                throw ConfigError(
                    "the influx CLI config \"\(name)\" does not exist in \(path)\(known.isEmpty ? "" : " (it has \(known))")",
                    hint: "pick one with --active-config NAME, or create it with: influx config create --config-name \(name) --host-url URL --org ORG --token TOKEN")
            }
            return config
        }
        return configs.first(where: \.active)
    }
}

/// The TOML scalar forms the influx CLI writes.
enum TOMLValue {
    /// The text before an unquoted `#`, trimmed.
    static func stripComment(_ text: String) -> String {
        var inString: Character?
        var escaped = false
        var out = ""
        for c in text {
            if let quote = inString {
                if escaped { escaped = false } else if c == "\\" && quote == "\"" { escaped = true } else if c == quote { inString = nil }
            } else if c == "\"" || c == "'" {
                inString = c
            } else if c == "#" {
                break
            }
            out.append(c)
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// A basic (`"…"` with `\"`, `\\`, `\n`, `\t`, `\uXXXX` escapes) or literal (`'…'`) string; nil otherwise.
    static func string(_ text: String) -> String? {
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") { return String(text.dropFirst().dropLast()) }
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return nil }
        var out = ""
        var chars = Array(text.dropFirst().dropLast())[...]
        while let c = chars.popFirst() {
            guard c == "\\" else { out.append(c); continue }
            guard let e = chars.popFirst() else { return nil }
            switch e {
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "u", "U":
                let count = e == "u" ? 4 : 8
                let hex = String(chars.prefix(count))
                chars = chars.dropFirst(count)
                guard hex.count == count, let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else { return nil }
                out.unicodeScalars.append(scalar)
            default: return nil
            }
        }
        return out
    }
}
