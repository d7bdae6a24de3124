import Synchronization

/// The optional scheduler (`scheduler: true`): gives active `every` tasks a simulated run at
/// each aligned instant (influxdb-api.md §4.5, §14): instants are multiples of `every` counted
/// from 0001-01-01 (UTC), strictly after the task's `latestCompleted`, executed once
/// `scheduledFor + offset` has passed. No catch-up beyond the latest due instant.
final class TaskScheduler: Sendable {
    let store: SandboxStore
    let simulator: RunSimulator
    private let loop = Mutex<Task<Void, Never>?>(nil)

    init(store: SandboxStore, simulator: RunSimulator) {
        self.store = store
        self.simulator = simulator
    }

    /// Starts ticking once a second.
    func start() {
        let task = Task { [self] in
            while !Task.isCancelled {
                tick(now: .now())
                try? await Task.sleep(nanoseconds: 1_000_000_000)
            }
        }
        loop.withLock { $0 = task }
    }

    func stop() { loop.withLock { $0?.cancel() } }

    /// Queues the runs due at `now`.
    func tick(now: Timestamp) {
        let queued: [String] = (try? store.write { state in
            var started: [String] = []
            for task in state.tasks.values where task.status == "active" {
                guard let everyText = task.every, let every = Self.fixedNanoseconds(everyText), every > 0 else { continue }
                // 0001-01-01T00:00:00Z is 62135596800 s before the Unix epoch; every is whole seconds.
                let everySeconds = max(1, every / 1_000_000_000)
                let base: Int64 = -(62_135_596_800 % everySeconds) * 1_000_000_000
                let due = now.nanoseconds - task.offsetNanoseconds
                let instant = (due - base) / every * every + base
                let latestScheduled = state.runs.values.filter { $0.taskID == task.id && $0.requestedAt == nil }
                    .map(\.scheduledFor.nanoseconds).max() ?? task.latestCompleted.nanoseconds
                guard instant > max(latestScheduled, task.latestCompleted.nanoseconds) else { continue }
                let run = StoredRun(id: state.ids.nextSnowflake(now: now), taskID: task.id, status: "scheduled",
                                    scheduledFor: Timestamp(nanoseconds: instant))
                state.runs[run.id] = run
                started.append(run.id)
            }
            return started
        }) ?? []
        for id in queued { simulator.execute(runID: id) }
    }

    /// A duration text's fixed length in nanoseconds (`mo`/`y` are not schedulable here).
    static func fixedNanoseconds(_ text: String) -> Int64? {
        var total: Int64 = 0
        var s = Substring(text)
        while !s.isEmpty {
            let digits = s.prefix { $0.isNumber }
            guard let n = Int64(digits) else { return nil }
            s = s.dropFirst(digits.count)
            let unit = s.prefix { !$0.isNumber }
            s = s.dropFirst(unit.count)
            let scale: Int64
            switch unit {
            case "ns": scale = 1
            case "us", "µs": scale = 1_000
            case "ms": scale = 1_000_000
            case "s": scale = 1_000_000_000
            case "m": scale = 60_000_000_000
            case "h": scale = 3_600_000_000_000
            case "d": scale = 86_400_000_000_000
            case "w": scale = 604_800_000_000_000
            default: return nil
            }
            let (product, o1) = n.multipliedReportingOverflow(by: scale)
            let (sum, o2) = total.addingReportingOverflow(product)
            if o1 || o2 { return nil }
            total = sum
        }
        return total
    }
}
