/// The run and log calls of the Tasks API (influxdb-api.md §12–§13), beyond the run listing
/// every client has. Implemented over HTTP by `InfluxHTTPClient`.
///
/// Every method throws `InfluxAPIError` on a non-2xx answer or a transport failure.
public protocol InfluxRunsAPI: InfluxAPIClient {
    /// `GET /api/v2/tasks/{id}/runs/{runID}` (§12.5).
    func getRun(taskID: String, runID: String) async throws -> InfluxRun
    /// `GET /api/v2/tasks/{id}/runs/{runID}/logs` (§13): the run's lines, oldest first; empty
    /// when the server sends `"events": null`.
    func runLogs(taskID: String, runID: String) async throws -> [InfluxLogEvent]
    /// `POST /api/v2/tasks/{id}/runs` (§12.4): a manual run, 201; `scheduledFor` (RFC 3339)
    /// nil means now.
    func forceRun(taskID: String, scheduledFor: String?) async throws -> InfluxRun
    /// `POST /api/v2/tasks/{id}/runs/{runID}/retry` (§12.6): 200 with the new run.
    func retryRun(taskID: String, runID: String) async throws -> InfluxRun
    /// `DELETE /api/v2/tasks/{id}/runs/{runID}` (§12.7): any 2xx (OSS 200 empty; Cloud 405).
    func cancelRun(taskID: String, runID: String) async throws
}
