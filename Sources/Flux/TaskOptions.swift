/// When a task runs: a fixed interval (`every`) or a cron expression (influxdb-api.md §4.3, §4.5).
public enum TaskSchedule: Hashable, Sendable {
    /// `every: <duration literal>`; positive, at least 1s, whole seconds.
    case every(FluxDuration)
    /// `cron: "<expression>"` in InfluxDB's cron dialect.
    case cron(String)
}

/// The properties of a task's `option task` record (influxdb-api.md §4.3).
///
/// Equality is by value (`==`): `every: 1h` equals `every: 60m`; an absent `offset` is not
/// equal to `offset: 0s` under `==`, use `isEquivalent(to:)` for the differ's notion
/// (absent offset = `0s`, absent concurrency/retry = 1, their server defaults).
public struct TaskOptions: Hashable, Sendable {
    /// `name`: the task's display name.
    public var name: String
    /// `every` or `cron`, exactly one.
    public var schedule: TaskSchedule
    /// `offset`; may be negative; nil when absent.
    public var offset: FluxDuration?
    /// `concurrency`; nil when absent (server default 1).
    public var concurrency: Int?
    /// `retry`; nil when absent (server default 1).
    public var retry: Int?

    /// Creates an options record.
    public init(name: String, schedule: TaskSchedule, offset: FluxDuration? = nil, concurrency: Int? = nil, retry: Int? = nil) {
        self.name = name
        self.schedule = schedule
        self.offset = offset
        self.concurrency = concurrency
        self.retry = retry
    }

    /// True when the two records make the task behave the same: durations by value, absent
    /// offset = `0s`, absent concurrency/retry = 1.
    public func isEquivalent(to other: TaskOptions) -> Bool {
        name == other.name && schedule == other.schedule
            && (offset ?? .zero) == (other.offset ?? .zero)
            && (concurrency ?? 1) == (other.concurrency ?? 1)
            && (retry ?? 1) == (other.retry ?? 1)
    }
}
