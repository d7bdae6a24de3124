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

    /// `units` cut into consecutive waves of at most `width` units (plan order kept).
    static func waves(_ units: [Unit], width: Int) -> [ArraySlice<Unit>] {
        let width = max(1, width)
        return stride(from: 0, to: units.count, by: width).map { units[$0..<min($0 + width, units.count)] }
    }
}
