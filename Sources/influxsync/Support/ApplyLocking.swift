import ArgumentParser
import Dispatch
import Foundation
import InfluxAPI
import InfluxHTTPClient
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
    init(
        options: LockOptions, ownerLabel: String, connection: ConnectionOptions, settings: ConnectionSettings,
        session: Session, console: Console
    ) throws {
        self.timeout = try options.timeoutSeconds()
        self.ownerLabel = ownerLabel
        self.console = console
        self.forceUnlockCommand = ForceUnlockCommand.commandLine(connection: connection, settings: settings, ownerLabel: ownerLabel)
        if options.lock {
            self.lock = ApplyLock(client: session.client, ownerLabel: ownerLabel, holder: LeaseHolder.current(environment: console.environment))
        } else {
            self.lock = nil
        }
        // With or without the lock: a signal finishes the request in flight, sends nothing
        // again, prints the report (it killed an apply with --lock=false on the spot).
        InterruptGate.shared.install(lock, console: console, forceUnlockCommand: forceUnlockCommand, onSignal: { session.stopRetrying() })
    }

    /// Takes the lease in `org` (no-op with `--lock=false`).
    /// - Throws: `CommandFailure` naming the holder, its age and the `force-unlock` command.
    func acquire(in org: InfluxOrg) async throws {
        guard let lock else { return }
        let console = self.console
        let name = lock.labelName
        let timeout = self.timeout
        do {
            try await lock.acquire(
                orgID: org.id, timeout: timeout,
                onWait: { lease in
                    console.error("Waiting up to \(DurationText.text(seconds: timeout)) for the apply lock \(name), held by \(lease.describe(now: Date()))…")
                },
                onTakeover: { lease in
                    // Said, so that a lock taken from a run still going (another host, a clock
                    // off by minutes) can be traced.
                    console.error("note: taking over the apply lock \(name) of an apply that ended without releasing it: \(lease.describe(now: Date()))")
                })
        } catch {
            throw failure(error, org: org)
        }
    }

    /// Releases the lease (no-op when not held) and prints the renewal problems. When a signal
    /// arrived, the signal's ending takes over (one release, one message, exit 128 + n) and
    /// this does not return. Returns, as a `CommandFailure`, the failure to remove the lease
    /// (naming the `force-unlock` command), or a lease that was already gone (removed or taken
    /// over while this apply ran: another apply may have written at the same time, which a
    /// pipeline must not report as green); nil when released.
    func release() async -> CommandFailure? {
        let gate = InterruptGate.shared
        if let signal = gate.receivedSignal { await gate.finish(signal) }
        guard let lock else { return nil }
        let problem = await lock.release()
        if !lock.lost.isSet {
            for renewal in await lock.renewalProblems {
                console.error("warning: \(renewal)")
            }
            if problem == nil, await lock.wasGoneAtRelease {
                return CommandFailure(
                    "the apply lock \(lock.labelName) was already gone when it was released: it was removed (force-unlock) or taken over while this apply ran, so another apply may have written at the same time",
                    hint: "run plan to see where the org stands; once no other apply runs, apply again: it converges")
            }
        }
        guard let problem else { return nil }
        return CommandFailure(problem, hint: "the next apply waits for this lock until it expires (5 minutes); remove it now with: \(forceUnlockCommand)")
    }

    /// Applies `plan` and prints the outcome through `view`. When SIGINT/SIGTERM arrives meanwhile, the apply
    /// stops after the request in flight, and the lock is released before the process exits.
    /// - Throws: `ExitCode.failure` when a request failed; `ExitCode(130/143)` when interrupted.
    func apply(_ plan: Plan, session: Session, view: any ApplyView, parallelism: ApplyParallelism, quiet: Bool) async throws {
        let gate = InterruptGate.shared
        var result = ApplyResult(outcomes: plan.changes.filter { !$0.operations.isEmpty }.map { ($0, .notAttempted) }, failure: nil)
        let lost = lock?.lost
        // `auto`: the changes under way follow the client's adaptive limit.
        var windowLimit: (@Sendable () -> Int)?
        if let limiter = session.adaptiveGate {
            windowLimit = { @Sendable in limiter.limit }
        }
        if gate.beginApply() {
            let progress = ApplyProgressLine(quiet: quiet)
            result = await Applier(
                client: session.client, parallelism: parallelism.windowWidth, shouldStop: { gate.stopRequested || lost?.isSet == true },
                windowLimit: windowLimit,
                progress: progress.callback
            ).apply(plan)
            progress.finish()
        } else {
            result.interrupted = true
        }
        let signal = gate.endApply()
        view.applied(result, plan: plan)
        // A signal that came after the last answer stopped nothing: the changes all stand.
        if let signal { await gate.finish(signal, writesCompleted: !result.interrupted && result.failure == nil) }
        if result.interrupted, lost?.isSet == true {
            throw CommandFailure(
                "the apply lock \(ApplyLease.labelName(forOwnerLabel: ownerLabel)) was removed while this apply ran (force-unlock, or taken over after it expired), so it stopped after the request in flight; another apply may be running",
                hint: "once no other apply runs, run apply again to finish; it converges")
        }
        if !result.succeeded { throw ExitCode.failure }
    }

    /// Runs `body` and releases the lease afterwards, also when `body` throws. A lease that
    /// could not be removed fails the command (exit 1) even when `body` succeeded: the changes
    /// are applied, but the next pipeline would wait for the lock; the message says both and
    /// gives the `force-unlock` command.
    func releasing<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let result: T
        do {
            result = try await body()
        } catch {
            if let failure = await release() { console.error(failure.rendered) }
            throw error
        }
        if var failure = await release() {
            failure.message = "the apply finished, but " + failure.message
            throw failure
        }
        return result
    }

    /// What to do when the lock's own request failed: the token's rights for 401/403, waiting
    /// for a throttling or failing server, else both.
    static func lockFailureHint(status: Int?) -> String {
        switch status {
        case 401?, 403?:
            return "the token needs write access to labels; --lock=false skips locking (only when no other apply can run)"
        case 429?, 503?:
            return "the server is refusing requests for now (throttled or unavailable): run apply again in a few minutes"
        case let code? where code >= 500:
            return "the server failed the request: run apply again in a few minutes; if it keeps failing, check the server's logs"
        default:
            return "check that the server answers and the token may write labels, then run apply again"
        }
    }

    private func failure(_ error: ApplyLockError, org: InfluxOrg) -> CommandFailure {
        switch error {
        case .held(let lease, let holderGone):
            if holderGone {
                return CommandFailure(
                    "the lock of owner label \(DisplayText.quoted(ownerLabel)) in org \(DisplayText.quoted(org.name)) is held by \(lease.describe(now: Date())) (label \(DisplayText.escaped(lease.name)), \(lease.id)), but that process is no longer running on this host: the apply that took it ended without releasing it",
                    hint:
                        "take it over at once by running apply again with --lock-timeout 30s (a lock whose process is gone is taken over without waiting), or remove it with: \(forceUnlockCommand)"
                )
            }
            let waited = timeout > 0 ? " (waited \(DurationText.text(seconds: timeout)))" : ""
            return CommandFailure(
                "another apply holds the lock of owner label \(DisplayText.quoted(ownerLabel)) in org \(DisplayText.quoted(org.name))\(waited): \(lease.describe(now: Date())) (label \(DisplayText.escaped(lease.name)), \(lease.id))",
                hint: "let it finish, or wait for it with --lock-timeout 10m; if that apply is no longer running, remove the lock with: \(forceUnlockCommand)")
        case .broken(let lease):
            return CommandFailure(
                "the apply lock label \(DisplayText.escaped(lease.name)) (\(lease.id)) in org \(DisplayText.quoted(org.name)) has no readable started or expires time, so it never lapses: \(lease.describe(now: Date()))",
                hint: "if no apply is running, remove it with: \(forceUnlockCommand)")
        case .nameTaken(let label):
            return CommandFailure(
                "the org \(DisplayText.quoted(org.name)) has a label \(DisplayText.quoted(label.name)) (\(label.id)) that is not an influxsync apply lock, but its name is reserved for the apply lock of owner label \(DisplayText.quoted(ownerLabel))",
                hint: "rename or delete that label, choose another --owner-label, or skip locking with --lock=false")
        case .api(let api):
            return CommandFailure(
                "cannot take the apply lock \(ApplyLease.labelName(forOwnerLabel: ownerLabel)): \(api.description)",
                hint: api.hint ?? Self.lockFailureHint(status: api.status))
        }
    }
}
