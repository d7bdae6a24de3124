import Foundation
import InfluxAPI

/// What happened to each change of a plan during apply.
public struct ApplyResult: Sendable {
    /// `done`: every operation succeeded; `failed`: one of its operations failed;
    /// `partial`: some operations succeeded and the rest were not attempted because another
    /// change failed first; `notAttempted`: none ran.
    public enum Outcome: String, Sendable, Codable { case done, failed, partial = "partially done", notAttempted = "not attempted" }

    /// One entry per change that has operations, in plan order.
    public var outcomes: [(change: ResourceChange, outcome: Outcome)]
    /// The first failure, if any (apply stops there).
    public var failure: ApplyFailure?
    /// True when the apply stopped early because `Applier.shouldStop` said so (SIGINT/SIGTERM):
    /// the request in flight was finished, no later one was sent.
    public var interrupted = false

    /// Creates a result from per-change outcomes and the first failure, if any.
    public init(outcomes: [(change: ResourceChange, outcome: Outcome)], failure: ApplyFailure?) {
        self.outcomes = outcomes
        self.failure = failure
    }

    /// True when no operation failed and the apply was not interrupted.
    public var succeeded: Bool { failure == nil && !interrupted }
}

/// The operation that failed and why (the server's `code`/`message`, or a response that does
/// not match what was asked).
public struct ApplyFailure: Error, Sendable, CustomStringConvertible {
    /// The resource, with its ID filled in when this apply created it.
    public var resource: ResourceRef
    /// The operation that failed (or whose response did not match the request).
    public var operation: PlannedOperation
    /// The request path as sent (IDs created earlier in the apply resolved); the operation's
    /// path when the request was never sent.
    public var path: String
    /// Why it failed: `<status> <code>: <message>` from the server, or a mismatch/transport description.
    public var message: String
    /// The HTTP status of the failed answer; nil when no answer arrived or the answer did not
    /// match the request.
    public var status: Int?
    /// The server's error `code` (`invalid`, `conflict`, …), or nil.
    public var code: String?
    /// The server's `message` (or the mismatch/transport description) without status and code.
    public var reason: String
    /// What the user can do (`InfluxAPIError.hint`: run again after a lost answer, point
    /// `--host` elsewhere after a redirect, …), or nil.
    public var hint: String?

    /// Creates a failure; `path` defaults to the operation's own path when nil; `reason`
    /// defaults to `message`.
    public init(
        resource: ResourceRef, operation: PlannedOperation, path: String? = nil, message: String,
        status: Int? = nil, code: String? = nil, reason: String? = nil, hint: String? = nil
    ) {
        self.resource = resource
        self.hint = hint
        self.operation = operation
        self.path = path ?? operation.path
        self.message = message
        self.status = status
        self.code = code
        self.reason = reason ?? message
    }

    /// `Task "cpu" (0a1b…): PATCH /api/v2/tasks/0a1b…: 400 invalid: …`, the name and the
    /// server's message escaped for a terminal (`DisplayText`).
    public var description: String {
        let id = resource.id.map { " (\($0))" } ?? ""
        return "\(resource.kind.rawValue) \(DisplayText.quoted(resource.name))\(id): \(operation.method) \(DisplayText.escaped(path)): \(DisplayText.escaped(message))"
    }
}

/// Executes a plan's operations in phase order against a client (design.md "How changes are
/// sent"), checking each response against what was asked.
///
/// Within a phase, the changes' operations run as independent units (`ApplySchedule`), up to
/// `parallelism` at once, taken in plan order through a sliding window: a unit starts as soon
/// as every unit `parallelism` places or more before it has finished, and never once one of
/// those has failed. A unit's own operations run one after the other (a task's create, then
/// its owner label). So after a failed unit, at most the `parallelism - 1` units after it are
/// still attempted and nothing later starts; which changes were attempted depends only on the
/// plan, `parallelism` and which requests failed, never on timing, and the result is the same
/// whatever order the answers come in. Unlike waves started whole and awaited whole, one slow
/// answer holds back only the unit `parallelism` places after it.
public struct Applier: Sendable {
    /// The parallelism the command line uses unless told otherwise (`--parallelism`,
    /// `INFLUXSYNC_PARALLELISM`): 8 changes in flight (Terraform's default is 10).
    public static let defaultParallelism = 8
    /// The widest window of `--parallelism auto`: as many changes as the largest parallelism.
    /// Within it the window follows the client's adaptive limit (`windowLimit`, from
    /// `InfluxHTTPClient`'s `adaptiveConcurrency`), so that the changes under way are those
    /// whose requests may be in flight: after a failure, or while the server throttles or
    /// stops answering, only those few finish, as with a fixed parallelism (a window of 64
    /// kept 64 changes retrying one at a time through a limit of 1, for hours). Which changes
    /// are attempted after a failure then depends on the limit at the time.
    public static let autoWindowWidth = maxParallelism
    /// The largest accepted parallelism.
    public static let maxParallelism = 64

    /// The client every operation is sent through.
    public let client: any InfluxAPIClient
    /// How many units (changes) of a phase run at once; 1 sends one request at a time.
    public let parallelism: Int
    /// Called after each operation finishes (from any task; keep it cheap).
    public let progress: (@Sendable (ApplyProgress) -> Void)?

    /// Creates an applier sending through `client`.
    /// Asked before each change starts and before each request; when it returns true the apply stops there
    /// (requests in flight finish, nothing more is sent) and the result is `interrupted`.
    public let shouldStop: @Sendable () -> Bool
    /// Read before each change starts: the window is at most this wide (at least 1); nil keeps
    /// it at `parallelism` (`--parallelism auto` passes the client's adaptive limit).
    public let windowLimit: (@Sendable () -> Int)?

    /// Creates an applier sending through `client`.
    /// - Parameters:
    ///   - parallelism: changes written at once within a phase, clamped to
    ///     1...`maxParallelism`; 1 (the default here) sends one request at a time in plan order.
    ///   - shouldStop: defaults to never.
    ///   - windowLimit: narrows the window below `parallelism` while it returns less (the
    ///     adaptive limit of `--parallelism auto`); nil (the default) never does.
    ///   - progress: called after each operation finishes, with the count so far.
    public init(
        client: any InfluxAPIClient, parallelism: Int = 1, shouldStop: @escaping @Sendable () -> Bool = { false },
        windowLimit: (@Sendable () -> Int)? = nil, progress: (@Sendable (ApplyProgress) -> Void)? = nil
    ) {
        self.client = client
        self.parallelism = min(max(1, parallelism), Self.maxParallelism)
        self.shouldStop = shouldStop
        self.windowLimit = windowLimit
        self.progress = progress
    }

    /// Runs every operation of `plan` in phase order (see `ResourceChange.phase(of:)`), `parallelism`
    /// changes at a time within a phase, and stops starting new work at the first failure. A
    /// change is `done` when all its operations succeeded, `failed` when one of them failed,
    /// `partially done` when some ran and the rest were not attempted, and `not attempted`
    /// when none of them ran. When several changes of one phase fail, the failure reported
    /// is the one earliest in plan order (each of those changes is `failed`). A 422 `conflict`
    /// on adding a label to a task means the label is already there: the goal is met.
    public func apply(_ plan: Plan) async -> ApplyResult {
        let schedule = ApplySchedule(plan)
        let counter = ApplyProgressCounter(total: schedule.operationCount, report: progress)
        var completed = plan.changes.map { _ in 0 }
        var failed = plan.changes.map { _ in false }
        var created = CreatedIDs()
        var failure: ApplyFailure?
        var interrupted = false
        for units in schedule.phases {
            let phase = await run(units, created: created, counter: counter)
            if phase.stopped { interrupted = true }
            // Outcomes in plan order: the failure reported is the earliest failed change.
            for (unit, outcome) in zip(units, phase.outcomes) {
                guard let outcome else { continue }
                completed[unit.change] += outcome.completed
                created.merge(outcome.created)
                if outcome.stopped { interrupted = true }
                guard let operation = outcome.failedOperation else { continue }
                failed[unit.change] = true
                if failure == nil {
                    failure = Self.failure(of: operation, in: plan.changes[unit.change], outcome: outcome, created: created)
                }
            }
            if failure != nil || interrupted { break }
        }
        let outcomes = plan.changes.indices
            .filter { !plan.changes[$0].operations.isEmpty }
            .map { index -> (change: ResourceChange, outcome: ApplyResult.Outcome) in
                let count = plan.changes[index].operations.count
                let outcome: ApplyResult.Outcome =
                    failed[index]
                    ? .failed
                    : completed[index] == count
                        ? .done
                        : completed[index] > 0 ? .partial : .notAttempted
                return (change: plan.changes[index], outcome: outcome)
            }
        var result = ApplyResult(outcomes: outcomes, failure: failure)
        result.interrupted = interrupted
        return result
    }

    /// What one unit did: operations that succeeded, IDs it created, and the operation that
    /// failed with its error.
    private struct UnitOutcome: Sendable {
        var completed = 0
        var created = CreatedIDs()
        var failedOperation: PlannedOperation?
        /// The request path as sent when the failure came from the server or the transport.
        var sentPath: String?
        /// `Applier.message(_:)` of the error.
        var message = ""
        /// The server's answer, when there was one: HTTP status, envelope `code` and `message`.
        var status: Int?
        var code: String?
        var reason: String?
        var hint: String?
        /// True when `shouldStop` ended the unit before its last operation.
        var stopped = false
    }

    /// Runs the units of one phase through the sliding window (`ApplySchedule.Window`): the
    /// outcome of each unit by position (nil for a unit never started), and whether
    /// `shouldStop` kept a unit from starting.
    ///
    /// Up to `parallelism` workers each take the next unit the window lets start, run it, and
    /// take the next: a worker whose unit finished goes straight on to the next one, with no
    /// hop through a coordinating task and no new task per unit (each hop is a thread
    /// wake-up, and they were most of the time between an answer and the next request).
    private func run(_ units: [ApplySchedule.Unit], created: CreatedIDs, counter: ApplyProgressCounter) async -> (outcomes: [UnitOutcome?], stopped: Bool) {
        let phase = PhaseProgress(units: units.count, width: parallelism, shouldStop: shouldStop, widthLimit: windowLimit)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<min(parallelism, units.count) {
                group.addTask {
                    while let position = await phase.nextUnit() {
                        let outcome = await self.run(units[position], created: created, counter: counter)
                        phase.finished(position, outcome)
                    }
                }
            }
        }
        return phase.result
    }

    /// The window of one phase shared by its workers: which unit starts next, the outcomes so
    /// far, and the workers waiting for earlier units to finish.
    private final class PhaseProgress: @unchecked Sendable {
        private let lock = NSLock()
        private var window: ApplySchedule.Window
        private var outcomes: [UnitOutcome?]
        private var stopped = false
        private let shouldStop: @Sendable () -> Bool
        private let widthLimit: (@Sendable () -> Int)?
        /// Bumped whenever a unit finishes: a worker that decided to wait re-checks when it
        /// changed in between (no wake-up is lost).
        private var generation = 0
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(units: Int, width: Int, shouldStop: @escaping @Sendable () -> Bool, widthLimit: (@Sendable () -> Int)?) {
            window = ApplySchedule.Window(count: units, width: width)
            outcomes = Array(repeating: nil, count: units)
            self.shouldStop = shouldStop
            self.widthLimit = widthLimit
        }

        /// The outcomes by position, and whether `shouldStop` kept a unit from starting.
        var result: (outcomes: [UnitOutcome?], stopped: Bool) { lock.withLock { (outcomes, stopped) } }

        /// The next unit to run, waiting while the window holds it back; nil when no more
        /// unit will start.
        func nextUnit() async -> Int? {
            while true {
                enum Decision { case run(Int), stop, wait(Int) }
                let decision: Decision = lock.withLock {
                    if stopped { return .stop }
                    switch window.availability(narrowedTo: widthLimit?()) {
                    case .none: return .stop
                    case .wait: return .wait(generation)
                    case .start(let position):
                        if shouldStop() {
                            stopped = true
                            resumeWaiting()
                            return .stop
                        }
                        window.started(position)
                        return .run(position)
                    }
                }
                switch decision {
                case .run(let position): return position
                case .stop: return nil
                case .wait(let seen):
                    await withCheckedContinuation { continuation in
                        lock.withLock {
                            if generation != seen { continuation.resume() } else { waiting.append(continuation) }
                        }
                    }
                }
            }
        }

        /// Records a unit's outcome and lets the waiting workers look again.
        func finished(_ position: Int, _ outcome: UnitOutcome) {
            lock.withLock {
                outcomes[position] = outcome
                window.finished(position, failed: outcome.failedOperation != nil || outcome.stopped)
                generation += 1
                resumeWaiting()
            }
        }

        /// Resumes every waiting worker (the lock is held).
        private func resumeWaiting() {
            for continuation in waiting { continuation.resume() }
            waiting.removeAll()
        }
    }

    /// Runs one unit's operations in order, stopping at its first failure. After a stop
    /// (`shouldStop`), a task this unit created still gets the owner label (the operation
    /// after the create in its unit, `ResourceChange.phase(of:)`): a task left without it is
    /// not ours, so the next apply could not adopt it by name without a conflict, nor prune it,
    /// and it would run for good.
    private func run(_ unit: ApplySchedule.Unit, created: CreatedIDs, counter: ApplyProgressCounter) async -> UnitOutcome {
        var outcome = UnitOutcome()
        for (position, operation) in unit.operations.enumerated() {
            let marksOwnCreate = Self.marksOwnership(operation, createdIn: outcome.created)
            if position > 0, !marksOwnCreate, shouldStop() {
                outcome.stopped = true
                break
            }
            do {
                // An interrupted apply sends none of these that is still waiting to go out,
                // but the owner label of a task it has just created: sent as the lock's release
                // is, when a stop came before it went out or while it waited.
                var made = outcome.created
                do {
                    try await InterruptibleRequests.$active.withValue(!(marksOwnCreate && shouldStop())) {
                        try await run(operation, earlier: created, into: &made)
                    }
                } catch is RequestNotSent where marksOwnCreate {
                    try await InterruptibleRequests.$active.withValue(false) {
                        try await run(operation, earlier: created, into: &made)
                    }
                }
                outcome.created = made
                outcome.completed += 1
                counter.operationFinished()
            } catch is RequestNotSent {
                // Not sent (or not carried out: a 429 not sent again) after a signal.
                counter.operationFinished()
                outcome.stopped = true
                break
            } catch {
                counter.operationFinished()
                outcome.failedOperation = operation
                outcome.sentPath = (error as? InfluxAPIError).flatMap { $0.path.isEmpty ? nil : String($0.path.prefix { $0 != "?" }) }
                outcome.message = Self.message(error)
                let api = error as? InfluxAPIError
                outcome.status = api?.status
                outcome.code = api?.code
                outcome.reason = api?.message
                outcome.hint = api?.hint
                break
            }
        }
        return outcome
    }

    /// True when `operation` attaches a label to a task that `created` (this unit's creates)
    /// holds: in a create's unit that is the owner label (`ResourceChange.phase(of:)`).
    static func marksOwnership(_ operation: PlannedOperation, createdIn created: CreatedIDs) -> Bool {
        guard case .addTaskLabel(.newTask(let key), _) = operation else { return false }
        return created.tasks[key] != nil
    }

    /// The failure to report for `operation` of `change`, with the resource's ID when this
    /// apply created it and the path as sent.
    private static func failure(of operation: PlannedOperation, in change: ResourceChange, outcome: UnitOutcome, created: CreatedIDs) -> ApplyFailure {
        var resource = change.resource
        if resource.id == nil, case .createTask(let key, _) = change.operations.first {
            resource.id = created.tasks[key]
        }
        if resource.id == nil, case .createLabel(let request) = change.operations.first {
            resource.id = created.labels[request.name]
        }
        return ApplyFailure(
            resource: resource, operation: operation, path: outcome.sentPath, message: outcome.message,
            status: outcome.status, code: outcome.code, reason: outcome.reason, hint: outcome.hint)
    }

    /// IDs of resources created earlier in this apply.
    struct CreatedIDs: Sendable {
        var labels: [String: String] = [:]
        var tasks: [String: String] = [:]

        /// Adds the IDs `other` holds.
        mutating func merge(_ other: CreatedIDs) {
            labels.merge(other.labels) { _, new in new }
            tasks.merge(other.tasks) { _, new in new }
        }

        /// The ID `ref` names: its own, or one created earlier in this apply (here, else in `earlier`).
        /// - Throws: `ResponseMismatch` when no create in this apply produced it.
        func resolve(_ ref: IDRef, else earlier: CreatedIDs) throws -> String {
            switch ref {
            case .id(let id): return id
            case .newLabel(let name):
                guard let id = labels[name] ?? earlier.labels[name] else { throw ResponseMismatch("label \"\(name)\" was not created earlier in this apply") }
                return id
            case .newTask(let key):
                guard let id = tasks[key] ?? earlier.tasks[key] else { throw ResponseMismatch("task \"\(key)\" was not created earlier in this apply") }
                return id
            }
        }
    }

    /// Sends one operation; IDs it creates go into `fresh` (the unit's own, read by its later
    /// operations and merged for the later phases). References resolve from `fresh`, then from
    /// `earlier`, which is never copied: copying it for every unit made an apply creating N
    /// tasks cost O(N²).
    private func run(_ operation: PlannedOperation, earlier: CreatedIDs, into fresh: inout CreatedIDs) async throws {
        switch operation {
        case .createLabel(let request):
            let label = try await client.createLabel(request)
            try ResponseCheck.label(label, matches: request)
            fresh.labels[request.name] = label.id
        case .updateLabel(let id, let request):
            let label = try await client.updateLabel(id: id, request)
            try ResponseCheck.label(label, matches: request)
        case .deleteLabel(let id):
            try await client.deleteLabel(id: id)
        case .createTask(let key, let request):
            let task = try await client.createTask(request)
            try ResponseCheck.task(task, matches: request)
            fresh.tasks[key] = task.id
        case .updateTask(let id, let request):
            let task = try await client.updateTask(id: id, request)
            try ResponseCheck.task(task, matches: request)
        case .deleteTask(let id):
            try await client.deleteTask(id: id)
        case .addTaskLabel(let task, let label):
            let taskID = try fresh.resolve(task, else: earlier), labelID = try fresh.resolve(label, else: earlier)
            do {
                try await client.addTaskLabel(taskID: taskID, labelID: labelID)
            } catch let error as InfluxAPIError where error.status == 422 && error.code == "conflict" {
                // "Cannot add label, label already exists on resource" (§9.3): goal met.
            }
        case .removeTaskLabel(let task, let label):
            try await client.removeTaskLabel(taskID: task, labelID: label)
        }
    }

    private static func message(_ error: any Error) -> String {
        if let api = error as? InfluxAPIError {
            var s = ""
            if let status = api.status { s += "\(status) " }
            if let code = api.code { s += "\(code): " }
            return s + api.message
        }
        if let mismatch = error as? ResponseMismatch { return mismatch.description }
        return "the request failed"
    }
}
