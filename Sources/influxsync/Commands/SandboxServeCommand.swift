import ArgumentParser
import Foundation
import InfluxSandbox
import InfluxSync

/// `influxsync sandbox serve [--port 8086] [--data FILE] [--org NAME] [--token T] [--bucket NAME]…
/// [--secret KEY=VALUE]…`: serves the emulator until interrupted (Ctrl-C or SIGTERM), then saves
/// its state.
struct SandboxServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the InfluxDB emulator over HTTP until interrupted.",
        discussion: """
            Speaks the InfluxDB 2.x API for orgs, labels, tasks, task labels, buckets, secrets, \
            authorizations, users and query analysis, seeded as influxd setup seeds a server: one \
            org with its system buckets, one user, one all-access token and the setup bucket \
            (influxsync), plus the --bucket and --secret ones. State lives in memory, or in the --data JSON file (created when \
            missing; each write journalled to FILE.journal and fsync'd, the file rewritten atomically \
            at start and exit). Point influxsync (or any InfluxDB client) at it with \
            --host http://127.0.0.1:PORT --token TOKEN --org ORG.
            """
    )

    @Option(help: "TCP port to listen on (0 picks a free one).")
    var port = 8086

    @Option(help: ArgumentHelp("Address to bind; loopback unless you mean to share it.", valueName: "address"))
    var bind = "127.0.0.1"

    @Option(help: ArgumentHelp("Keep state in this JSON file (created when missing).", valueName: "file"))
    var data: String?

    @Option(help: ArgumentHelp("Name of the seeded org.", valueName: "name"))
    var org = SandboxDefaults.org

    @Option(help: ArgumentHelp("The seeded API token.", valueName: "token"))
    var token = SandboxDefaults.token

    @Option(name: .customLong("bucket"), help: ArgumentHelp("Another bucket of the seeded org, besides the setup bucket influxsync (repeatable).", valueName: "name"))
    var buckets: [String] = []

    @Option(name: .customLong("secret"), help: ArgumentHelp("A secret of the seeded org (repeatable).", valueName: "key=value"))
    var secrets: [String] = []

    @Flag(help: "Schedule runs of active tasks at their every/cron instants (simulated runs).")
    var scheduler = false

    @Option(
        name: .customLong("control-token"),
        help: ArgumentHelp(
            "Token the control API (/sandbox/…: reset, faults, seeding) requires, as Authorization: Token T. Required beyond loopback: generated and printed when --bind is not a loopback address and this is not given.",
            valueName: "token"))
    var controlToken: String?

    @Option(help: ArgumentHelp("Which server to emulate: oss (InfluxDB 2.x) or cloud (script tasks, limit=-1, sortBy=name, cancel refused with 405).", valueName: "flavor"))
    var flavor: SandboxFlavorArgument = .oss

    @Option(
        name: .customLong("rate-limit"),
        help: ArgumentHelp(
            "Requests each token may send per second, e.g. 200/s: past it the sandbox answers 429 with Retry-After, as InfluxDB Cloud's gateway does (any --flavor). A token may send one second's worth at once after being idle.",
            valueName: "n/s"))
    var rateLimit: String?

    func validate() throws {
        if let rateLimit, SandboxRateLimit(parsing: rateLimit) == nil {
            throw ValidationError("--rate-limit must be a number of requests per second greater than 0, such as 200/s, got \"\(rateLimit)\".")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard !token.isEmpty else { throw ValidationError("--token must not be empty.") }
        if controlToken?.isEmpty == true { throw ValidationError("--control-token must not be empty.") }
        if buckets.contains(where: \.isEmpty) { throw ValidationError("--bucket must not be empty.") }
        for secret in secrets where secret.firstIndex(of: "=") == nil || secret.hasPrefix("=") {
            throw ValidationError("--secret \(secret) is not KEY=VALUE.")
        }
    }

    /// `--secret KEY=VALUE` flags as a map; the first `=` separates key and value.
    var secretValues: [String: String] {
        var out: [String: String] = [:]
        for secret in secrets {
            let cut = secret.firstIndex(of: "=")!
            out[String(secret[..<cut])] = String(secret[secret.index(after: cut)...])
        }
        return out
    }

    func run() async throws {
        let console = Console()
        if let data {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: data, isDirectory: &isDirectory), isDirectory.boolValue {
                let example = (data.hasSuffix("/") ? data : data + "/") + "sandbox.json"
                throw CommandFailure(
                    "--data \(data) is a directory; --data names the sandbox's JSON state file",
                    hint: "pass a file path (created when missing), e.g. --data \(ShellWords.quote(example))")
            }
        }
        let sandbox: Sandbox
        var control: String?
        do {
            var configuration = SandboxConfiguration(
                host: bind, port: port, dataFile: data, orgName: org, token: token,
                userName: SandboxDefaults.user, scheduler: scheduler, handlesSignals: true)
            configuration.flavor = flavor.flavor
            configuration.buckets = [SandboxDefaults.bucket] + buckets
            configuration.secrets = secretValues
            configuration.rateLimit = rateLimit.flatMap(SandboxRateLimit.init(parsing:))
            configuration.controlToken = controlToken ?? (configuration.bindsBeyondLoopback ? Self.generatedToken() : nil)
            control = configuration.controlToken
            if configuration.bindsBeyondLoopback {
                console.error(
                    """
                    warning: the sandbox listens on \(bind), beyond loopback: other machines can reach it
                      hint: its control API (/sandbox/…: reset, faults, seeding) requires the control token shown on standard output; bind 127.0.0.1 (the default) to keep the sandbox to this machine
                    """)
            }
            sandbox = try await Sandbox.start(configuration)
        } catch let error as SandboxError where error.description.hasSuffix("address already in use") {
            throw CommandFailure(
                "cannot start the sandbox: port \(port) on \(bind) is already in use",
                hint: "stop the program that uses port \(port), or choose another with --port (--port 0 picks a free one)")
        } catch {
            throw CommandFailure("cannot start the sandbox on \(bind):\(port): \(error)")
        }
        console.output(
            """
            InfluxDB sandbox listening on http://\(bind):\(sandbox.port)
              org:   \(org)
              token: \(token)
              buckets: \(([SandboxDefaults.bucket] + buckets).joined(separator: ", "))
              state: \(data ?? "in memory (lost on exit)")
              flavor: \(flavor.rawValue)
            \(rateLimit.flatMap(SandboxRateLimit.init(parsing:)).map { "  rate limit: \($0.text) per token (429 with Retry-After past it)\n" } ?? "")\(control.map { "  control token: \($0) (send Authorization: Token \($0) to /sandbox/…)\n" } ?? "")Try: influxsync plan examples --host http://\(bind):\(sandbox.port) --token \(token) --org \(org)
            Press Ctrl-C to stop.
            """)
        do {
            try await sandbox.waitUntilStopped()
        } catch {
            throw CommandFailure("the sandbox stopped with an error: \(error is SandboxError ? "\(error)" : "the server failed")")
        }
        console.output("Sandbox stopped.")
    }
}

extension SandboxServeCommand {
    /// 64 random hex digits (256 bits), for a control token nobody chose.
    static func generatedToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }
}

/// `--flavor oss|cloud`.
enum SandboxFlavorArgument: String, ExpressibleByArgument, CaseIterable {
    case oss
    case cloud

    /// The sandbox's flavor.
    var flavor: SandboxFlavor { self == .cloud ? .cloud : .oss }
}
