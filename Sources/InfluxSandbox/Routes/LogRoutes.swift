/// GET /api/v2/tasks/{id}/logs and /runs/{runID}/logs (influxdb-api.md §13): `"events": null`
/// when there are no lines.
enum LogRoutes {
    private static func events(_ runs: [StoredRun]) -> Reply {
        let lines = runs.flatMap { run in run.log.map { Rendering.logEvent($0, runID: run.id) } }
        return .json(200, ["events": lines.isEmpty ? .null : .array(lines)])
    }

    private static func ids(_ request: RouteRequest, run: Bool) -> Result<(String, String?), APIError> {
        do {
            let id = try Identifier.parse(request.param("id"))
            let runID = run ? try Identifier.parse(request.param("runID")) : nil
            return .success((id, runID))
        } catch { return .failure(.invalid("failed to decode request: \(error.message)")) }
    }

    static func taskLogs(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        switch ids(request, run: false) {
        case .failure(let e): return .error(e)
        case .success(let pair): id = pair.0
        }
        return ctx.read { state in
            guard state.tasks[id] != nil else { return .error(.notFound("failed to find task logs: task not found")) }
            return events(RunRoutes.listing(state.runs(ofTask: id), limit: 100, now: .now()))
        }
    }

    static func runLogs(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String, runID: String
        switch ids(request, run: true) {
        case .failure(let e): return .error(e)
        case .success(let pair): (id, runID) = (pair.0, pair.1!)
        }
        return ctx.read { state in
            guard state.tasks[id] != nil else { return .error(.notFound("failed to find task logs: task not found")) }
            guard let run = state.runs[runID], run.taskID == id else { return .error(.notFound("failed to find task logs: run not found")) }
            return events([run])
        }
    }
}
