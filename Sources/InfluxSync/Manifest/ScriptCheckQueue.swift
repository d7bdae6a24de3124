import Dispatch
import Foundation

/// Runs the script checks of a load (`ScriptCheckJob`) on the other cores while the documents
/// are still being read: jobs are submitted in reading order, dispatched in batches, and their
/// outcomes handed back in that order (`finish`), so the result never depends on the timing.
/// A load with fewer than a batch of tasks runs its jobs on the calling thread.
final class ScriptCheckQueue: @unchecked Sendable {
    /// Jobs dispatched together (one hop to another thread per batch).
    static let batchSize = 64

    private let lock = NSLock()
    private let group = DispatchGroup()
    private var waiting: [ScriptCheckJob] = []
    private var firstWaiting = 0
    private var outcomes: [ScriptCheckJob.Outcome?] = []
    private var dispatched = false

    /// Queues `job`; returns its ticket (the index of its outcome in `finish`).
    func submit(_ job: ScriptCheckJob) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let ticket = outcomes.count
        outcomes.append(nil)
        waiting.append(job)
        if waiting.count == Self.batchSize { dispatchWaiting() }
        return ticket
    }

    /// Sends the waiting jobs to another thread (the lock is held).
    private func dispatchWaiting() {
        let jobs = waiting
        let first = firstWaiting
        waiting.removeAll(keepingCapacity: true)
        firstWaiting += jobs.count
        dispatched = true
        group.enter()
        DispatchQueue.global().async { [self] in
            let done = jobs.map { $0.run() }
            lock.lock()
            for (offset, outcome) in done.enumerated() { outcomes[first + offset] = outcome }
            lock.unlock()
            group.leave()
        }
    }

    /// Runs what is left, waits for every job, and returns the outcomes by ticket.
    func finish() -> [ScriptCheckJob.Outcome] {
        lock.lock()
        if !dispatched {
            // A small load: no thread is worth its start.
            let jobs = waiting
            waiting.removeAll()
            lock.unlock()
            return jobs.map { $0.run() }
        }
        if !waiting.isEmpty { dispatchWaiting() }
        lock.unlock()
        group.wait()
        lock.lock()
        defer { lock.unlock() }
        return outcomes.map { $0! }
    }

    /// Stores each outcome in the task holding its ticket (`TaskDocument.scriptCheck`: the
    /// references and the script as read) and returns the diagnostics in task order.
    func finish(into tasks: inout [TaskDocument]) -> [Diagnostic] {
        let outcomes = finish()
        var diagnostics: [Diagnostic] = []
        for index in tasks.indices {
            guard let ticket = tasks[index].scriptCheck else { continue }
            tasks[index].scriptCheck = nil
            tasks[index].references = outcomes[ticket].references
            tasks[index].parsedScript = outcomes[ticket].parsedScript
            diagnostics += outcomes[ticket].diagnostics
        }
        return diagnostics
    }
}
