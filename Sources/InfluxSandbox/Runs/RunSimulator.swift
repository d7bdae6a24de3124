/// Moves runs through `scheduled` → `started` → `success`/`failed` shortly after they are
/// queued, without executing Flux (issue 4; influxdb-api.md §12.2). A run fails as in 2.7 when
/// the script names a literal bucket or secret its org lacks (§23). Each step is a separate
/// write, so a client polling the run sees every state.
final class RunSimulator: Sendable {
    let store: SandboxStore
    /// Pause before each step, in nanoseconds.
    let stepDelay: UInt64

    init(store: SandboxStore, stepDelay: UInt64 = 30_000_000) {
        self.store = store
        self.stepDelay = stepDelay
    }

    /// Starts the simulated execution of a queued run in the background.
    func execute(runID: String) {
        Task { [self] in
            try? await Task.sleep(nanoseconds: stepDelay)
            guard step(runID, Self.start) else { return }
            try? await Task.sleep(nanoseconds: stepDelay)
            _ = step(runID, Self.finish)
        }
    }

    /// Applies one step; false when the run is gone or no longer in the expected state.
    private func step(_ runID: String, _ body: (inout SandboxState, String) -> Bool) -> Bool {
        (try? store.write { state in body(&state, runID) }) ?? false
    }

    private static func start(_ state: inout SandboxState, _ runID: String) -> Bool {
        guard var run = state.runs[runID], run.status == "scheduled", let task = state.tasks[run.taskID],
            !state.heldTasks.contains(run.taskID)
        else { return false }
        let now = Timestamp.now()
        run.status = "started"
        run.startedAt = now
        // Only InfluxDB's own lines (§23.2): a client may read them by position.
        run.log.append(StoredLogLine(time: now, message: "Started task from script: \(goQuote(task.flux))"))
        state.runs[runID] = run
        return true
    }

    private static func finish(_ state: inout SandboxState, _ runID: String) -> Bool {
        guard var run = state.runs[runID], run.status == "started" else { return false }
        let now = Timestamp.now()
        // A control-API failure wins; otherwise a missing literal bucket or secret fails the
        // run with InfluxDB's lines (§23.2–§23.5).
        var failure = state.runFailures[run.taskID]
        var unrecoverable = false
        if failure == nil, let task = state.tasks[run.taskID],
            let found = RunReferences.scan(task.flux).failure(org: task.orgID, in: state)
        {
            failure = found.text
            unrecoverable = found.unrecoverable
        }
        run.status = failure == nil ? "success" : "failed"
        run.finishedAt = now
        run.log.append(StoredLogLine(time: now, message: "Completed(\(run.status))"))
        if let failure { run.log.append(StoredLogLine(time: now, message: failure)) }
        if let failure, unrecoverable {
            run.log.append(StoredLogLine(time: now, message: "Task encountered unrecoverable error, requires admin action: \(failure)"))
        }
        state.runs[runID] = run
        if var task = state.tasks[run.taskID] {
            let completed = run.scheduledFor.truncatedToSecond
            if completed > task.latestCompleted { task.latestCompleted = completed }
            task.lastRunStatus = run.status
            // §12.2: the second-to-last log message of a failed run.
            task.lastRunError = failure == nil ? nil : run.log[run.log.count - 2].message
            state.tasks[run.taskID] = task
        }
        return true
    }
}
