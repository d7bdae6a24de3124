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

/// SIGINT, SIGTERM and SIGHUP during `apply` (with the lock or `--lock=false`).
///
/// - Before the first write (validating, taking the lock, reading, planning, at the `yes`
///   question): a lock create on its way is waited for, the lock released, the message says
///   no change was sent, exit 130 / 143 / 129.
/// - During the writes: the request in flight is finished (so that it cannot land after the
///   lock is gone and race the next apply), no request is sent again (a throttled one waits
///   for no `Retry-After`, `InfluxHTTPClient.stopRetrying`), nothing new is sent, the report
///   is printed, then the lock is released and the process exits. A second signal does not
///   wait (its message says requests may still be on their way) — but the same signal again
///   within 200 ms is the one already received (`timeout(1)` signals the process and then its
///   group: both copies arrive at once). Nor is the request in flight waited for longer than
///   `writeGraceSeconds` (8 s): a CI runner or `docker stop` kills the job 10 s after its
///   SIGTERM, and a killed apply leaves its lock and prints nothing.
/// - After the writes (`--run-after` waiting): the message says the apply's changes stand.
///
/// Every way out after a signal goes through `finish`, which runs once: one release of the
/// lock, one message that states its real outcome, one exit. Whoever comes second (the signal
/// handler, the apply ending, a second signal) waits for the first and never prints.
final class InterruptGate: @unchecked Sendable {
    /// The process's gate.
    static let shared = InterruptGate()
    /// How long the first signal during the writes waits for the requests in flight before
    /// stopping as a second signal would (seconds).
    static let writeGraceSeconds = 8

    /// Where the apply was when the signal came.
    enum Phase: Sendable { case beforeWrites, writing, afterWrites }

    private let mutex = NSLock()
    private var received: (number: Int32, name: String)?
    private var receivedAt = DispatchTime.now()
    private var phase = Phase.beforeWrites
    /// The phase when the first signal arrived (the writes may end before `finish` runs).
    private var phaseAtSignal: Phase?
    private var sources: [DispatchSourceSignal] = []
    private var lock: ApplyLock?
    private var console = Console()
    private var forceUnlockCommand = ""
    private var onSignal: (@Sendable () -> Void)?
    private var finishing: Task<Void, Never>?
    /// The commands the closing message shows (`setNextSteps`); nil: the words alone.
    private var nextSteps: NextSteps?

    /// What to run after an interrupted apply, each a sentence ending in a complete command:
    /// `converge` after the requests in flight were finished (`run apply again to converge:
    /// influxsync apply …`), `check` after they were not waited for (`Run plan before applying
    /// again: influxsync plan …`).
    struct NextSteps: Sendable {
        var converge: String
        var check: String
    }

    /// Sets the commands the closing message shows (the apply's own paths and flags).
    func setNextSteps(_ steps: NextSteps) {
        mutex.withLock { nextSteps = steps }
    }

    /// True once a signal arrived (the applier's `shouldStop`).
    var stopRequested: Bool { mutex.withLock { received != nil } }

    /// The first signal that arrived, if any.
    var receivedSignal: (number: Int32, name: String)? { mutex.withLock { received } }

    /// Installs the handlers (once) and remembers the lock to release (nil with
    /// `--lock=false`) and what to do at the first signal (stop the client's retries).
    func install(_ lock: ApplyLock?, console: Console, forceUnlockCommand: String, onSignal: (@Sendable () -> Void)? = nil) {
        mutex.withLock {
            self.lock = lock
            self.console = console
            self.forceUnlockCommand = forceUnlockCommand
            self.onSignal = onSignal
            guard sources.isEmpty else { return }
            for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [weak self] in self?.handle(number, name) }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// Marks the start of the writes; false when a signal already arrived.
    func beginApply() -> Bool {
        mutex.withLock {
            phase = .writing
            return received == nil
        }
    }

    /// Marks the end of the writes; the signal that interrupted them, if any.
    func endApply() -> (number: Int32, name: String)? {
        mutex.withLock {
            phase = .afterWrites
            return received
        }
    }

    private func handle(_ number: Int32, _ name: String) {
        enum Action { case ignore, waitForWrites, finish, finishNow }
        let (action, signal, hook) = mutex.withLock { () -> (Action, (number: Int32, name: String), (@Sendable () -> Void)?) in
            if let first = received {
                // The same signal again at once is a copy (to the process and its group).
                let elapsed = DispatchTime.now().uptimeNanoseconds - receivedAt.uptimeNanoseconds
                if first.number == number && elapsed < 200_000_000 { return (.ignore, first, nil) }
                return (phase == .writing ? .finishNow : .finish, first, nil)
            }
            received = (number, name)
            receivedAt = DispatchTime.now()
            phaseAtSignal = phase
            return (phase == .writing ? .waitForWrites : .finish, (number, name), onSignal)
        }
        hook?()
        switch action {
        case .ignore: return
        case .waitForWrites:
            console.error("Interrupted by \(name): finishing the request in flight, then stopping (interrupt again to stop at once)…")
            Task {
                try? await Task.sleep(for: .seconds(Self.writeGraceSeconds))
                // The writes ended meanwhile: their own ending finishes (or has finished).
                guard mutex.withLock({ phase == .writing }) else { return }
                await self.finish(signal, stoppedAtOnce: true, waitedSeconds: Self.writeGraceSeconds)
            }
        case .finish:
            Task { await self.finish(signal) }
        case .finishNow:
            Task { await self.finish(signal, stoppedAtOnce: true) }
        }
    }

    /// Releases the lock once, prints one message with the real outcome, and exits with
    /// 128 + the signal's number. Every caller after the first waits for the first.
    /// `stoppedAtOnce`: the requests in flight were not waited for (a second signal, or
    /// `waitedSeconds` passed without their answers).
    /// `writesCompleted`: the writes ended with every change done although the signal came
    /// during them (it arrived after the last answer): the message says the changes stand.
    func finish(_ signal: (number: Int32, name: String), stoppedAtOnce: Bool = false, waitedSeconds: Int? = nil, writesCompleted: Bool = false) async -> Never {
        let task = mutex.withLock { () -> Task<Void, Never> in
            if let finishing { return finishing }
            let phase = writesCompleted ? .afterWrites : self.phaseAtSignal ?? self.phase
            let (lock, console, command, steps) = (self.lock, self.console, self.forceUnlockCommand, self.nextSteps)
            let task = Task<Void, Never> {
                // Waits for a lock create on its way, so a lease stored after the signal goes too.
                let problem = await lock?.release()
                let tookLock = await lock?.tookLease ?? false
                console.error(
                    InterruptGate.message(
                        name: signal.name, phase: phase, problem: problem, forceUnlockCommand: command, locking: lock != nil, tookLock: tookLock,
                        stoppedAtOnce: stoppedAtOnce, waitedSeconds: waitedSeconds, nextSteps: steps))
                exit(128 + signal.number)
            }
            finishing = task
            return task
        }
        await task.value
        exit(128 + signal.number)  // not reached: the task exits the process
    }

    /// The one message of an interrupted apply: what was sent (nothing before the writes;
    /// what the report above lists during them; all of it after them), and what became of
    /// the lock (released; never taken; or could not be removed, with the `force-unlock`
    /// command).
    static func message(
        name: String, phase: Phase, problem: String?, forceUnlockCommand: String, locking: Bool = true, tookLock: Bool = true,
        stoppedAtOnce: Bool = false, waitedSeconds: Int? = nil, nextSteps: NextSteps? = nil
    ) -> String {
        let sent: String
        let check = nextSteps?.check ?? "Run plan before applying again."
        switch phase {
        case .beforeWrites: sent = "No change was sent."
        case .writing where stoppedAtOnce && waitedSeconds != nil:
            sent =
                "The requests in flight had no answer after \(waitedSeconds!) s, so it stopped without waiting for them: they may still be carried out. \(check)"
        case .writing where stoppedAtOnce:
            sent = "Interrupted again, it stopped without waiting for the requests on their way: they may still be carried out. \(check)"
        case .writing: sent = "Requests already sent stay applied; \(nextSteps?.converge ?? "run apply again to converge.")"
        case .afterWrites: return "error: interrupted by \(name) after the apply finished: its changes, reported above, stand."
        }
        if let problem {
            return
                "error: interrupted by \(name); \(problem). \(sent)\n  hint: the next apply waits for this lock until it expires (5 minutes); remove it now with: \(forceUnlockCommand)"
        }
        if phase == .beforeWrites && locking && !tookLock {
            return "error: interrupted by \(name) while waiting for the apply lock; this apply never held it and sent no change."
        }
        return locking ? "error: interrupted by \(name); the apply lock was released. \(sent)" : "error: interrupted by \(name). \(sent)"
    }
}
