import Foundation
import InfluxAPI
import TestSupport

/// A fake server for the run commands: one org, its tasks, and the runs and logs a test sets.
/// Every call is recorded as `METHOD path` in the order it came, so a test asserts exactly
/// what the code under test asked for.
final class FakeRunsClient: UnusedRunsCallsClient, @unchecked Sendable {
    /// The org `findOrg` answers (by name or ID); any other is a 404.
    let org: InfluxOrg
    /// The org's tasks, in ID order: `listTasks` pages and `getTask` answers.
    let tasks: [InfluxTask]
    /// The states `getRun` answers, one per call in order; the last one repeats.
    let runStates: [String]
    /// The log lines of every run.
    let logs: [InfluxLogEvent]
    /// When set, what `findOrg` throws.
    let orgError: InfluxAPIError?
    /// When set, what `getRun` throws.
    let runError: InfluxAPIError?

    private let lock = NSLock()
    private var recorded: [String] = []
    private var runReads = 0

    init(
        org: InfluxOrg = InfluxOrg(id: "0000000000000a0a", name: "acme"), tasks: [InfluxTask] = [],
        runStates: [String] = ["success"], logs: [InfluxLogEvent] = [],
        orgError: InfluxAPIError? = nil, runError: InfluxAPIError? = nil
    ) {
        self.org = org
        self.tasks = tasks
        self.runStates = runStates
        self.logs = logs
        self.orgError = orgError
        self.runError = runError
    }

    /// Every call so far, as `METHOD path`, in order.
    var calls: [String] { lock.withLock { recorded } }

    private func record(_ call: String) { lock.withLock { recorded.append(call) } }

    func findOrg(name: String) async throws -> InfluxOrg {
        record("GET /api/v2/orgs?org=\(name)")
        if let orgError { throw orgError }
        guard name == org.name else { throw notFound("GET", "/api/v2/orgs?org=\(name)", "organization name \"\(name)\" not found") }
        return org
    }

    func findOrg(id: String) async throws -> InfluxOrg {
        record("GET /api/v2/orgs/\(id)")
        if let orgError { throw orgError }
        guard id == org.id else { throw notFound("GET", "/api/v2/orgs/\(id)", "organization not found") }
        return org
    }

    func listLabels(orgID: String) async throws -> [InfluxLabel] {
        record("GET /api/v2/labels?orgID=\(orgID)")
        return []
    }

    func listTasks(orgID: String, after: String?, limit: Int) async throws -> [InfluxTask] {
        record("GET /api/v2/tasks?orgID=\(orgID)&after=\(after ?? "")&limit=\(limit)")
        return Array(tasks.filter { $0.orgID == orgID && $0.id > (after ?? "") }.prefix(limit))
    }

    func getTask(id: String) async throws -> InfluxTask {
        record("GET /api/v2/tasks/\(id)")
        guard let task = tasks.first(where: { $0.id == id }) else { throw notFound("GET", "/api/v2/tasks/\(id)", "task not found") }
        return task
    }

    func getRun(taskID: String, runID: String) async throws -> InfluxRun {
        record("GET /api/v2/tasks/\(taskID)/runs/\(runID)")
        if let runError { throw runError }
        let state = lock.withLock { () -> String in
            defer { runReads += 1 }
            return runStates[min(runReads, runStates.count - 1)]
        }
        return InfluxRun(id: runID, taskID: taskID, status: state, scheduledFor: "2026-11-29T10:00:00Z")
    }

    func runLogs(taskID: String, runID: String) async throws -> [InfluxLogEvent] {
        record("GET /api/v2/tasks/\(taskID)/runs/\(runID)/logs")
        return logs
    }

    func forceRun(taskID: String, scheduledFor: String?) async throws -> InfluxRun {
        record("POST /api/v2/tasks/\(taskID)/runs")
        return InfluxRun(id: "run-\(taskID)", taskID: taskID, status: "scheduled", scheduledFor: "2026-11-29T10:00:00Z")
    }

    private func notFound(_ method: String, _ path: String, _ message: String) -> InfluxAPIError {
        InfluxAPIError(method: method, path: path, status: 404, code: "not found", message: message)
    }
}
