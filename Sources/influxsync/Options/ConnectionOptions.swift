import ArgumentParser
import Foundation
import InfluxSync

/// Where the server is and who we are: `--host`, `--token`, `--token-file`, `--org`,
/// `--org-id` (env `INFLUX_HOST`, `INFLUX_TOKEN`, `INFLUX_ORG`, `INFLUX_ORG_ID`, as the `influx`
/// CLI uses), or `--sandbox FILE`; how TLS certificates are checked (`--skip-verify`, env
/// `INFLUX_SKIP_VERIFY`, `--ca-cert FILE`); plus `-v` to print every HTTP request.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("InfluxDB URL (env INFLUX_HOST; default http://localhost:8086).", valueName: "url"))
    var host: String?

    @Option(help: ArgumentHelp("API token (env INFLUX_TOKEN).", valueName: "token"))
    var token: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp("Read the API token from a file (surrounding whitespace ignored).", valueName: "file"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("Organization name (env INFLUX_ORG).", valueName: "name"))
    var org: String?

    @Option(name: .customLong("org-id"), help: ArgumentHelp("Organization ID (env INFLUX_ORG_ID).", valueName: "id"))
    var orgID: String?

    @Option(
        help: ArgumentHelp(
            "Start an embedded InfluxDB sandbox on a loopback port and work against it; its state is kept in this JSON file (created when missing). Environment connection settings are ignored.",
            valueName: "file"))
    var sandbox: String?

    @Option(help: ArgumentHelp("Use this target (environment) of influxsync.yaml: its host, org, token source, owner label, env refs and manifests.", valueName: "name"))
    var target: String?

    @Option(help: ArgumentHelp("The targets file (default: influxsync.yaml in the current directory).", valueName: "file"))
    var config: String?

    @Option(
        name: [.customLong("active-config"), .customShort("c")],
        help: ArgumentHelp(
            "The influx CLI config to fall back on for host, token and org (env INFLUX_ACTIVE_CONFIG; default: the active one in ~/.influxdbv2/configs or INFLUX_CONFIGS_PATH).",
            valueName: "name"))
    var activeConfig: String?

    @Option(
        name: .customLong("request-timeout"),
        help: ArgumentHelp(
            "How long one request may take, its answer's head and whole body together, as a duration like 30s or 2m (default 60s; env INFLUXSYNC_REQUEST_TIMEOUT). A request past it is cut off and fails; it is not retried.",
            valueName: "duration"))
    var requestTimeout: String?

    /// First retry delay of the HTTP client (default 1s), for tests that inject many faults.
    @Option(name: .customLong("retry-backoff"), help: ArgumentHelp(visibility: .private))
    var retryBackoff: String?

    @Flag(name: .customLong("skip-verify"), help: "Do not check the server's TLS certificate (env INFLUX_SKIP_VERIFY=true). For test servers only.")
    var skipVerify = false

    @Option(name: .customLong("ca-cert"), help: ArgumentHelp("Also trust the CA certificates in this PEM file when checking the server's TLS certificate.", valueName: "file"))
    var caCert: String?

    @Flag(name: .shortAndLong, help: "Print one line per HTTP request to standard error: METHOD /path?query STATUS ms (never the token).")
    var verbose = false

    /// The connection flags as given, for commands shown in hints (`--host URL --org acme`):
    /// `--sandbox`, `--host`, `--token-file`, `--org`, `--org-id`, `--skip-verify`, `--ca-cert`,
    /// `--request-timeout`, `--target`, `--config`, `--active-config`.
    /// A token given with `--token` appears as `--token "$INFLUX_TOKEN"`
    /// (`ShellWords.tokenVariable`): a hint never prints the token itself.
    var givenFlags: [String] {
        var words: [String] = []
        if let sandbox { words += ["--sandbox", sandbox] }
        if let host { words += ["--host", host] }
        if let tokenFile { words += ["--token-file", tokenFile] }
        if token != nil { words += ["--token", ShellWords.tokenVariable] }
        if let org { words += ["--org", org] }
        if let orgID { words += ["--org-id", orgID] }
        if skipVerify { words.append("--skip-verify") }
        if let caCert { words += ["--ca-cert", caCert] }
        if let requestTimeout { words += ["--request-timeout", requestTimeout] }
        if let target { words += ["--target", target] }
        if let config { words += ["--config", config] }
        if let activeConfig { words += ["--active-config", activeConfig] }
        return words
    }
}
