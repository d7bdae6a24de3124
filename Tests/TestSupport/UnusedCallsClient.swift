import InfluxAPI

/// A test fake of `InfluxAPIClient` that implements only the calls its test serves: every
/// other call fails with a 500 "not used by this test" (so a call the test did not expect
/// shows up as an error, never as an empty answer). Shared by the test targets (`TestSupport`).
public protocol UnusedCallsClient: InfluxAPIClient {}

/// The error of a call the fake does not serve.
public func unusedCall(_ name: String = #function) -> InfluxAPIError {
    InfluxAPIError(method: "", path: "", status: 500, code: nil, message: "\(name) is not used by this test")
}

extension UnusedCallsClient {
    /// Fails with a 500 "not used by this test".
    public func findOrg(name: String) async throws -> InfluxOrg { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func findOrg(id: String) async throws -> InfluxOrg { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func listLabels(orgID: String) async throws -> [InfluxLabel] { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func createLabel(_ request: LabelCreateRequest) async throws -> InfluxLabel { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func updateLabel(id: String, _ request: LabelUpdateRequest) async throws -> InfluxLabel { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func deleteLabel(id: String) async throws { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func listTasks(orgID: String, after: String?, limit: Int) async throws -> [InfluxTask] { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func getTask(id: String) async throws -> InfluxTask { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func createTask(_ request: TaskCreateRequest) async throws -> InfluxTask { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func updateTask(id: String, _ request: TaskUpdateRequest) async throws -> InfluxTask { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func deleteTask(id: String) async throws { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func addTaskLabel(taskID: String, labelID: String) async throws { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func removeTaskLabel(taskID: String, labelID: String) async throws { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func listRuns(taskID: String, afterTime: String?, beforeTime: String?, limit: Int) async throws -> [InfluxRun] { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func listBuckets(orgID: String) async throws -> [InfluxBucket] { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func listSecretKeys(orgID: String) async throws -> [String] { throw unusedCall() }
}

/// `UnusedCallsClient` for the runs calls too (`InfluxRunsAPI`): every call the test does not
/// serve fails with a 500 "not used by this test".
public protocol UnusedRunsCallsClient: UnusedCallsClient, InfluxRunsAPI {}

extension UnusedRunsCallsClient {
    /// Fails with a 500 "not used by this test".
    public func getRun(taskID: String, runID: String) async throws -> InfluxRun { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func runLogs(taskID: String, runID: String) async throws -> [InfluxLogEvent] { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func forceRun(taskID: String, scheduledFor: String?) async throws -> InfluxRun { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func retryRun(taskID: String, runID: String) async throws -> InfluxRun { throw unusedCall() }
    /// Fails with a 500 "not used by this test".
    public func cancelRun(taskID: String, runID: String) async throws { throw unusedCall() }
}
