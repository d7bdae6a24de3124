import InfluxAPI

/// What happened to each change of a plan during apply.
public struct ApplyResult: Sendable {
    public enum Outcome: String, Sendable, Codable { case done, failed, notAttempted = "not attempted" }

    /// One entry per change of the plan, in plan order.
    public var outcomes: [(change: ResourceChange, outcome: Outcome)]
    /// The first failure, if any (apply stops there).
    public var failure: ApplyFailure?

    public init(outcomes: [(change: ResourceChange, outcome: Outcome)], failure: ApplyFailure?) {
        self.outcomes = outcomes
        self.failure = failure
    }

    public var succeeded: Bool { failure == nil }
}

/// The operation that failed and why (the server's `code`/`message`, or a response that does
/// not match what was asked).
public struct ApplyFailure: Error, Sendable, CustomStringConvertible {
    public var resource: ResourceRef
    public var operation: PlannedOperation
    public var message: String

    public init(resource: ResourceRef, operation: PlannedOperation, message: String) {
        self.resource = resource
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(resource.kind.rawValue) \"\(resource.name)\": \(operation.method) \(operation.path): \(message)" }
}

/// Executes a plan's operations in phase order against a client, checking each response.
public struct Applier: Sendable {
    public let client: any InfluxAPIClient

    public init(client: any InfluxAPIClient) { self.client = client }

    /// Runs every operation of `plan`; stops at the first failure.
    public func apply(_ plan: Plan) async -> ApplyResult {
        fatalError("Applier.apply is not implemented yet")
    }
}
