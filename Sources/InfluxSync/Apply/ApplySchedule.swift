/// The order in which `Applier` sends a plan's operations: phase by phase (design.md "How
/// changes are sent"), and within a phase one *unit* per change: that change's operations of
/// the phase, sent one after the other. Units of the same phase are independent of each other
/// and may run concurrently; every unit of a phase finishes before the next phase starts, so
/// label writes come before the task writes that use them, and a task's create before its
/// label associations.
struct ApplySchedule: Sendable {
    /// One change's operations within one phase, in the change's own order.
    struct Unit: Sendable {
        /// Index of the change in `Plan.changes`.
        var change: Int
        /// The operations, sent in this order.
        var operations: [PlannedOperation]
    }

    /// The phases that have operations, in the order they run; each with its units in plan
    /// order.
    var phases: [[Unit]]

    /// Total number of operations.
    var operationCount: Int { phases.reduce(0) { $0 + $1.reduce(0) { $0 + $1.operations.count } } }

    /// Groups `plan`'s operations by phase (`ResourceChange.phase(of:)`) and change.
    init(_ plan: Plan) {
        var byPhase: [Phase: [Unit]] = [:]
        for (index, change) in plan.changes.enumerated() {
            var units: [Phase: Unit] = [:]
            var order: [Phase] = []
            for operation in change.operations {
                let phase = change.phase(of: operation)
                if units[phase] == nil { order.append(phase) }
                units[phase, default: Unit(change: index, operations: [])].operations.append(operation)
            }
            for phase in order { byPhase[phase, default: []].append(units[phase]!) }
        }
        phases = byPhase.keys.sorted().map { byPhase[$0]! }
    }

    /// Which units of a phase may start, by position: unit `i` may start once every unit at
    /// `i - width` or before has finished, and never once one of those has failed. Units start
    /// in order. The units attempted therefore depend only on `width` and on which units fail,
    /// never on the order their answers arrive: after the first failed unit `f`, the units up
    /// to `f + width - 1` are attempted and none after.
    struct Window: Sendable {
        /// Units in the phase.
        let count: Int
        /// Units that may be under way at once (at least 1).
        let width: Int
        /// The next unit to start.
        private(set) var next = 0
        /// Units finished, by position.
        private var done: [Bool]
        /// How many units from the start have all finished.
        private var finishedPrefix = 0
        /// The earliest failed unit, if any.
        private var firstFailure: Int?

        init(count: Int, width: Int) {
            self.count = count
            self.width = max(1, width)
            done = Array(repeating: false, count: count)
        }

        /// What may happen next: `start` the next unit, `wait` for earlier units to finish,
        /// or `none`: every unit started, or the next is `width` places or more after a
        /// failed one (so no later unit will ever start).
        enum Availability: Equatable {
            case start(Int)
            case wait
            case none
        }

        /// What may happen next (see `Availability`).
        var availability: Availability { availability(narrowedTo: nil) }

        /// What may happen next with the window narrowed to `limit` (at least 1, at most
        /// `width`) for the next start: a unit then also waits until every unit `limit` places
        /// or more before it has finished, and none `limit` places or more after a failed unit
        /// starts (the limit is read at each start, so after a failure the units attempted
        /// depend on the limit at the time).
        func availability(narrowedTo limit: Int?) -> Availability {
            guard next < count else { return .none }
            let current = min(width, max(1, limit ?? width))
            let mustHaveFinished = next - current  // every unit up to this one
            if let firstFailure, firstFailure <= mustHaveFinished { return .none }
            return mustHaveFinished < finishedPrefix ? .start(next) : .wait
        }

        /// Marks `position` (the one `availability` offered) as started.
        mutating func started(_ position: Int) {
            precondition(position == next, "units start in order")
            next += 1
        }

        /// Marks `position` as finished; `failed` when one of its operations failed.
        mutating func finished(_ position: Int, failed: Bool) {
            done[position] = true
            if failed { firstFailure = min(firstFailure ?? position, position) }
            while finishedPrefix < count, done[finishedPrefix] { finishedPrefix += 1 }
        }
    }
}
