import ArgumentParser
import Dispatch
import Foundation
import InfluxAPI
import InfluxSync

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The apply lock as `apply` uses it (issue 10 item 1; the lease itself is `ApplyLock`):
/// taken after the manifests validated and the org resolved, before the live state is read;
/// released when the apply ends, whether it succeeded or failed, and on SIGINT/SIGTERM.
struct ApplyLocking: Sendable {
    /// The lease handle; nil with `--lock=false`.
    let lock: ApplyLock?
    let timeout: Double
    let forceUnlockCommand: String
    let ownerLabel: String
    let console: Console

    /// Prepares the lock for `ownerLabel` (nothing is sent yet) and installs the SIGINT/SIGTERM
    /// handlers that release it.
    /// - Throws: `ValidationError` for a bad `--lock-timeout` (already checked at parse time).
    init(options: LockOptions, ownerLabel: String, connection: ConnectionOptions, settings: ConnectionSettings,
         session: Session, console: Console) throws {
        self.timeout = try options.timeoutSeconds()
        self.ownerLabel = ownerLabel
        self.console = console
        self.forceUnlockCommand = ForceUnlockCommand.commandLine(connection: connection, settings: settings, ownerLabel: ownerLabel)
        if options.lock {
            let lock = ApplyLock(client: session.client, ownerLabel: ownerLabel, holder: LeaseHolder.current(environment: console.environment))
            self.lock = lock
            InterruptGate.shared.install(lock, console: console)
        } else {
            self.lock = nil
        }
    }

    /// Takes the lease in `org` (no-op with `--lock=false`).
    /// - Throws: `CommandFailure` naming the holder, its age and the `force-unlock` command.
    func acquire(in org: InfluxOrg) async throws {
        guard let lock else { return }
        let console = self.console
        let name = lock.labelName
        let timeout = self.timeout
        do {
            try await lock.acquire(orgID: org.id, timeout: timeout) { lease in
                console.error("Waiting up to \(ApplyLocking.duration(timeout)) for the apply lock \(name), held by \(lease.describe(now: Date()))…")
            }
        } catch {
            throw CommandFailure(message(error, org: org))
        }
    }

    /// Releases the lease (no-op when not held); a failure to remove it is printed as a warning
    /// naming the `force-unlock` command.
    func release() async {
        guard let lock else { return }
        if let problem = await lock.release() {
            console.error("warning: \(problem)\n  hint: remove it with: \(forceUnlockCommand)")
        }
        for problem in await lock.renewalProblems {
            console.error("warning: \(problem)")
        }
    }

    /// Applies `plan` and prints the report. When SIGINT/SIGTERM arrives meanwhile, the apply
    /// stops after the request in flight, and the lock is released before the process exits.
    /// - Throws: `ExitCode.failure` when a request failed; `ExitCode(130/143)` when interrupted.
    func apply(_ plan: Plan, session: Session, format: ApplyCommand.ApplyFormat = .text) async throws {
        let gate = InterruptGate.shared
        var result = ApplyResult(outcomes: plan.changes.filter { !$0.operations.isEmpty }.map { ($0, .notAttempted) }, failure: nil)
        if gate.beginApply() {
            result = await Applier(client: session.client, shouldStop: { gate.stopRequested }).apply(plan)
        } else {
            result.interrupted = true
        }
        let signal = gate.endApply()
        ApplyReport.print(result, plan: plan, format: format, console: console, settings: session.settings)
        if let signal {
            let problem = await lock?.release()
            console.error(InterruptGate.message(name: signal.name, problem: problem))
            throw ExitCode(128 + signal.number)
        }
        if !result.succeeded { throw ExitCode.failure }
    }

    /// Runs `body` and releases the lease afterwards, also when `body` throws.
    func releasing<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    private func message(_ error: ApplyLockError, org: InfluxOrg) -> String {
        switch error {
        case .held(let lease):
            let waited = timeout > 0 ? " (waited \(Self.duration(timeout)))" : ""
            return "another apply holds the lock of owner label \"\(ownerLabel)\" in org \"\(org.name)\"\(waited): \(lease.describe(now: Date())) (label \(lease.name), \(lease.id))"
                + "\n  hint: let it finish, or wait for it with --lock-timeout 10m; if that apply is no longer running, remove the lock with: \(forceUnlockCommand)"
        case .nameTaken(let label):
            return "the org \"\(org.name)\" has a label \"\(label.name)\" (\(label.id)) that is not an influxsync apply lock, but its name is reserved for the apply lock of owner label \"\(ownerLabel)\""
                + "\n  hint: rename or delete that label, choose another --owner-label, or skip locking with --lock=false"
        case .api(let api):
            return "cannot take the apply lock \(ApplyLease.labelName(forOwnerLabel: ownerLabel)): \(api.description)"
                + "\n  hint: the token needs write access to labels; --lock=false skips locking (only when no other apply can run)"
        }
    }

    /// `30s`, `5m`, `1h30m` (whole seconds).
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        var out = ""
        if s >= 3600 { out += "\(s / 3600)h" }
        if s % 3600 >= 60 { out += "\(s % 3600 / 60)m" }
        if s % 60 > 0 || out.isEmpty { out += "\(s % 60)s" }
        return out
    }
}

/// SIGINT and SIGTERM while an apply may hold the lock.
///
/// - Before the first request of the apply (validating, reading, planning, at the `yes`
///   question): release the lock, say so, exit 130 / 143.
/// - During the apply: the request in flight is finished (so that it cannot land after the
///   lock is gone and race the next apply), nothing more is sent, the report is printed, then
///   the lock is released and the process exits 130 / 143. A second signal does not wait.
final class InterruptGate: @unchecked Sendable {
    /// The process's gate.
    static let shared = InterruptGate()

    private let mutex = NSLock()
    private var received: (number: Int32, name: String)?
    private var applying = false
    private var sources: [DispatchSourceSignal] = []
    private var lock: ApplyLock?
    private var console = Console()

    /// True once SIGINT or SIGTERM arrived (the applier's `shouldStop`).
    var stopRequested: Bool { mutex.withLock { received != nil } }

    /// Installs the handlers (once) and remembers the lock to release.
    func install(_ lock: ApplyLock, console: Console) {
        mutex.withLock {
            self.lock = lock
            self.console = console
            guard sources.isEmpty else { return }
            for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [weak self] in self?.handle(number, name) }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// Marks the start of the requests; false when a signal already arrived.
    func beginApply() -> Bool {
        mutex.withLock {
            applying = true
            return received == nil
        }
    }

    /// Marks the end of the requests; the signal that interrupted them, if any.
    func endApply() -> (number: Int32, name: String)? {
        mutex.withLock {
            applying = false
            return received
        }
    }

    private func handle(_ number: Int32, _ name: String) {
        let (waitForApply, lock, console) = mutex.withLock { () -> (Bool, ApplyLock?, Console) in
            let first = received == nil
            if first { received = (number, name) }
            return (applying && first, self.lock, self.console)
        }
        if waitForApply {
            console.error("Interrupted by \(name): finishing the request in flight, then stopping (interrupt again to stop at once)…")
            return
        }
        Task {
            let problem = await lock?.release()
            console.error(InterruptGate.message(name: name, problem: problem))
            exit(128 + number)
        }
    }

    /// `error: interrupted by SIGTERM; the apply lock was released. …`
    static func message(name: String, problem: String?) -> String {
        if let problem { return "error: interrupted by \(name); \(problem)" }
        return "error: interrupted by \(name); the apply lock was released. Requests already sent stay applied; run apply again to converge."
    }
}
