import Foundation
import InfluxSync
import XCTest

/// `policies:` of influxsync.yaml (issue 21 items 10, 11): the shape read, and every refusal
/// with its exact text.
final class PoliciesConfigTests: XCTestCase {
    private func parse(_ text: String) throws(ConfigError) -> TargetsConfig {
        try TargetsConfig.parse(text, path: "influxsync.yaml", workingDirectory: "/repo")
    }

    private func error(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try parse(text)
            XCTFail("no error", file: file, line: line)
            return ""
        } catch {
            return error.description
        }
    }

    func testTopLevelAndTargetPoliciesAreReadAndATargetAddsToTheTopLevelOnes() throws {
        let config = try parse(
            """
            policies:
              ignore:
                - tasks: ["noisy-*", nightly]
                  fields: [status]
                - withLabels: on-call-owned
                  fields: [status, description, schedule, labels]
                - labels: [team-*]
                  fields: [color]
              protect:
                - tasks: ["billing-*"]
            targets:
              prod:
                host: http://prod:8086
                org: acme
                tokenEnv: TOKEN
                policies:
                  protect:
                    - withLabels: [prod]
              staging:
                host: http://staging:8086
                org: acme
                tokenEnv: TOKEN

            """)
        XCTAssertEqual(
            config.policies,
            Policies(
                ignore: [
                    IgnoreRule(selector: PolicySelector(.tasks, ["noisy-*", "nightly"]), fields: [.status], location: "influxsync.yaml:3"),
                    IgnoreRule(selector: PolicySelector(.withLabels, ["on-call-owned"]), fields: [.status, .description, .schedule, .labels], location: "influxsync.yaml:5"),
                    IgnoreRule(selector: PolicySelector(.labels, ["team-*"]), fields: [.color], location: "influxsync.yaml:7"),
                ],
                protect: [ProtectRule(selector: PolicySelector(.tasks, ["billing-*"]), location: "influxsync.yaml:10")]))
        let prod = try config.target(named: "prod")
        XCTAssertEqual(config.policies(for: prod).protect.map(\.location), ["influxsync.yaml:10", "influxsync.yaml:18"])
        XCTAssertEqual(config.policies(for: try config.target(named: "staging")), config.policies)
        XCTAssertEqual(config.policies(for: nil), config.policies)
    }

    func testAFileWithOnlyPoliciesIsValid() throws {
        let config = try parse("policies:\n  protect:\n    - labels: prod\n")
        XCTAssertEqual(config.targets, [])
        XCTAssertEqual(config.policies.protect, [ProtectRule(selector: PolicySelector(.labels, ["prod"]), location: "influxsync.yaml:3")])
        XCTAssertThrowsError(try config.target(named: "prod")) { error in
            XCTAssertEqual("\(error)", "influxsync.yaml has no target \"prod\"; it declares no targets (only policies)\nhint: add `prod:` under `targets:` in influxsync.yaml")
        }
    }

    func testRefusals() {
        XCTAssertEqual(
            error("polices:\n  ignore: []\n"),
            "influxsync.yaml:1: unknown field `polices`\nhint: did you mean `policies`? the file holds `targets:` and `policies:`")
        XCTAssertEqual(
            error("policies: [a]\n"),
            "influxsync.yaml:1: `policies` must be a mapping\nhint: write `policies:` then `ignore:` and/or `protect:` lists of rules")
        XCTAssertEqual(
            error("policies:\n  ignores: []\n"),
            "influxsync.yaml:2: unknown field `ignores` in `policies`\nhint: did you mean `ignore`? `policies` has `ignore` and `protect`")
        XCTAssertEqual(
            error("policies:\n  protect:\n    tasks: [a]\n"),
            "influxsync.yaml:3: `policies.protect` must be a list of rules\nhint: write one `- tasks: [\"name-*\"]` entry per rule")
        XCTAssertEqual(
            error("policies:\n  ignore:\n    - taks: [a]\n      fields: [status]\n"),
            "influxsync.yaml:3: unknown field `taks` in an ignore rule\nhint: did you mean `tasks`? an ignore rule has `tasks`, `withLabels`, `labels`, `fields`")
        XCTAssertEqual(
            error("policies:\n  ignore:\n    - fields: [status]\n"),
            "influxsync.yaml:3: this ignore rule selects nothing\nhint: give it one of `tasks`, `withLabels`, `labels` (names or globs such as \"nightly-*\")")
        XCTAssertEqual(
            error("policies:\n  protect:\n    - tasks: [a]\n      withLabels: [b]\n"),
            "influxsync.yaml:4: this protect rule has both `tasks` and `withLabels`; a rule has exactly one selector\nhint: split it into two rules")
        XCTAssertEqual(
            error("policies:\n  ignore:\n    - tasks: [a]\n"),
            "influxsync.yaml:3: this ignore rule has no `fields`\nhint: list the fields whose live value wins: `status`, `description`, `schedule`, `labels`")
        XCTAssertEqual(
            error("policies:\n  ignore:\n    - tasks: [a]\n      fields: [statuz]\n"),
            "influxsync.yaml:4: `statuz` is not a field an ignore rule can name for tasks\nhint: did you mean `status`? tasks have `status`, `description`, `schedule`, `labels`")
        XCTAssertEqual(
            error("policies:\n  ignore:\n    - labels: [a]\n      fields: [status]\n"),
            "influxsync.yaml:4: `status` is not a field an ignore rule can name for labels\nhint: labels have `color`, `description`")
        XCTAssertEqual(
            error("policies:\n  protect:\n    - tasks: [a]\n      fields: [status]\n"),
            "influxsync.yaml:4: a protect rule has no `fields`: it protects the whole resource from deletion\nhint: remove `fields`, or move the rule under `ignore:`")
        XCTAssertEqual(
            error("policies:\n  protect:\n    - tasks: []\n"),
            "influxsync.yaml:3: `tasks` lists nothing\nhint: write `tasks: [\"name\", \"prefix-*\"]` (globs: * and ?)")
        XCTAssertEqual(
            error("policies:\n  protect:\n    - tasks: [{a: b}]\n"),
            "influxsync.yaml:3: `tasks` must be a name or a list of names\nhint: write `tasks: [\"name\", \"prefix-*\"]` (globs: * and ?)")
        XCTAssertEqual(
            error("targets:\n  prod:\n    host: h\n    policies:\n      protekt: []\n"),
            "influxsync.yaml:5: unknown field `protekt` in `policies` of target \"prod\"\nhint: did you mean `protect`? `policies` has `ignore` and `protect`")
    }

    func testTheSchemaAcceptsPoliciesAndRefusesWhatTheLoaderRefuses() throws {
        let valid = """
            {"policies": {"ignore": [{"tasks": ["noisy-*"], "fields": ["status"]}, {"labels": "team", "fields": ["color"]}],
                          "protect": [{"withLabels": ["prod"]}]},
             "targets": {"prod": {"host": "http://h", "org": "acme", "tokenEnv": "T", "policies": {"protect": [{"labels": ["prod"]}]}}}}
            """
        XCTAssertEqual(try SchemaValidator.validate(json: valid, schema: "influxsync-config.schema.json").exitCode, 0)
        XCTAssertEqual(try SchemaValidator.validate(json: #"{"policies": {"protect": [{"labels": "prod"}]}}"#, schema: "influxsync-config.schema.json").exitCode, 0)
        for invalid in [
            #"{"policies": {"ignore": [{"tasks": ["a"], "fields": ["statuz"]}]}}"#,
            #"{"policies": {"ignore": [{"labels": ["a"], "fields": ["status"]}]}}"#,
            #"{"policies": {"ignore": [{"tasks": ["a"]}]}}"#,
            #"{"policies": {"protect": [{"tasks": ["a"], "withLabels": ["b"]}]}}"#,
            #"{"policies": {"protect": [{"tasks": ["a"], "fields": ["status"]}]}}"#,
            #"{"policies": {"protekt": []}}"#,
        ] {
            XCTAssertEqual(try SchemaValidator.validate(json: invalid, schema: "influxsync-config.schema.json").exitCode, 1, invalid)
        }
    }

    /// The example in README's "Policies" section is a valid file, read as documented.
    func testTheReadmeExampleIsValid() throws {
        let readme = try String(
            contentsOf: URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("README.md"), encoding: .utf8)
        let section = try XCTUnwrap(readme.components(separatedBy: "### Policies: ").dropFirst().first)
        let block = try XCTUnwrap(section.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let config = try parse(block)
        XCTAssertEqual(config.policies.ignore.map(\.selector), [PolicySelector(.tasks, ["noisy-*"]), PolicySelector(.withLabels, ["on-call-owned"])])
        XCTAssertEqual(config.policies.ignore.map(\.fields), [[.status], [.status, .description, .schedule, .labels]])
        XCTAssertEqual(config.policies.protect.map(\.location), ["influxsync.yaml:8", "influxsync.yaml:9", "influxsync.yaml:10"])
        XCTAssertEqual(config.policies.protect.map(\.selector), [PolicySelector(.tasks, ["billing-*"]), PolicySelector(.withLabels, ["prod"]), PolicySelector(.labels, ["prod"])])
    }
}
