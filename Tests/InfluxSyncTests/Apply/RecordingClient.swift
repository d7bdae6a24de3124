import Foundation
import InfluxAPI

/// An in-memory `InfluxAPIClient` for applier tests: records each call as `METHOD path`,
/// answers writes with what was asked (or with `tamper` applied), and fails the call whose
/// index is `failAt` with `failure`.
final class RecordingClient: InfluxAPIClient, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var calls: [String] = []
    private var nextID = 0x100
    var failAt: Int?
    var failure = InfluxAPIError(method: "", path: "", status: 500, code: "internal error", message: "boom")
    var tamper: (InfluxTask) -> InfluxTask = { $0 }
    var conflictOnAddLabel = false
    /// Fails the create of the task with this name (whatever the order calls arrive in).
    var failCreateOfTask: String?
    /// What `listBuckets` answers (reads are not recorded, as for labels and tasks).
    var buckets: [InfluxBucket] = []
    /// What `listSecretKeys` answers.
    var secretKeys: [String] = []

    /// `InterruptibleRequests.active` at each call, in the order of `calls`.
    private(set) var interruptible: [Bool] = []
    /// Called after each recorded call (from the calling task).
    var afterCall: (@Sendable (String) -> Void)?

    private func record(_ call: String) throws {
        defer { afterCall?(call) }
        try lock.withLock {
            calls.append(call)
            interruptible.append(InterruptibleRequests.active)
            if let failAt, calls.count - 1 == failAt { throw failure }
        }
    }

    private func newID() -> String {
        lock.withLock {
            nextID += 1; return String(format: "%016x", nextID)
        }
    }

    func findOrg(name: String) async throws -> InfluxOrg { InfluxOrg(id: "00000000000000aa", name: name) }
    func findOrg(id: String) async throws -> InfluxOrg { InfluxOrg(id: id, name: "acme") }
    func listLabels(orgID: String) async throws -> [InfluxLabel] { [] }
    func createLabel(_ r: LabelCreateRequest) async throws -> InfluxLabel {
        try record("POST /api/v2/labels \(r.name)")
        return InfluxLabel(id: newID(), orgID: r.orgID, name: r.name, properties: r.properties.filter { !$0.value.isEmpty })
    }
    func updateLabel(id: String, _ r: LabelUpdateRequest) async throws -> InfluxLabel {
        try record("PATCH /api/v2/labels/\(id)")
        return InfluxLabel(id: id, orgID: "00000000000000aa", name: r.name ?? "x", properties: (r.properties ?? [:]).filter { !$0.value.isEmpty })
    }
    func deleteLabel(id: String) async throws { try record("DELETE /api/v2/labels/\(id)") }
    func listTasks(orgID: String, after: String?, limit: Int) async throws -> [InfluxTask] { [] }
    func getTask(id: String) async throws -> InfluxTask { throw failure }
    func createTask(_ r: TaskCreateRequest) async throws -> InfluxTask {
        try record("POST /api/v2/tasks")
        if let name = failCreateOfTask, r.flux.contains("name: \"\(name)\"") { throw failure }
        return tamper(InfluxTask(id: newID(), orgID: r.orgID, name: "t", description: r.description, status: r.status, flux: r.flux))
    }
    func updateTask(id: String, _ r: TaskUpdateRequest) async throws -> InfluxTask {
        try record("PATCH /api/v2/tasks/\(id)")
        return tamper(InfluxTask(id: id, orgID: "00000000000000aa", name: "t", description: r.description, status: r.status ?? "active", flux: r.flux ?? ""))
    }
    func deleteTask(id: String) async throws { try record("DELETE /api/v2/tasks/\(id)") }
    func addTaskLabel(taskID: String, labelID: String) async throws {
        try record("POST /api/v2/tasks/\(taskID)/labels \(labelID)")
        if conflictOnAddLabel {
            throw InfluxAPIError(
                method: "POST", path: "/api/v2/tasks/\(taskID)/labels", status: 422, code: "conflict", message: "Cannot add label, label already exists on resource")
        }
    }
    func removeTaskLabel(taskID: String, labelID: String) async throws { try record("DELETE /api/v2/tasks/\(taskID)/labels/\(labelID)") }
    func listRuns(taskID: String, afterTime: String?, beforeTime: String?, limit: Int) async throws -> [InfluxRun] { [] }
    func listBuckets(orgID: String) async throws -> [InfluxBucket] { lock.withLock { buckets } }
    func listSecretKeys(orgID: String) async throws -> [String] { lock.withLock { secretKeys } }
}
