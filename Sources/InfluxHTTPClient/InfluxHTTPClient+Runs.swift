import Foundation
import InfluxAPI

/// `GET /api/v2/tasks/{id}/runs/{runID}/logs` (§13): `events` is `null` when the run has no line.
struct LogsEnvelope: Decodable {
    var events: [InfluxLogEvent]?
}

/// Body of `POST /api/v2/tasks/{id}/runs` (§12.4).
struct ForceRunRequest: Encodable {
    var scheduledFor: String?
}

extension InfluxHTTPClient: InfluxRunsAPI {
    /// `GET /api/v2/tasks/{id}/runs/{runID}` (§12.5).
    public func getRun(taskID: String, runID: String) async throws -> InfluxRun {
        try await send("GET", "/api/v2/tasks/" + Self.segment(taskID) + "/runs/" + Self.segment(runID))
    }

    /// `GET /api/v2/tasks/{id}/runs/{runID}/logs` (§13); `"events": null` reads as no line.
    public func runLogs(taskID: String, runID: String) async throws -> [InfluxLogEvent] {
        let envelope: LogsEnvelope = try await send("GET", "/api/v2/tasks/" + Self.segment(taskID) + "/runs/" + Self.segment(runID) + "/logs")
        return envelope.events ?? []
    }

    /// `POST /api/v2/tasks/{id}/runs` (§12.4); sends `{}` when `scheduledFor` is nil (now).
    public func forceRun(taskID: String, scheduledFor: String?) async throws -> InfluxRun {
        try await send("POST", "/api/v2/tasks/" + Self.segment(taskID) + "/runs", body: ForceRunRequest(scheduledFor: scheduledFor))
    }

    /// `POST /api/v2/tasks/{id}/runs/{runID}/retry` (§12.6); 200 with the new run.
    public func retryRun(taskID: String, runID: String) async throws -> InfluxRun {
        try await send("POST", "/api/v2/tasks/" + Self.segment(taskID) + "/runs/" + Self.segment(runID) + "/retry")
    }

    /// `DELETE /api/v2/tasks/{id}/runs/{runID}` (§12.7); any 2xx is success.
    public func cancelRun(taskID: String, runID: String) async throws {
        _ = try await exchange("DELETE", "/api/v2/tasks/" + Self.segment(taskID) + "/runs/" + Self.segment(runID), body: nil)
    }
}
