import Synchronization

/// How far an apply has got: requests finished (successfully or not) out of the plan's total.
public struct ApplyProgress: Sendable, Hashable {
    /// Operations finished so far.
    public var completed: Int
    /// Operations in the plan.
    public var total: Int

    /// Creates a progress value.
    public init(completed: Int, total: Int) {
        self.completed = completed
        self.total = total
    }
}

/// Counts finished operations across concurrent units and reports each new count.
final class ApplyProgressCounter: Sendable {
    private let completed = Mutex(0)
    private let total: Int
    private let report: (@Sendable (ApplyProgress) -> Void)?

    init(total: Int, report: (@Sendable (ApplyProgress) -> Void)?) {
        self.total = total
        self.report = report
    }

    /// Records one finished operation.
    func operationFinished() {
        let now = completed.withLock { value in
            value += 1
            return value
        }
        report?(ApplyProgress(completed: now, total: total))
    }
}
