import Dispatch
import Foundation

/// Runs the script checks of a load (`ScriptCheckJob`) on the other cores while the documents
/// are still being read: jobs are submitted in reading order, dispatched in batches, and their
/// outcomes handed back in that order (`finish`), so the result never depends on the timing.
/// A load with fewer than a batch of tasks runs its jobs on the calling thread, which also
/// runs what is left when the reading is done.
final class ScriptCheckQueue: @unchecked Sendable {
    /// Jobs dispatched together (one hop to another thread per batch).
    static let batchSize = 64
    /// Worker threads at most: one fewer than the cores, since the reading thread is busy
    /// too (and at `finish` it checks what is left itself); at least one.
    static let maxWorkers = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)

    private let lock = NSLock()
    private let group = DispatchGroup()
    private var waiting: [ScriptCheckJob] = []
    /// Full batches not yet taken by a worker: (first ticket, jobs).
    private var ready: [(first: Int, jobs: [ScriptCheckJob])] = []
    private var firstWaiting = 0
    private var outcomes: [ScriptCheckJob.Outcome?] = []
    private var workers = 0

    /// Queues `job`; returns its ticket (the index of its outcome in `finish`).
    func submit(_ job: ScriptCheckJob) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let ticket = outcomes.count
        outcomes.append(nil)
        waiting.append(job)
        if waiting.count == Self.batchSize { readyWaiting() }
        return ticket
    }

    /// Moves the waiting jobs to a ready batch and starts a worker when fewer than
    /// `maxWorkers` run (the lock is held).
    private func readyWaiting() {
        moveWaitingToReady()
        guard workers < Self.maxWorkers else { return }
        workers += 1
        group.enter()
        DispatchQueue.global().async { [self] in
            runReadyBatches()
            group.leave()
        }
    }

    /// Makes the waiting jobs a ready batch (the lock is held).
    private func moveWaitingToReady() {
        ready.append((firstWaiting, waiting))
        firstWaiting += waiting.count
        waiting.removeAll(keepingCapacity: true)
    }

    /// Takes ready batches and runs them until none is left.
    private func runReadyBatches(isWorker: Bool = true) {
        while true {
            lock.lock()
            guard !ready.isEmpty else {
                if isWorker { workers -= 1 }
                lock.unlock()
                return
            }
            let (first, jobs) = ready.removeFirst()
            lock.unlock()
            let done = jobs.map { $0.run() }
            lock.lock()
            for offset in done.indices { outcomes[first + offset] = done[offset] }
            lock.unlock()
        }
    }

    /// Runs what is left (on the calling thread too), waits for every job, and returns the
    /// outcomes by ticket.
    func finish() -> [ScriptCheckJob.Outcome] {
        lock.lock()
        if !waiting.isEmpty { moveWaitingToReady() }
        lock.unlock()
        runReadyBatches(isWorker: false)
        group.wait()
        lock.lock()
        defer { lock.unlock() }
        var taken: [ScriptCheckJob.Outcome?] = []
        swap(&taken, &outcomes)
        return taken.indices.map { taken[$0].take()! }
    }

    /// Stores each outcome in the task holding its ticket (`TaskDocument.scriptCheck`: the
    /// script's references, and the script we send when the job composed it) and returns the
    /// diagnostics in task order.
    func finish(into tasks: inout [TaskDocument]) -> [Diagnostic] {
        let outcomes = finish()
        var diagnostics: [Diagnostic] = []
        for index in tasks.indices {
            guard let ticket = tasks[index].scriptCheck else { continue }
            tasks[index].scriptCheck = nil
            tasks[index].references = outcomes[ticket].references
            if let script = outcomes[ticket].script { tasks[index].script = script }
            diagnostics += outcomes[ticket].diagnostics
        }
        return diagnostics
    }
}
