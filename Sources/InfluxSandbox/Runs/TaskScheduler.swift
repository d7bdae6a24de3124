import Flux
import Synchronization

/// The optional scheduler (`scheduler: true`): gives active tasks a simulated run at their
/// `every`/`cron` instants (influxdb-api.md §4.5, §14). `every` instants are multiples of
/// `every` counted from 0001-01-01 UTC; cron instants are evaluated in UTC; a run is queued
/// once `scheduledFor + offset` has passed and `scheduledFor` is after the task's latest
/// scheduled or completed instant. When several instants were missed (the sandbox was not
/// running), only the latest one is run: no catch-up.
final class TaskScheduler: Sendable {
    let store: SandboxStore
    let simulator: RunSimulator
    private let loop = Mutex<Task<Void, Never>?>(nil)
    /// Per task: the instant up to which the schedule has been checked (not persisted).
    private let checked = Mutex<[String: Int64]>([:])

    init(store: SandboxStore, simulator: RunSimulator) {
        self.store = store
        self.simulator = simulator
    }

    /// Starts checking four times a second.
    func start() {
        let task = Task { [self] in
            while !Task.isCancelled {
                tick(now: .now())
                try? await Task.sleep(nanoseconds: 250_000_000)
            }
        }
        loop.withLock { $0 = task }
    }

    func stop() { loop.withLock { $0?.cancel() } }

    /// Queues the runs due at `now`.
    func tick(now: Timestamp) {
        let checkedSnapshot = checked.withLock { $0 }
        let (queued, progress): ([String], [String: Int64]) =
            (try? store.write { state in
                var started: [String] = []
                var progress: [String: Int64] = [:]
                for task in state.tasks.values where task.status == "active" {
                    let due = now.nanoseconds - task.offsetNanoseconds
                    let latest = max(
                        task.latestCompleted.nanoseconds,
                        state.runs.values.filter { $0.taskID == task.id && $0.requestedAt == nil }.map(\.scheduledFor.nanoseconds).max() ?? .min,
                        checkedSnapshot[task.id] ?? .min
                    )
                    progress[task.id] = due
                    guard let instant = Self.latestInstant(of: task, after: latest, upTo: due) else { continue }
                    let run = StoredRun(
                        id: state.ids.nextSnowflake(now: now), taskID: task.id, status: "scheduled",
                        scheduledFor: Timestamp(nanoseconds: instant))
                    state.runs[run.id] = run
                    started.append(run.id)
                }
                return (started, progress)
            }) ?? ([], [:])
        checked.withLock { $0.merge(progress) { _, new in new } }
        for id in queued { simulator.execute(runID: id) }
    }

    /// The latest schedule instant in `(after, upTo]`, in nanoseconds, or nil.
    static func latestInstant(of task: StoredTask, after: Int64, upTo due: Int64) -> Int64? {
        guard due > after else { return nil }
        var every: Int64?
        var cron: CronSchedule?
        if let text = task.every { every = fixedNanoseconds(text) }
        if let text = task.cron { cron = CronSchedule(text); every = cron?.everyNanoseconds }
        if let every, every >= 1_000_000_000 {
            // 0001-01-01T00:00:00Z is 62135596800 s before the Unix epoch; every is whole seconds.
            let everySeconds = every / 1_000_000_000
            let base: Int64 = -(62_135_596_800 % everySeconds) * 1_000_000_000
            var instant = (due - base) / every * every + base
            if instant > due { instant -= every }
            return instant > after ? instant : nil
        }
        guard let cron, cron.everyNanoseconds == nil else { return nil }
        // Scan whole seconds backwards, at most one day.
        var second = due >= 0 ? due / 1_000_000_000 : (due - 999_999_999) / 1_000_000_000
        let floor = max(after / 1_000_000_000, second - 86_400)
        while second > floor {
            if cron.matches(unixSeconds: second), second * 1_000_000_000 > after { return second * 1_000_000_000 }
            second -= 1
        }
        return nil
    }

    /// A duration text's fixed length in nanoseconds, read as the Flux literal it was printed
    /// from (`FluxDuration`); nil for `mo`/`y` (not schedulable here) or anything else.
    static func fixedNanoseconds(_ text: String) -> Int64? {
        guard let duration = try? FluxDuration(parsing: text), duration.months == 0 else { return nil }
        return duration.nanoseconds
    }
}
