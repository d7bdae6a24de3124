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

    /// Creates a failure; `path` defaults to the operation's own path when nil; `reason`
    /// defaults to `message`.
    public init(resource: ResourceRef, operation: PlannedOperation, path: String? = nil, message: String,
                status: Int? = nil, code: String? = nil, reason: String? = nil) {
        self.resource = resource
        self.operation = operation
        self.path = path ?? operation.path
        self.message = message
        self.status = status
        self.code = code
        self.reason = reason ?? message
    }

    /// `Task "cpu" (0a1b…): PATCH /api/v2/tasks/0a1b…: 400 invalid: …`.
    public var description: String {
        let id = resource.id.map { " (\($0))" } ?? ""
        return "\(resource.kind.rawValue) \"\(resource.name)\"\(id): \(operation.method) \(path): \(message)"
    }
}

/// Executes a plan's operations in phase order against a client (design.md "How changes are
/// sent"), checking each response against what was asked.
public struct Applier: Sendable {
    /// The client every operation is sent through.
    public let client: any InfluxAPIClient

    /// Creates an applier sending through `client`.
    /// Asked before each request; when it returns true the apply stops there (the request in
    /// flight has finished, nothing more is sent) and the result is `interrupted`.
    public let shouldStop: @Sendable () -> Bool

    /// Creates an applier sending through `client`; `shouldStop` defaults to never.
    public init(client: any InfluxAPIClient, shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.client = client
        self.shouldStop = shouldStop
    }

    /// Runs every operation of `plan` in phase order (see `phase(of:in:)`) and stops at the
    /// first failure. A change is
    /// `done` when all its operations succeeded, `failed` when one of them failed, and
    /// `not attempted` when none of them ran. A 422 `conflict` on adding a label to a task means
    /// the label is already there: the goal is met.
    public func apply(_ plan: Plan) async -> ApplyResult {
        let indexed = plan.changes.enumerated().flatMap { index, change in change.operations.map { (index, $0) } }
        let ordered = indexed.enumerated()
            .sorted { (Self.phase(of: $0.element.1, in: plan.changes[$0.element.0]), $0.offset) < (Self.phase(of: $1.element.1, in: plan.changes[$1.element.0]), $1.offset) }
            .map(\.element)
        var remaining = plan.changes.map(\.operations.count)
        var states = plan.changes.map { _ in ApplyResult.Outcome.notAttempted }
        var created = CreatedIDs()
        var failure: ApplyFailure?
        var interrupted = false
        for (index, operation) in ordered {
            if shouldStop() {
                interrupted = true
                break
            }
            do {
                try await run(operation, created: &created)
                remaining[index] -= 1
                if remaining[index] == 0 { states[index] = .done }
            } catch {
                states[index] = .failed
                var resource = plan.changes[index].resource
                if resource.id == nil, case .createTask(let key, _) = plan.changes[index].operations.first {
                    resource.id = created.tasks[key]
                }
                if resource.id == nil, case .createLabel(let request) = plan.changes[index].operations.first {
                    resource.id = created.labels[request.name]
                }
                let sentPath = (error as? InfluxAPIError).flatMap { $0.path.isEmpty ? nil : String($0.path.prefix { $0 != "?" }) }
                let api = error as? InfluxAPIError
                failure = ApplyFailure(resource: resource, operation: operation, path: sentPath, message: Self.message(error),
                                       status: api?.status, code: api?.code, reason: api?.message)
                break
            }
        }
        let outcomes = plan.changes.indices
            .filter { !plan.changes[$0].operations.isEmpty }
            .map { (change: plan.changes[$0], outcome: states[$0] == .notAttempted && remaining[$0] < plan.changes[$0].operations.count ? .partial : states[$0]) }
        var result = ApplyResult(outcomes: outcomes, failure: failure)
        result.interrupted = interrupted
        return result
    }

    /// The phase an operation runs in. As `PlannedOperation.phase`, except that the owner label
    /// of a task created in this apply (the first label its create change attaches) is attached
    /// straight after the create, in the tasks phase: a failure later in the apply then never
    /// leaves behind an unowned task that the next plan would have to call an adoption.
    static func phase(of operation: PlannedOperation, in change: ResourceChange) -> Phase {
        if case .addTaskLabel(.newTask, _) = operation, change.action == .create,
           let first = change.operations.first(where: { if case .addTaskLabel = $0 { true } else { false } }),
           first == operation {
            return .tasks
        }
        return operation.phase
    }

    /// IDs of resources created earlier in this apply.
    struct CreatedIDs {
        var labels: [String: String] = [:]
        var tasks: [String: String] = [:]

        func resolve(_ ref: IDRef) throws -> String {
            switch ref {
            case .id(let id): return id
            case .newLabel(let name):
                guard let id = labels[name] else { throw ResponseMismatch("label \"\(name)\" was not created earlier in this apply") }
                return id
            case .newTask(let key):
                guard let id = tasks[key] else { throw ResponseMismatch("task \"\(key)\" was not created earlier in this apply") }
                return id
            }
        }
    }

    private func run(_ operation: PlannedOperation, created: inout CreatedIDs) async throws {
        switch operation {
        case .createLabel(let request):
            let label = try await client.createLabel(request)
            try ResponseCheck.label(label, matches: request)
            created.labels[request.name] = label.id
        case .updateLabel(let id, let request):
            let label = try await client.updateLabel(id: id, request)
            try ResponseCheck.label(label, matches: request)
        case .deleteLabel(let id):
            try await client.deleteLabel(id: id)
        case .createTask(let key, let request):
            let task = try await client.createTask(request)
            try ResponseCheck.task(task, matches: request)
            created.tasks[key] = task.id
        case .updateTask(let id, let request):
            let task = try await client.updateTask(id: id, request)
            try ResponseCheck.task(task, matches: request)
        case .deleteTask(let id):
            try await client.deleteTask(id: id)
        case .addTaskLabel(let task, let label):
            let taskID = try created.resolve(task), labelID = try created.resolve(label)
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
