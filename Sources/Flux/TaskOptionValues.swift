/// The properties an `option task` record sets, each optional: what a query's own record
/// says before it is merged with a manifest's `spec` (which may supply the name or schedule).
public struct TaskOptionValues: Hashable, Sendable {
    /// `name`, when set.
    public var name: String?
    /// `every` or `cron`, when exactly one is set.
    public var schedule: TaskSchedule?
    /// `offset`, when set.
    public var offset: FluxDuration?
    /// `concurrency`, when set.
    public var concurrency: Int?
    /// `retry`, when set.
    public var retry: Int?

    /// Creates a set of values.
    public init(name: String? = nil, schedule: TaskSchedule? = nil, offset: FluxDuration? = nil, concurrency: Int? = nil, retry: Int? = nil) {
        self.name = name
        self.schedule = schedule
        self.offset = offset
        self.concurrency = concurrency
        self.retry = retry
    }
}

extension FluxScript {
    /// Splits a script like `init(parsing:)`, but with `requireCompleteOptions: false` an
    /// `option task` record without `name` or without `every`/`cron` is accepted (`options` is
    /// then nil and `optionValues` holds what the record sets). Every other rule still applies:
    /// literal values, positive `every`, not both `every` and `cron`, one record at most.
    /// - Throws: `FluxError` as `init(parsing:)` does, minus the two missing-property errors.
    public init(parsing source: String, requireCompleteOptions: Bool) throws(FluxError) {
        if requireCompleteOptions {
            try self.init(parsing: source)
            return
        }
        let parts = try FluxScriptParts(source)
        var options: TaskOptions?
        if let record = parts.record {
            if let every = record.every, let cron = record.cron {
                let later = every.token.range.lowerBound > cron.token.range.lowerBound ? every.token : cron.token
                throw FluxError("option task sets both `every` and `cron`; set exactly one", line: later.line, column: later.column)
            }
            options = try? record.taskOptions()
        }
        self.init(parts: parts, options: options)
    }

}

extension TaskOptionValues {
    /// The properties `record` writes.
    init(_ record: TaskOptionRecord) {
        let schedule: TaskSchedule? = record.every.map { .every($0.value) } ?? record.cron.map { .cron($0.value) }
        self.init(
            name: record.name?.value, schedule: schedule, offset: record.offset?.value,
            concurrency: record.concurrency?.value, retry: record.retry?.value)
    }
}
