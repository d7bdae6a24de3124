/// One problem with a task's options found by `TaskOptionLimits`.
public struct TaskOptionViolation: Hashable, Sendable, CustomStringConvertible {
    /// The option at fault: `name`, `every`, `cron`, `offset`, `concurrency` or `retry`.
    public var property: String
    /// What is wrong, e.g. `every must be at least 1s, found 500ms`.
    public var message: String

    /// Creates a violation.
    public init(property: String, message: String) {
        self.property = property
        self.message = message
    }

    /// `property: message`.
    public var description: String { "\(property): \(message)" }
}

/// The limits InfluxDB enforces on task options (influxdb-api.md §4.3 step 6, §4.2 step 6),
/// checked on the manifest side so `validate` reports them before anything is sent.
public enum TaskOptionLimits {
    /// `every` must be at least 1s and whole seconds (`500ms`, `1500ms` are rejected; calendar
    /// units `mo`/`y` are fine). Nil when acceptable.
    public static func checkEvery(_ every: FluxDuration) -> String? {
        if !every.isPositive { return "every must be positive, found \(every)" }
        if every.months == 0 && every.nanoseconds < 1_000_000_000 { return "every must be at least 1s, found \(every)" }
        if every.nanoseconds % 1_000_000_000 != 0 { return "every must be whole seconds, found \(every)" }
        return nil
    }

    /// `offset` must be whole seconds and may not use calendar units (`mo`, `y`), which the
    /// server cannot convert for offsets. Negative offsets are allowed. Nil when acceptable.
    public static func checkOffset(_ offset: FluxDuration) -> String? {
        if offset.months != 0 { return "offset cannot use calendar units (mo, y), found \(offset)" }
        if offset.nanoseconds % 1_000_000_000 != 0 { return "offset must be whole seconds, found \(offset)" }
        return nil
    }

    /// `concurrency` must be 1–100. Nil when acceptable.
    public static func checkConcurrency(_ value: Int) -> String? {
        if value < 1 { return "concurrency must be at least 1, found \(value)" }
        if value > 100 { return "concurrency must be at most 100, found \(value)" }
        return nil
    }

    /// `retry` must be 1–10. Nil when acceptable.
    public static func checkRetry(_ value: Int) -> String? {
        if value < 1 { return "retry must be at least 1, found \(value)" }
        if value > 10 { return "retry must be at most 10, found \(value)" }
        return nil
    }

    /// Every limit `options` breaks, in property order (name, every/cron, offset, concurrency,
    /// retry): empty name, the `every` rules, an invalid cron (`CronExpression.validate`'s
    /// message), the `offset` rules, concurrency and retry bounds.
    public static func violations(of options: TaskOptions) -> [TaskOptionViolation] {
        var found: [TaskOptionViolation] = []
        if options.name.isEmpty { found.append(.init(property: "name", message: "name must not be empty")) }
        switch options.schedule {
        case .every(let every):
            if let problem = checkEvery(every) { found.append(.init(property: "every", message: problem)) }
        case .cron(let cron):
            do { try CronExpression.validate(cron) } catch {
                found.append(.init(property: "cron", message: error.message))
            }
        }
        if let offset = options.offset, let problem = checkOffset(offset) { found.append(.init(property: "offset", message: problem)) }
        if let c = options.concurrency, let problem = checkConcurrency(c) { found.append(.init(property: "concurrency", message: problem)) }
        if let r = options.retry, let problem = checkRetry(r) { found.append(.init(property: "retry", message: problem)) }
        return found
    }
}
