import Dispatch
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// How to start a sandbox (see ``Sandbox/start(_:)``).
public struct SandboxConfiguration: Sendable {
    /// Address to bind; loopback by default.
    public var host: String = "127.0.0.1"
    /// TCP port; `0` binds an ephemeral port (read it back from ``Sandbox/port``).
    public var port: Int = 8086
    /// JSON state file. Loaded when it exists (with its journal `FILE.journal` replayed);
    /// created with the seed when missing; each write is appended to the journal, and the file
    /// is rewritten atomically at start, at shutdown and when the journal outgrows it (see
    /// `SandboxStore`). `nil` keeps the state in memory only.
    public var dataFile: String? = nil
    /// How long, in seconds, to wait for another process to let go of `dataFile` (one process
    /// at a time uses it: `DataFileLock`) before giving up with an error.
    public var dataFileWaitSeconds: Double = 10
    /// Name of the seeded org. When the data file exists but has no org of this name, the org
    /// is added (the file's own org stays).
    public var orgName: String = "my-org"
    /// All-access token of the seeded user. Added to an existing data file when missing; the
    /// file's own tokens stay valid.
    public var token: String = "my-token"
    /// Name of the seeded user (the owner of tasks created with ``token``).
    public var userName: String = "admin"
    /// Buckets of the seeded org, created when missing: the first is the setup bucket
    /// `influxd setup` creates (infinite retention), then any extra ones (§17).
    public var buckets: [String] = ["my-bucket"]
    /// Secrets of the seeded org, set at start (§18): key → value.
    public var secrets: [String: String] = [:]
    /// When true, active tasks get simulated runs at their `every`/`cron` instants.
    public var scheduler: Bool = false
    /// Which server to emulate: InfluxDB OSS 2.x (default) or InfluxDB Cloud's differences
    /// (influxdb-api.md §15.1).
    public var flavor: SandboxFlavor = .oss
    /// When true, SIGINT and SIGTERM stop the sandbox gracefully (for `sandbox serve`); leave
    /// false when the sandbox runs inside another command.
    public var handlesSignals: Bool = false
    /// When set, requests to the control API (`/sandbox/…`) must carry
    /// `Authorization: Token <controlToken>` and are refused with 401 otherwise. `sandbox
    /// serve` sets it whenever it binds beyond loopback; nil (the default) leaves the control
    /// API open, as tests on loopback use it.
    public var controlToken: String? = nil
    /// A request rate per token (`sandbox serve --rate-limit N/s`): past it, requests are
    /// refused with 429 and `Retry-After` as InfluxDB Cloud's gateway does (§15.1), whatever the
    /// `flavor`. nil (the default) limits nothing. The control API changes it at run time.
    public var rateLimit: SandboxRateLimit? = nil

    /// True when `host` is not a loopback address (`127.0.0.0/8`, `::1`, `localhost`): other
    /// machines may reach the sandbox.
    public var bindsBeyondLoopback: Bool { !ControlAccess.isLoopback(host) }

    /// Creates a configuration; every parameter has the default documented on its property.
    public init(
        host: String = "127.0.0.1", port: Int = 8086, dataFile: String? = nil, orgName: String = "my-org",
        token: String = "my-token", userName: String = "admin", scheduler: Bool = false, handlesSignals: Bool = false
    ) {
        self.host = host
        self.port = port
        self.dataFile = dataFile
        self.orgName = orgName
        self.token = token
        self.userName = userName
        self.scheduler = scheduler
        self.handlesSignals = handlesSignals
    }
}

/// The server a sandbox emulates.
public enum SandboxFlavor: String, Sendable, CaseIterable {
    /// InfluxDB OSS 2.x, as `docs/influxdb-api.md` describes it.
    case oss
    /// InfluxDB Cloud's differences (§15.1): tasks that run a stored script (`scriptID`,
    /// `scriptParameters`, schedule in JSON fields), `limit=-1` and `sortBy=name` on the task
    /// list, and 405 to every run cancel.
    case cloud
}

/// Errors of ``Sandbox/start(_:)``.
public struct SandboxError: Error, CustomStringConvertible, Sendable {
    /// What went wrong; names the data file or the address when they are the cause.
    public var description: String
    /// True when another process holds the data file (`DataFileLock`): the file is fine.
    public var dataFileInUse = false
}

/// An InfluxDB 2.x emulator served over real HTTP (`docs/influxdb-api.md` is its contract):
/// orgs, labels, tasks, task labels, runs, logs, members/owners, buckets, secrets,
/// authorizations with their permissions enforced, users, `/me`, query analysis, plus a control API under
/// `/sandbox/…` for tests (request log, faults, seeding, reset).
public final class Sandbox: Sendable {
    /// Why listening failed, in plain words (`address already in use`), never an errno number
    /// or a library's type name.
    static func reason(listening error: any Error) -> String {
        if let io = error as? IOError {
            return String(cString: strerror(io.errnoCode)).lowercased()
        }
        if error is SocketAddressError.UnknownHost || error is SocketAddressError {
            return "not a local address"
        }
        if let sandbox = error as? SandboxError { return sandbox.description }
        return "the address cannot be used"
    }

    /// The bound port.
    public let port: Int
    /// `http://<host>:<port>`.
    public var baseURL: String { "http://\(host):\(port)" }

    private let host: String
    private let store: SandboxStore
    private let responder: SandboxResponder
    private let scheduler: TaskScheduler?
    private let runTask: Task<Void, any Error>
    private let stopped = Mutex(false)
    private let signalSources: Mutex<[any DispatchSourceSignal]>

    private init(
        host: String, port: Int, store: SandboxStore, responder: SandboxResponder, scheduler: TaskScheduler?,
        runTask: Task<Void, any Error>, signalSources: sending [any DispatchSourceSignal]
    ) {
        self.host = host
        self.port = port
        self.store = store
        self.responder = responder
        self.scheduler = scheduler
        self.runTask = runTask
        self.signalSources = Mutex(signalSources)
    }

    /// Starts a sandbox and returns once it is listening.
    /// - Throws: ``SandboxError`` when the data file is corrupt or unwritable (the message
    ///   names the file), or when the address cannot be bound.
    public static func start(_ configuration: SandboxConfiguration) async throws -> Sandbox {
        let store: SandboxStore
        do {
            store = try SandboxStore(
                seed: Seed(
                    orgName: configuration.orgName, userName: configuration.userName, token: configuration.token,
                    bucketNames: configuration.buckets, secrets: configuration.secrets),
                dataFile: configuration.dataFile.map(DataFile.init(path:)), dataFileWaitSeconds: configuration.dataFileWaitSeconds
            )
        } catch { throw SandboxError(description: error.description, dataFileInUse: error.inUse) }
        let simulator = RunSimulator(store: store)
        let responder = SandboxResponder(
            ctx: APIContext(store: store, simulator: simulator, flavor: configuration.flavor),
            rateLimit: configuration.rateLimit)
        var logger = Logger(label: "influxsync.sandbox")
        logger.logLevel = .critical
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Result<Int, any Error>.self)
        let access = ControlAccess(token: configuration.controlToken)
        let app = Application(
            responder: CallbackResponder<SandboxContext> { request, context in
                if let refusal = access.refusal(for: request) { return refusal }
                return try await responder.respond(request, context)
            },
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(.success(channel.localAddress?.port ?? configuration.port))
            },
            logger: logger
        )
        let runTask = Task {
            do { try await app.run() } catch {
                portContinuation.yield(.failure(error))
                throw error
            }
            portContinuation.yield(.failure(SandboxError(description: "the sandbox stopped before listening")))
        }
        var bound: Result<Int, any Error> = .failure(SandboxError(description: "the sandbox did not start"))
        for await result in portStream {
            bound = result
            break
        }
        let port: Int
        switch bound {
        case .success(let p): port = p
        case .failure(let error):
            runTask.cancel()
            throw SandboxError(description: "cannot listen on \(configuration.host):\(configuration.port): \(Self.reason(listening: error))")
        }
        let scheduler = configuration.scheduler ? TaskScheduler(store: store, simulator: simulator) : nil
        scheduler?.start()
        var sources: [any DispatchSourceSignal] = []
        let sandboxBox = Mutex<Sandbox?>(nil)
        if configuration.handlesSignals {
            for sig in [SIGINT, SIGTERM] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler {
                    if let sandbox = sandboxBox.withLock({ $0 }) { Task { await sandbox.stop() } }
                }
                source.resume()
                sources.append(source)
            }
        }
        let sandbox = Sandbox(
            host: configuration.host, port: port, store: store, responder: responder,
            scheduler: scheduler, runTask: runTask, signalSources: sources)
        sandboxBox.withLock { $0 = sandbox }
        return sandbox
    }

    /// Stops gracefully: waits (up to 5 s) for requests in flight, stops listening, and
    /// flushes the state to the data file. Calling it again does nothing.
    public func stop() async {
        let already = stopped.withLock { s in
            defer { s = true }
            return s
        }
        if already {
            _ = try? await runTask.value
            return
        }
        scheduler?.stop()
        responder.stopping.withLock { $0 = true }
        for _ in 0..<500 where responder.inFlight.withLock({ $0 }) > 0 {
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        runTask.cancel()
        _ = try? await runTask.value
        try? store.flush()
        store.releaseDataFile()
        signalSources.withLock { sources in for source in sources { source.cancel() } }
    }

    /// Waits until the sandbox has stopped (by ``stop()`` or, with `handlesSignals`, by
    /// SIGINT/SIGTERM), with its state flushed.
    /// - Throws: the server's error when it stopped because of one.
    public func waitUntilStopped() async throws {
        do { try await runTask.value } catch is CancellationError {}
        try? store.flush()
    }
}
