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

/// SIGINT and SIGTERM while an apply may hold the lock.
///
/// - Before the first request of the apply (validating, reading, planning, at the `yes`
///   question): release the lock, say so, exit 130 / 143.
/// - During the apply: the request in flight is finished (so that it cannot land after the
///   lock is gone and race the next apply), nothing more is sent, the report is printed, then
///   the lock is released and the process exits 130 / 143. A second signal does not wait.
///
/// Every way out after a signal goes through `finish`, which runs once: one release of the
/// lock, one message that states its real outcome, one exit. Whoever comes second (the signal
/// handler, the apply ending, a second signal) waits for the first and never prints.
final class InterruptGate: @unchecked Sendable {
    /// The process's gate.
    static let shared = InterruptGate()

    private let mutex = NSLock()
    private var received: (number: Int32, name: String)?
    private var applying = false
    private var sources: [DispatchSourceSignal] = []
    private var lock: ApplyLock?
    private var console = Console()
    private var forceUnlockCommand = ""
    private var finishing: Task<Void, Never>?

    /// True once SIGINT or SIGTERM arrived (the applier's `shouldStop`).
    var stopRequested: Bool { mutex.withLock { received != nil } }

    /// The first signal that arrived, if any.
    var receivedSignal: (number: Int32, name: String)? { mutex.withLock { received } }

    /// Installs the handlers (once) and remembers the lock to release.
    func install(_ lock: ApplyLock, console: Console, forceUnlockCommand: String) {
        mutex.withLock {
            self.lock = lock
            self.console = console
            self.forceUnlockCommand = forceUnlockCommand
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
        let (waitForApply, signal) = mutex.withLock { () -> (Bool, (number: Int32, name: String)) in
            let first = received == nil
            if first { received = (number, name) }
            return (applying && first, received!)
        }
        if waitForApply {
            console.error("Interrupted by \(name): finishing the request in flight, then stopping (interrupt again to stop at once)…")
            return
        }
        Task { await self.finish(signal) }
    }

    /// Releases the lock once, prints one message with the real outcome, and exits with
    /// 128 + the signal's number. Every caller after the first waits for the first.
    func finish(_ signal: (number: Int32, name: String)) async -> Never {
        let task = mutex.withLock { () -> Task<Void, Never> in
            if let finishing { return finishing }
            let (lock, console, command) = (self.lock, self.console, self.forceUnlockCommand)
            let task = Task<Void, Never> {
                // Interrupted while waiting for the lock: it was never held, nothing was sent.
                let held = await lock?.heldLeaseID != nil
                let problem = await lock?.release()
                console.error(InterruptGate.message(name: signal.name, problem: problem, forceUnlockCommand: command, held: held))
                exit(128 + signal.number)
            }
            finishing = task
            return task
        }
        await task.value
        exit(128 + signal.number)  // not reached: the task exits the process
    }

    /// `error: interrupted by SIGTERM; the apply lock was released. …`, or, when the lock
    /// could not be removed, that and the `force-unlock` command; when the lock was never
    /// `held` (interrupted while waiting for another apply's), that nothing was sent.
    static func message(name: String, problem: String?, forceUnlockCommand: String, held: Bool = true) -> String {
        if !held && problem == nil {
            return "error: interrupted by \(name) while waiting for the apply lock; this apply never held it and sent no change."
        }
        if let problem {
            return
                "error: interrupted by \(name); \(problem). Requests already sent stay applied.\n  hint: the next apply waits for this lock until it expires (5 minutes); remove it now with: \(forceUnlockCommand)"
        }
        return "error: interrupted by \(name); the apply lock was released. Requests already sent stay applied; run apply again to converge."
    }
}
