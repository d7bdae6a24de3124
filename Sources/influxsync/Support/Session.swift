import Foundation
import InfluxAPI
import InfluxHTTPClient
import InfluxSandbox
import InfluxSync

/// An open connection: the client, and the embedded sandbox when `--sandbox` was given.
/// Use `Session.with(...)`, which always closes it.
///
/// The commands see the client only through the API protocols (`InfluxRunsAPI`, which
/// includes `InfluxAPIClient`), so the support code runs against a fake in tests
/// (`init(client:settings:)`); the HTTP client is known by its type only where it is made
/// and shut down.
struct Session {
    let client: any InfluxRunsAPI
    let sandbox: Sandbox?
    let settings: ConnectionSettings
    /// The HTTP client this session made and must shut down; nil for a session over a
    /// client given by its caller.
    private let http: InfluxHTTPClient?

    /// A session over `client`, with no sandbox; closing it shuts nothing down (the caller
    /// owns the client). Tests run the commands' support code in-process with it.
    init(client: any InfluxRunsAPI, settings: ConnectionSettings) {
        self.init(client: client, sandbox: nil, settings: settings, http: nil)
    }

    private init(client: any InfluxRunsAPI, sandbox: Sandbox?, settings: ConnectionSettings, http: InfluxHTTPClient?) {
        self.client = client
        self.sandbox = sandbox
        self.settings = settings
        self.http = http
    }

    /// The org to work in.
    var org: OrgSelector { settings.org }

    /// Stops the HTTP client's retries (`InfluxHTTPClient.stopRetrying`): after a signal,
    /// nothing is sent again. No-op for a client given by the caller.
    func stopRetrying() { http?.stopRetrying() }

    /// The gate that keeps the adaptive limit of requests in flight (`--parallelism auto`);
    /// nil without one.
    var adaptiveGate: ConcurrencyGate? { http?.concurrencyGate }

    /// Opens a session (starting the sandbox first when asked), runs `body`, and closes the
    /// session whatever happens: the HTTP client is shut down and the sandbox stopped (which
    /// saves its file).
    ///
    /// With `adaptiveConcurrency` the HTTP client paces its requests itself
    /// (`--parallelism auto`, `InfluxHTTPClient`'s `adaptiveConcurrency`).
    static func with<T: Sendable>(
        _ settings: ConnectionSettings, console: Console, adaptiveConcurrency: Bool = false,
        _ body: (Session) async throws -> T
    ) async throws -> T {
        let session = try await open(settings, console: console, adaptiveConcurrency: adaptiveConcurrency)
        do {
            let result = try await body(session)
            try await session.close()
            return result
        } catch {
            try? await session.close()
            throw error
        }
    }

    private static func open(_ settings: ConnectionSettings, console: Console, adaptiveConcurrency: Bool) async throws -> Session {
        var observer: RequestObserver? = nil
        if settings.verbose {
            observer = { record in console.error(record.description) }
        }
        var sandbox: Sandbox?
        let baseURL: String
        switch settings.target {
        case .server(let url):
            baseURL = url
            if let source = settings.skipVerifySource, url.lowercased().hasPrefix("https://") {
                console.error("warning: the server's TLS certificate is not checked (\(source))")
            }
        case .sandbox(let file):
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
                let example = (file.hasSuffix("/") ? file : file + "/") + "sandbox.json"
                throw CommandFailure(
                    "--sandbox \(file) is a directory; --sandbox names the sandbox's JSON state file",
                    hint: "pass a file path (created when missing), e.g. --sandbox \(ShellWords.quote(example))")
            }
            let orgName: String
            if case .name(let name) = settings.org { orgName = name } else { orgName = SandboxDefaults.org }
            do {
                var configuration = SandboxConfiguration(
                    host: "127.0.0.1", port: 0, dataFile: file, orgName: orgName,
                    token: settings.token, userName: SandboxDefaults.user, scheduler: false)
                configuration.buckets = [SandboxDefaults.bucket]
                let started = try await Sandbox.start(configuration)
                sandbox = started
                baseURL = "http://127.0.0.1:\(started.port)"
            } catch let error as SandboxError where error.dataFileInUse {
                throw CommandFailure(
                    "cannot start the sandbox with state file \(file): \(error)",
                    hint: "wait for that process to finish and run this again; a served sandbox is reached with --host http://127.0.0.1:PORT, not --sandbox")
            } catch {
                throw CommandFailure(
                    "cannot start the sandbox with state file \(file): \(error)",
                    hint: "move the file away or pass another path with --sandbox")
            }
        }
        do {
            let client = try InfluxHTTPClient(
                baseURL: baseURL, token: settings.token,
                // With `auto` the server sets the pace: a throttle is the signal the limit
                // follows, not a failure, so a request may be throttled more often before it
                // gives up (at 3 requests/s, three retries lost writes).
                retryPolicy: RetryPolicy(
                    maxThrottleRetries: adaptiveConcurrency ? RetryPolicy.adaptiveThrottleRetries : RetryPolicy.default.maxThrottleRetries,
                    initialBackoffSeconds: settings.retryBackoffSeconds),
                requestTimeoutSeconds: settings.requestTimeoutSeconds,
                tls: settings.tls, observer: observer, adaptiveConcurrency: adaptiveConcurrency)
            return Session(client: client, sandbox: sandbox, settings: settings, http: client)
        } catch let error as InfluxAPIError {
            await sandbox?.stop()
            throw CommandFailure(error.message, hint: error.hint)
        }
    }

    private func close() async throws {
        try await http?.shutdown()
        // Stopping flushes the sandbox's state to its file.
        await sandbox?.stop()
    }
}
