import InfluxAPI

/// A test fake of `InfluxRunsAPI` (and so of `InfluxAPIClient`) that implements only the calls
/// its test serves: every other call fails with a 500 "not used by this test" (so a call the
/// test did not expect shows up as an error, never as an empty answer). The InfluxSyncTests
/// target has the same fake for `InfluxAPIClient`; test targets cannot share files.
protocol UnusedCallsClient: InfluxRunsAPI {}

/// The error of a call the fake does not serve.
func unusedCall(_ name: String = #function) -> InfluxAPIError {
    InfluxAPIError(method: "", path: "", status: 500, code: nil, message: "\(name) is not used by this test")
}

extension UnusedCallsClient {
    func findOrg(name: String) async throws -> InfluxOrg { throw unusedCall() }
    func findOrg(id: String) async throws -> InfluxOrg { throw unusedCall() }
    func listLabels(orgID: String) async throws -> [InfluxLabel] { throw unusedCall() }
    func createLabel(_ request: LabelCreateRequest) async throws -> InfluxLabel { throw unusedCall() }
    func updateLabel(id: String, _ request: LabelUpdateRequest) async throws -> InfluxLabel { throw unusedCall() }
    func deleteLabel(id: String) async throws { throw unusedCall() }
    func listTasks(orgID: String, after: String?, limit: Int) async throws -> [InfluxTask] { throw unusedCall() }
    func getTask(id: String) async throws -> InfluxTask { throw unusedCall() }
    func createTask(_ request: TaskCreateRequest) async throws -> InfluxTask { throw unusedCall() }
    func updateTask(id: String, _ request: TaskUpdateRequest) async throws -> InfluxTask { throw unusedCall() }
    func deleteTask(id: String) async throws { throw unusedCall() }
    func addTaskLabel(taskID: String, labelID: String) async throws { throw unusedCall() }
    func removeTaskLabel(taskID: String, labelID: String) async throws { throw unusedCall() }
    func listRuns(taskID: String, afterTime: String?, limit: Int) async throws -> [InfluxRun] { throw unusedCall() }
    func listBuckets(orgID: String) async throws -> [InfluxBucket] { throw unusedCall() }
    func listSecretKeys(orgID: String) async throws -> [String] { throw unusedCall() }
    func getRun(taskID: String, runID: String) async throws -> InfluxRun { throw unusedCall() }
    func runLogs(taskID: String, runID: String) async throws -> [InfluxLogEvent] { throw unusedCall() }
    func forceRun(taskID: String, scheduledFor: String?) async throws -> InfluxRun { throw unusedCall() }
    func retryRun(taskID: String, runID: String) async throws -> InfluxRun { throw unusedCall() }
    func cancelRun(taskID: String, runID: String) async throws { throw unusedCall() }
}
