import Flux
import Foundation
import InfluxSync
import XCTest

/// Precedence of connection sources: flags > target > environment > influx CLI config > default.
final class ConnectionResolutionTests: XCTestCase {
    private let configsText = """
        [default]
          url = "http://default:8086"
          token = "default-token"
          org = "default-org"
          active = false

        [dev]
          url = "http://dev:8086"
          token = "dev-token"
          org = "dev-org"
          active = true # the one influx uses

        ["with space"]
          url = 'http://literal:8086'
          token = "esc\\"aped\\u00e9"
          org = "o"
        """

    private func configs() throws -> InfluxCLIConfigs {
        try InfluxCLIConfigs.parse(configsText, path: "/home/u/.influxdbv2/configs")
    }

    private func target(host: String? = "http://target:8086", org: String? = "target-org", token: TokenSource? = .environment("PROD_TOKEN")) -> TargetConfig {
        TargetConfig(name: "prod", host: host, org: org, orgID: nil, token: token, ownerLabel: nil, envRefs: [:], manifests: [], location: "influxsync.yaml:2")
    }

    private func resolve(
        _ flags: ConnectionFlags = ConnectionFlags(), target: TargetConfig? = nil, env: [String: String] = [:],
        configs: InfluxCLIConfigs? = nil, files: [String: String] = [:]
    ) throws(ConfigError) -> ResolvedConnection {
        try ConnectionResolver.resolve(
            flags: flags, target: target, environment: env,
            influxConfigs: { () throws(ConfigError) in configs },
            readFile: { (path: String) throws(ConfigError) -> String in
                guard let text = files[path] else { throw ConfigError("cannot read token file \(path)", hint: "check the path") }
                return text
            })
    }

    func testTheInfluxConfigsFileIsRead() throws {
        let parsed = try configs()
        XCTAssertEqual(parsed.configs.map(\.name), ["default", "dev", "with space"])
        XCTAssertEqual(parsed.configs[2].url, "http://literal:8086")
        XCTAssertEqual(parsed.configs[2].token, "esc\"apedé")
        XCTAssertEqual(try parsed.selected(name: nil)?.name, "dev")
        XCTAssertEqual(try parsed.selected(name: "default")?.name, "default")
        XCTAssertThrowsError(try parsed.selected(name: "nope")) { error in
            XCTAssertEqual((error as! ConfigError).message, "the influx CLI config \"nope\" does not exist in /home/u/.influxdbv2/configs (it has default, dev, with space)")
        }
        XCTAssertThrowsError(try InfluxCLIConfigs.parse("[a]\nurl \"x\"", path: "c")) { error in
            XCTAssertEqual((error as! ConfigError).message, "c:2: cannot read the influx CLI's config line \"url \"x\"\"")
        }
        XCTAssertEqual(InfluxCLIConfigs.defaultPath(environment: ["HOME": "/home/u"]), "/home/u/.influxdbv2/configs")
        XCTAssertEqual(InfluxCLIConfigs.defaultPath(environment: ["HOME": "/home/u", "INFLUX_CONFIGS_PATH": "/etc/influx"]), "/etc/influx")
    }

    func testFlagsWinOverEverything() throws {
        let resolved = try resolve(
            ConnectionFlags(host: "http://flag:8086", token: "flag-token", org: "flag-org"),
            target: target(), env: ["INFLUX_HOST": "http://env", "INFLUX_TOKEN": "env-token", "INFLUX_ORG": "env-org", "PROD_TOKEN": "p"],
            configs: try configs())
        XCTAssertEqual(
            resolved,
            ResolvedConnection(
                host: "http://flag:8086", token: "flag-token", org: .name("flag-org"),
                sources: ["host": "--host", "token": "--token", "org": "--org"]))
    }

    func testTheTargetWinsOverEnvironmentAndConfigs() throws {
        let resolved = try resolve(
            target: target(), env: ["INFLUX_HOST": "http://env", "INFLUX_TOKEN": "env-token", "INFLUX_ORG": "env-org", "PROD_TOKEN": " prod-token\n"],
            configs: try configs())
        XCTAssertEqual(
            resolved,
            ResolvedConnection(
                host: "http://target:8086", token: "prod-token", org: .name("target-org"),
                sources: ["host": "target \"prod\"", "token": "target \"prod\"", "org": "target \"prod\""]))
        let fromFile = try resolve(target: target(token: .file("/secrets/prod")), files: ["/secrets/prod": "file-token\n"])
        XCTAssertEqual(fromFile.token, "file-token")
        XCTAssertThrowsError(try resolve(target: target())) { error in
            XCTAssertEqual(
                (error as! ConfigError).description,
                "target \"prod\" takes its token from the environment variable PROD_TOKEN, which is not set\nhint: export PROD_TOKEN=<token> (or pass --token-file FILE)")
        }
        // Set but blank (an unfilled CI secret) is said so, not "not set".
        XCTAssertThrowsError(try resolve(target: target(), env: ["PROD_TOKEN": " "])) { error in
            XCTAssertEqual(
                (error as! ConfigError).description,
                "target \"prod\" takes its token from the environment variable PROD_TOKEN, which is set but empty\nhint: export PROD_TOKEN=<token> (or pass --token-file FILE)")
        }
    }

    func testEnvironmentWinsOverConfigsWhichFillTheRest() throws {
        let resolved = try resolve(env: ["INFLUX_TOKEN": "env-token"], configs: try configs())
        XCTAssertEqual(
            resolved,
            ResolvedConnection(
                host: "http://dev:8086", token: "env-token", org: .name("dev-org"),
                sources: ["host": "influx CLI config \"dev\"", "token": "INFLUX_TOKEN", "org": "influx CLI config \"dev\""]))
        let named = try resolve(ConnectionFlags(activeConfig: "default"), env: ["INFLUX_ORG_ID": "0000000000000001"], configs: try configs())
        XCTAssertEqual(
            named,
            ResolvedConnection(
                host: "http://default:8086", token: "default-token", org: .id("0000000000000001"),
                sources: ["host": "influx CLI config \"default\"", "token": "influx CLI config \"default\"", "org": "INFLUX_ORG_ID"]))
        let byEnv = try resolve(env: ["INFLUX_ACTIVE_CONFIG": "with space"], configs: try configs())
        XCTAssertEqual(byEnv.host, "http://literal:8086")
    }

    func testDefaultsAndMissingValues() throws {
        let resolved = try resolve(ConnectionFlags(token: "t", orgID: "0000000000000001"))
        XCTAssertEqual(
            resolved,
            ResolvedConnection(
                host: "http://localhost:8086", token: "t", org: .id("0000000000000001"),
                sources: ["host": "default", "token": "--token", "org": "--org-id"]))
        XCTAssertThrowsError(try resolve(ConnectionFlags(org: "o"))) { error in
            XCTAssertEqual((error as! ConfigError).message, "no API token: pass --token or --token-file, or set INFLUX_TOKEN")
        }
        XCTAssertThrowsError(try resolve(ConnectionFlags(activeConfig: "dev"), env: ["INFLUX_TOKEN": "t", "INFLUX_ORG": "o"])) { error in
            XCTAssertEqual((error as! ConfigError).message, "the influx CLI config \"dev\" does not exist (no influx CLI configs file was found)")
        }
        XCTAssertThrowsError(try resolve(ConnectionFlags(token: "a", tokenFile: "b", org: "o")))
    }

    func testEnvFilesAreYAMLOrKeyValueLines() throws {
        XCTAssertEqual(
            try EnvFile.parse("bucket: telegraf\nevery: 1h\nquoted: \"a: b\"\n", path: "refs.yaml"),
            ["bucket": "telegraf", "every": "1h", "quoted": "a: b"])
        XCTAssertEqual(
            try EnvFile.parse("# comment\nBUCKET=telegraf\n\nexport EVERY = 1h\nQUOTED=\"a=b\"\nEMPTY=\r\n", path: "refs.env"),
            ["BUCKET": "telegraf", "EVERY": "1h", "QUOTED": "a=b", "EMPTY": ""])
        XCTAssertEqual(try EnvFile.parse("", path: "empty"), [:])
        XCTAssertThrowsError(try EnvFile.parse("A=1\nnot a pair\n", path: "refs.env")) { error in
            XCTAssertEqual((error as! ConfigError).message, "refs.env:2: expected KEY=value, found \"not a pair\"")
        }
        XCTAssertThrowsError(try EnvFile.parse("a:\n  b: c\n", path: "refs.yaml")) { error in
            XCTAssertEqual((error as! ConfigError).message, "refs.yaml:2: the value of a is not a single value")
        }
    }

    func testTargetsFile() throws {
        let text = """
            targets:
              dev:
                host: http://localhost:8086
                org: acme
                tokenEnv: INFLUX_TOKEN_DEV
                envRefs: {bucket: dev}
                manifests: [tasks/, labels.yaml]
              prod:
                host: https://prod:8086
                orgID: "0000000000000001"
                tokenFile: secrets/prod-token
                ownerLabel: gitops
                allowFlux: [mycompany/tools, strings.newThing]
            """
        let config = try TargetsConfig.parse(text, path: "/repo/influxsync.yaml")
        XCTAssertEqual(config.targets.map(\.allowFlux), [[], ["mycompany/tools", "strings.newThing"]])
        XCTAssertEqual(
            config.targets,
            [
                TargetConfig(
                    name: "dev", host: "http://localhost:8086", org: "acme", orgID: nil, token: .environment("INFLUX_TOKEN_DEV"),
                    ownerLabel: nil, envRefs: ["bucket": "dev"], manifests: ["/repo/tasks", "/repo/labels.yaml"], location: "/repo/influxsync.yaml:2"),
                TargetConfig(
                    name: "prod", host: "https://prod:8086", org: nil, orgID: "0000000000000001", token: .file("/repo/secrets/prod-token"),
                    ownerLabel: "gitops", envRefs: [:], manifests: [], allowFlux: ["mycompany/tools", "strings.newThing"], location: "/repo/influxsync.yaml:8"),
            ])
        // Inside the working directory, the manifests are printed relative to it.
        let fromRoot = try TargetsConfig.parse(text, path: "/repo/influxsync.yaml", workingDirectory: "/repo")
        XCTAssertEqual(fromRoot.targets[0].manifests, ["tasks", "labels.yaml"])
        XCTAssertEqual(fromRoot.rootDirectory, "/repo")
        let fromBelow = try TargetsConfig.parse(text, path: "/repo/influxsync.yaml", workingDirectory: "/repo/tasks")
        XCTAssertEqual(fromBelow.targets[0].manifests, [".", "/repo/labels.yaml"])
        XCTAssertThrowsError(try config.target(named: "stage")) { error in
            XCTAssertEqual((error as! ConfigError).message, "/repo/influxsync.yaml has no target \"stage\"; it has \"dev\", \"prod\"")
        }
        XCTAssertThrowsError(try TargetsConfig.parse("targets:\n  dev:\n    token: s3cr3t\n", path: "influxsync.yaml")) { error in
            XCTAssertEqual(
                (error as! ConfigError).description,
                "influxsync.yaml:3: target \"dev\" has a `token` field; influxsync.yaml never holds a token (it is committed to git)\nhint: name where the token comes from instead: `tokenEnv: INFLUX_TOKEN_DEV` or `tokenFile: <path>`"
            )
        }
        // A syntax error names its line and column (it said only "is not valid YAML").
        XCTAssertThrowsError(try TargetsConfig.parse("targets:\n  dev:\n    host: x\n   bad: y\n", path: "influxsync.yaml")) { error in
            XCTAssertEqual(
                (error as! ConfigError).description,
                "influxsync.yaml:4:4: invalid YAML: did not find expected key\nhint: check the indentation and quoting on that line")
        }
        XCTAssertThrowsError(try TargetsConfig.parse("targets:\n  a:\n    host: x\n  a:\n    host: y\n", path: "influxsync.yaml")) { error in
            XCTAssertEqual(
                (error as! ConfigError).description,
                "influxsync.yaml:2:3: duplicate key `a` in mapping\nhint: remove one of them; keys in a mapping must be unique")
        }
        XCTAssertThrowsError(try TargetsConfig.parse("targets:\n  dev:\n    hots: x\n", path: "influxsync.yaml")) { error in
            XCTAssertEqual(
                (error as! ConfigError).description,
                "influxsync.yaml:3: unknown field `hots` in target \"dev\"\nhint: did you mean `host`? a target has `host`, `org`, `orgID`, `tokenEnv`, `tokenFile`, `ownerLabel`, `envRefs`, `manifests`, `allowFlux`, `policies`"
            )
        }
    }

    func testTheConfigSchemaAcceptsTargetsAndRefusesTokens() throws {
        let valid =
            #"{"targets": {"dev": {"host": "http://localhost:8086", "org": "acme", "tokenEnv": "T", "envRefs": {"b": "x"}, "manifests": ["tasks/"], "allowFlux": ["mycompany/tools"]}}}"#
        XCTAssertEqual(try SchemaValidator.validate(json: valid, schema: "influxsync-config.schema.json").exitCode, 0)
        let withToken = #"{"targets": {"dev": {"host": "http://localhost:8086", "token": "s3cr3t"}}}"#
        XCTAssertEqual(try SchemaValidator.validate(json: withToken, schema: "influxsync-config.schema.json").exitCode, 1)
    }
    /// Two targets on the same server's org under the same owner label would each prune the
    /// other's tasks: `targets(sharingOwnershipWith:)` finds them (host without case or
    /// trailing slash, org by name or ID, owner label as InfluxDB compares label names), and
    /// a distinct owner label, org or server separates them.
    func testTargetsSharingAnOrgAndOwnerLabelAreFound() throws {
        let text = """
            targets:
              a: {host: "http://db:8086", org: acme, tokenEnv: T, manifests: [a]}
              b: {host: "HTTP://db:8086/", org: " acme", tokenEnv: T, manifests: [b], ownerLabel: " InfluxSync"}
              c: {host: "http://db:8086", org: acme, tokenEnv: T, ownerLabel: team-c}
              d: {host: "http://other:8086", org: acme, tokenEnv: T}
              e: {host: "http://db:8086", orgID: "00000000000000aa", tokenEnv: T}
              f: {host: "http://db:8086", orgID: "00000000000000aa", tokenEnv: T}
              g: {org: acme, tokenEnv: T}
            """
        let config = try TargetsConfig.parse(text, path: "/repo/influxsync.yaml")
        func sharing(_ name: String) throws -> [String] { config.targets(sharingOwnershipWith: try config.target(named: name)).map(\.name) }
        XCTAssertEqual(try sharing("a"), ["b"])
        XCTAssertEqual(try sharing("b"), ["a"])
        XCTAssertEqual(try sharing("c"), [])
        XCTAssertEqual(try sharing("d"), [])
        XCTAssertEqual(try sharing("e"), ["f"])
        XCTAssertEqual(try sharing("g"), [], "no host: not compared")
    }

}
