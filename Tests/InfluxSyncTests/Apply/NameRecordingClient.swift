import Foundation
import InfluxAPI

/// Wraps a `RecordingClient` and records each write with IDs replaced by the name of what they
/// were created for (`POST /api/v2/tasks t0`, `POST /api/v2/tasks/<t0>/labels <influxsync>`),
/// so applies that handed out IDs in different orders can be compared.
final class NameRecordingClient: InfluxAPIClient, @unchecked Sendable {
    private let inner: RecordingClient
    private let lock = NSLock()
    private var namesByID: [String: String] = [:]
    private var recorded: [String] = []

    init(_ inner: RecordingClient) { self.inner = inner }

    /// The writes, as sent, in the order they started.
    var calls: [String] { lock.withLock { recorded } }

    private func name(_ id: String) -> String { lock.withLock { namesByID[id].map { "<\($0)>" } ?? id } }
    private func record(_ call: String) { lock.withLock { recorded.append(call) } }
    private func remember(_ id: String, as name: String) { lock.withLock { namesByID[id] = name } }

    /// The `name: "…"` of an `option task` record.
    private static func taskName(_ flux: String) -> String {
        guard let start = flux.range(of: "name: \"") else { return "?" }
        return String(flux[start.upperBound...].prefix { $0 != "\"" })
    }

    func findOrg(name: String) async throws -> InfluxOrg { try await inner.findOrg(name: name) }
    func findOrg(id: String) async throws -> InfluxOrg { try await inner.findOrg(id: id) }
    func listLabels(orgID: String) async throws -> [InfluxLabel] { try await inner.listLabels(orgID: orgID) }
    func createLabel(_ r: LabelCreateRequest) async throws -> InfluxLabel {
        record("POST /api/v2/labels \(r.name)")
        let label = try await inner.createLabel(r)
        remember(label.id, as: r.name)
        return label
    }
    func updateLabel(id: String, _ r: LabelUpdateRequest) async throws -> InfluxLabel {
        record("PATCH /api/v2/labels/\(name(id))")
        return try await inner.updateLabel(id: id, r)
    }
    func deleteLabel(id: String) async throws {
        record("DELETE /api/v2/labels/\(name(id))")
        try await inner.deleteLabel(id: id)
    }
    func listTasks(orgID: String, after: String?, limit: Int) async throws -> [InfluxTask] {
        try await inner.listTasks(orgID: orgID, after: after, limit: limit)
    }
    func getTask(id: String) async throws -> InfluxTask { try await inner.getTask(id: id) }
    func createTask(_ r: TaskCreateRequest) async throws -> InfluxTask {
        let taskName = Self.taskName(r.flux)
        record("POST /api/v2/tasks \(taskName)")
        let task = try await inner.createTask(r)
        remember(task.id, as: taskName)
        return task
    }
    func updateTask(id: String, _ r: TaskUpdateRequest) async throws -> InfluxTask {
        record("PATCH /api/v2/tasks/\(name(id))")
        return try await inner.updateTask(id: id, r)
    }
    func deleteTask(id: String) async throws {
        record("DELETE /api/v2/tasks/\(name(id))")
        try await inner.deleteTask(id: id)
    }
    func addTaskLabel(taskID: String, labelID: String) async throws {
        record("POST /api/v2/tasks/\(name(taskID))/labels \(name(labelID))")
        try await inner.addTaskLabel(taskID: taskID, labelID: labelID)
    }
    func removeTaskLabel(taskID: String, labelID: String) async throws {
        record("DELETE /api/v2/tasks/\(name(taskID))/labels/\(name(labelID))")
        try await inner.removeTaskLabel(taskID: taskID, labelID: labelID)
    }
    func listRuns(taskID: String, afterTime: String?, beforeTime: String?, limit: Int) async throws -> [InfluxRun] {
        try await inner.listRuns(taskID: taskID, afterTime: afterTime, beforeTime: beforeTime, limit: limit)
    }
    func listBuckets(orgID: String) async throws -> [InfluxBucket] { try await inner.listBuckets(orgID: orgID) }
    func listSecretKeys(orgID: String) async throws -> [String] { try await inner.listSecretKeys(orgID: orgID) }
}
