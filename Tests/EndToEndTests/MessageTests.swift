import Foundation
import InfluxAPI
import InfluxHTTPClient
import XCTest

/// Issue 9 item 5 and issue 10 item 7: every failure a user can cause prints one plain
/// sentence after `error:` and what to do after `hint:`, never a library's internals (type
/// names, error domains, errno numbers, source paths of dependencies). Each case is pinned by
/// its exact text.
final class MessageTests: SandboxTestCase {
    var sandboxPort: String { String(sandbox.baseURL.split(separator: ":").last!) }

    /// `https://` against a plain-HTTP port (the sandbox on loopback) used to print a
    /// BoringSSL error with a dependency's source path.
    func testHTTPSAgainstAPlainHTTPServerSaysSo() async throws {
        let url = "https://127.0.0.1:\(sandboxPort)"
        let result = try await CLIProcess.run(["plan", "-", "--host", url, "--token", "t", "--org", "acme"] + CLIProcess.quickRetries, input: Manifests.task("cpu"))
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(
            result.stderr,
            """
            error: cannot read the live state: GET /api/v2/orgs?org=acme: \(url) answered in plain HTTP, not TLS
              hint: the server does not use TLS on that port: use http://127.0.0.1:\(sandboxPort)

            """)
        XCTAssertEqual(result.stdout, "")
    }

    /// Used to print `SocketAddressError.UnknownHost: Name or service not known (error -2)`.
    func testUnknownHost() async throws {
        let result = try await CLIProcess.run(
            ["plan", "-", "--host", "http://no-such-host.invalid:8086", "--token", "t", "--org", "acme"] + CLIProcess.quickRetries,
            input: Manifests.task("cpu"))
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(
            result.stderr,
            """
            error: cannot read the live state: GET /api/v2/orgs?org=acme: unknown host "no-such-host.invalid" (in http://no-such-host.invalid:8086)
              hint: check the host name in --host or INFLUX_HOST

            """)
    }

    /// Used to print `NSCocoaErrorDomain error 256`.
    func testSandboxFlagNamingADirectory() async throws {
        let dir = workspace.path()
        let result = try await CLIProcess.run(["plan", "examples", "--sandbox", dir])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(
            result.stderr,
            """
            error: --sandbox \(dir) is a directory; --sandbox names the sandbox's JSON state file
              hint: pass a file path (created when missing), e.g. --sandbox \(dir)/sandbox.json

            """)
    }

    /// Used to print `bind(descriptor:ptr:bytes:): Address already in use) (errno: 98)`.
    func testSandboxServeOnAPortInUse() async throws {
        let result = try await CLIProcess.run(["sandbox", "serve", "--port", sandboxPort])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(
            result.stderr,
            """
            error: cannot start the sandbox: port \(sandboxPort) on 127.0.0.1 is already in use
              hint: stop the program that uses port \(sandboxPort), or choose another with --port (--port 0 picks a free one)

            """)
        XCTAssertEqual(result.stdout, "")
    }

    /// Used to print Foundation's "The operation could not be completed. The file doesn't exist."
    func testMissingTokenFile() async throws {
        let missing = workspace.path("no-token")
        let result = try await CLIProcess.run(["plan", "examples", "--token-file", missing, "--org", "acme"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(
            result.stderr,
            """
            error: the token file \(missing) does not exist
              hint: pass the path of a file that holds the API token with --token-file

            """)
    }

    /// A misspelt subcommand gets "did you mean", with the whole command to paste; apply's
    /// missing --dry-run points to plan (issue 17, one vocabulary).
    func testMisspeltSubcommandAndApplyDryRunPointToTheRightCommand() async throws {
        let typo = try await CLIProcess.run(["pln", "examples", "--sandbox", "/tmp/s.json"])
        XCTAssertEqual(typo.exitCode, 1)
        XCTAssertEqual(
            typo.stderr,
            """
            error: unknown option '--sandbox'
              hint: did you mean 'plan'? influxsync plan examples --sandbox /tmp/s.json
              hint: usage: influxsync <subcommand>
              hint: see 'influxsync --help' for more information

            """)
        let far = try await CLIProcess.run(["xyzzy"])
        XCTAssertFalse(far.stderr.contains("did you mean"), "\(far)")
        let dryRun = try await CLIProcess.run(["apply", "examples", "--dry-run"])
        XCTAssertEqual(dryRun.exitCode, 1)
        XCTAssertEqual(
            dryRun.stderr,
            """
            error: unknown option '--dry-run'
              hint: apply has no --dry-run: influxsync plan shows what apply would do and changes nothing (plan --out FILE saves it for apply FILE)
              hint: usage: influxsync apply [<options>] [<path> ...]
              hint: see 'influxsync apply --help' for more information

            """)
    }

    /// A format a command cannot print is refused, not silently replaced by text; help shows a
    /// default once (issue 17, one vocabulary).
    func testRunsRefusesMarkdownAndHelpShowsEachDefaultOnce() async throws {
        let runs = try await CLIProcess.run(["runs", "cpu", "--format", "markdown", "--sandbox", "/tmp/influxsync-unused.json"])
        XCTAssertEqual(runs.exitCode, 1)
        XCTAssertEqual(
            runs.stderr,
            """
            error: runs prints text or json, not markdown (markdown is for plan, drift and status)
              hint: usage: influxsync runs [<options>] <task>
              hint: see 'influxsync runs --help' for more information

            """)
        let help = try await CLIProcess.run(["plan", "--help"])
        XCTAssertEqual(help.stdout.components(separatedBy: "8388608").count, 3, "the byte count once in the text and once as the default: \(help.stdout)")
        XCTAssertEqual(help.stdout.components(separatedBy: "(default: 8388608)").count, 2, help.stdout)
    }

    /// Offline mistakes come first: a missing path is named before any connection setting
    /// is read (it used to say "no API token").
    func testAMissingPathIsReportedBeforeTheConnectionSettings() async throws {
        for command in ["plan", "apply", "drift"] {
            let result = try await CLIProcess.run([command, "/nonexistent-manifests"])
            XCTAssertEqual(result.exitCode, 1, "\(command): \(result)")
            XCTAssertEqual(
                result.stderr,
                """
                error: no such file or directory: /nonexistent-manifests
                  hint: pass manifest files, directories of them, or - for standard input

                """, command)
        }
    }

    /// The argument parser's errors used to start with `Error:`; now they read like the tool's.
    func testArgumentErrorsUseTheSameStyle() async throws {
        let missing = try await CLIProcess.run(["plan"])
        XCTAssertEqual(missing.exitCode, 1)
        XCTAssertEqual(
            missing.stderr,
            """
            error: no manifests given: pass files or directories (or - for standard input), or --target NAME whose manifests: lists them
              hint: usage: influxsync plan [<options>] [<path> ...]
              hint: see 'influxsync plan --help' for more information

            """)
        let unknown = try await CLIProcess.run(["apply", "examples", "--bogus"])
        XCTAssertEqual(unknown.exitCode, 1)
        XCTAssertTrue(unknown.stderr.hasPrefix("error: unknown option '--bogus'\n  hint: "), "\(unknown)")
        let badFormat = try await CLIProcess.run(["apply", "examples", "--format", "yaml"])
        XCTAssertEqual(badFormat.exitCode, 1)
        XCTAssertEqual(
            badFormat.stderr,
            """
            error: the value 'yaml' is invalid for '--format <format>'. Please provide one of 'text' and 'json'
              hint: --format <format>  Output format: text, or json (one document: the plan, each change's outcome, the first failure; schemas/apply.schema.json)
              hint: usage: influxsync apply [<options>] [<path> ...]
              hint: see 'influxsync apply --help' for more information

            """)
        for result in [missing, unknown, badFormat] {
            XCTAssertFalse(result.stderr.contains("Error:"), "\(result)")
            XCTAssertEqual(result.stdout, "")
        }
    }

    /// A refused connection: one sentence naming the server, and where to set the URL.
    /// A port past 65535 is refused as an invalid URL (it used to trap inside the HTTP library
    /// with a backtrace), and a URL holding credentials is refused without printing them.
    func testAnOutOfRangePortAndCredentialsInTheURLAreRefusedInPlainWords() async throws {
        for (host, expected) in [
            (
                "http://127.0.0.1:99999",
                """
                error: invalid server URL "http://127.0.0.1:99999": port 99999 is not a port number
                  hint: a port is a number from 1 to 65535, as in http://localhost:8086

                """
            ),
            (
                "http://localhost:99999999999999999999",
                """
                error: invalid server URL "http://localhost:99999999999999999999": port 99999999999999999999 is not a port number
                  hint: a port is a number from 1 to 65535, as in http://localhost:8086

                """
            ),
            (
                "http://127.0.0.1:8086/?token=secretpw",
                """
                error: the server URL "http://127.0.0.1:8086/" has a query or fragment (after ? or #)
                  hint: give the URL as scheme, host, port and path only, as in http://localhost:8086

                """
            ),
            (
                "bob:secretpw@127.0.0.1:8086",
                """
                error: invalid server URL "***@127.0.0.1:8086"
                  hint: write the URL as http://host:port or https://host:port

                """
            ),
            (
                "http://bob:secretpw@127.0.0.1:8086",
                """
                error: the server URL "http://***@127.0.0.1:8086" holds a user name or password
                  hint: InfluxDB's API authenticates with a token: give the URL without credentials and the token with --token or INFLUX_TOKEN

                """
            ),
        ] {
            let result = try await CLIProcess.run(["plan", "-", "--host", host, "--token", "t", "--org", "acme"], input: Manifests.task("cpu"))
            XCTAssertEqual(result.exitCode, 1, "\(result)")
            XCTAssertEqual(result.stderr, expected)
            XCTAssertFalse(result.stdout.contains("secretpw"))
        }
        let token = try await CLIProcess.run(["plan", "-", "--host", "http://127.0.0.1:8086", "--token", "abc\r\nX: 1", "--org", "acme"], input: Manifests.task("cpu"))
        XCTAssertEqual(token.exitCode, 1, "\(token)")
        XCTAssertEqual(
            token.stderr,
            """
            error: the token holds a line break or another control character
              hint: check the token given with --token, INFLUX_TOKEN or the token file: it must be one line

            """)
    }

    func testRefusedConnection() async throws {
        let closed = try ClosedPort()
        let url = "http://127.0.0.1:\(closed.port)"
        let result = try await CLIProcess.run(["plan", "-", "--host", url, "--token", "t", "--org", "acme"] + CLIProcess.quickRetries, input: Manifests.task("cpu"))
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(
            result.stderr,
            """
            error: cannot read the live state: GET /api/v2/orgs?org=acme: cannot connect to \(url): connection refused
              hint: is InfluxDB running there? Set the URL with --host or INFLUX_HOST

            """)
    }

    /// A server that accepts the connection and never answers: the request times out with one
    /// sentence (the deadline is 1 s here; the CLI's is `--request-timeout`, 60 s by default)
    /// and a hint.
    func testTimeout() async throws {
        let silent = try SilentPort()
        let url = "http://127.0.0.1:\(silent.port)"
        let client = try InfluxHTTPClient(baseURL: url, token: "t", retryPolicy: .none, requestTimeoutSeconds: 1)
        do {
            _ = try await client.findOrg(name: "acme")
            XCTFail("expected a timeout")
        } catch let error as InfluxAPIError {
            XCTAssertEqual(
                error,
                InfluxAPIError(
                    method: "GET", path: "/api/v2/orgs?org=acme", status: nil, code: nil,
                    message: "no complete answer from \(url) within 1 s",
                    hint:
                        "the server (or a proxy in between) accepted the request but did not send its whole answer in time; if it is only slow, raise the limit with --request-timeout, e.g. --request-timeout 2m"
                ))
        }
        try await client.shutdown()
    }

    // MARK: - TLS options (--skip-verify, INFLUX_SKIP_VERIFY, --ca-cert)

    func testCACertFileMissingOrNotPEM() async throws {
        let url = "https://127.0.0.1:\(sandboxPort)"
        let missing = workspace.path("ca.pem")
        let result = try await CLIProcess.run(["plan", "-", "--host", url, "--token", "t", "--org", "acme", "--ca-cert", missing], input: Manifests.task("cpu"))
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(
            result.stderr,
            """
            error: the CA certificate file \(missing) does not exist
              hint: pass a PEM file of CA certificates (-----BEGIN CERTIFICATE-----) with --ca-cert

            """)
        let notPEM = try workspace.write("not-a-cert.pem", "hello\n")
        let bad = try await CLIProcess.run(["plan", "-", "--host", url, "--token", "t", "--org", "acme", "--ca-cert", notPEM], input: Manifests.task("cpu"))
        XCTAssertEqual(bad.exitCode, 1, "\(bad)")
        XCTAssertEqual(
            bad.stderr,
            """
            error: the CA certificate file \(notPEM) holds no PEM certificate
              hint: pass a PEM file of CA certificates (-----BEGIN CERTIFICATE-----) with --ca-cert

            """)
        let requests = try await sandbox.requests()
        XCTAssertEqual(requests, [], "nothing is sent when the TLS settings cannot be used")
    }

    /// A valid CA file is accepted and wired into the TLS configuration: the request goes out
    /// (and meets the plain-HTTP sandbox).
    func testValidCACertIsUsed() async throws {
        let dir = workspace.path()
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=influxsync test CA",
            "-days", "2", "-keyout", dir + "/ca.key", "-out", dir + "/ca.pem",
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        XCTAssertEqual(openssl.terminationStatus, 0, "openssl must be installed to make a test CA")
        let url = "https://127.0.0.1:\(sandboxPort)"
        let result = try await CLIProcess.run(
            ["plan", "-", "--host", url, "--token", "t", "--org", "acme", "--ca-cert", dir + "/ca.pem"] + CLIProcess.quickRetries, input: Manifests.task("cpu"))
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertTrue(result.stderr.hasPrefix("error: cannot read the live state: GET /api/v2/orgs?org=acme: \(url) answered in plain HTTP, not TLS\n"), "\(result)")
    }

    func testSkipVerifyFlagAndEnvironmentWarn() async throws {
        let url = "https://127.0.0.1:\(sandboxPort)"
        let expectedError = """
            error: cannot read the live state: GET /api/v2/orgs?org=acme: \(url) answered in plain HTTP, not TLS
              hint: the server does not use TLS on that port: use http://127.0.0.1:\(sandboxPort)

            """
        let flag = try await CLIProcess.run(["plan", "-", "--host", url, "--token", "t", "--org", "acme", "--skip-verify"] + CLIProcess.quickRetries, input: Manifests.task("cpu"))
        XCTAssertEqual(flag.stderr, "warning: the server's TLS certificate is not checked (--skip-verify)\n" + expectedError)
        let env = try await CLIProcess.run(
            ["plan", "-", "--host", url, "--token", "t", "--org", "acme"] + CLIProcess.quickRetries,
            environment: ["INFLUX_SKIP_VERIFY": "true"], input: Manifests.task("cpu"))
        XCTAssertEqual(env.stderr, "warning: the server's TLS certificate is not checked (INFLUX_SKIP_VERIFY)\n" + expectedError)
        let off = try await CLIProcess.run(
            ["plan", "-", "--host", url, "--token", "t", "--org", "acme"] + CLIProcess.quickRetries,
            environment: ["INFLUX_SKIP_VERIFY": "false"], input: Manifests.task("cpu"))
        XCTAssertEqual(off.stderr, expectedError)
        let wrong = try await CLIProcess.run(
            ["plan", "-", "--host", url, "--token", "t", "--org", "acme"],
            environment: ["INFLUX_SKIP_VERIFY": "maybe"], input: Manifests.task("cpu"))
        XCTAssertEqual(wrong.exitCode, 1)
        XCTAssertEqual(
            wrong.stderr,
            """
            error: INFLUX_SKIP_VERIFY must be true or false, not "maybe"
              hint: set INFLUX_SKIP_VERIFY=true to skip TLS certificate checks, or unset it

            """)
        let withSandbox = try await CLIProcess.run(["plan", "examples", "--sandbox", workspace.path("s.json"), "--skip-verify"])
        XCTAssertEqual(withSandbox.exitCode, 1)
        XCTAssertEqual(withSandbox.stderr, "error: --skip-verify and --ca-cert cannot be used with --sandbox, which speaks plain HTTP on loopback\n")
    }
}

/// `FORCE_COLOR` / `CLICOLOR_FORCE` turn colours on without a terminal (CI logs that render
/// ANSI colours); `NO_COLOR` and `--no-color` still win (issue 17, one vocabulary).
final class ForcedColorTests: SandboxTestCase {
    func testForceColorWithoutATerminalAndNoColorWins() async throws {
        try workspace.write("main.yml", Manifests.task("cpu"))
        let plain = try await sandbox.cli("plan", [workspace.path()], environment: [:])
        XCTAssertFalse(plain.stdout.contains("\u{1B}["), plain.stdout)
        for variable in ["FORCE_COLOR", "CLICOLOR_FORCE"] {
            let forced = try await sandbox.cli("plan", [workspace.path()], environment: [variable: "1"])
            XCTAssertTrue(forced.stdout.contains("\u{1B}[32m+ Task \"cpu\""), "\(variable): \(forced.stdout)")
            let off = try await sandbox.cli("plan", [workspace.path()], environment: [variable: "0"])
            XCTAssertFalse(off.stdout.contains("\u{1B}["), "\(variable)=0: \(off.stdout)")
            let noColor = try await sandbox.cli("plan", [workspace.path()], environment: [variable: "1", "NO_COLOR": "1"])
            XCTAssertFalse(noColor.stdout.contains("\u{1B}["), noColor.stdout)
            let flag = try await sandbox.cli("plan", [workspace.path(), "--no-color"], environment: [variable: "1"])
            XCTAssertFalse(flag.stdout.contains("\u{1B}["), flag.stdout)
        }
    }
}

/// A wrong `--org` names the orgs the token can see (issue 17, one vocabulary).
final class WrongOrgHintTests: SandboxTestCase {
    func testAMisspeltOrgListsTheOrgsTheTokenSees() async throws {
        try workspace.write("main.yml", Manifests.task("cpu"))
        let result = try await CLIProcess.run(["plan", workspace.path(), "--host", sandbox.baseURL, "--token", SandboxHarness.token, "--org", "acne"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.last, "  hint: the token can see the org \"acme\": pass one with --org (or INFLUX_ORG)", "\(result)")
        XCTAssertTrue(lines.first?.hasPrefix("error: cannot read the live state: GET /api/v2/orgs?org=acne: ") == true, "\(result)")
    }
}
