/// GET and DELETE /api/v2/tasks/{id} (influxdb-api.md §6, §8).
enum TaskItemRoutes {
    static func get(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return .error(.invalid("failed to decode request: \(error.message)")) }
        return ctx.read { state in
            guard let task = state.tasks[id] else { return .error(.notFound("failed to find task: task not found")) }
            guard request.caller!.may("read", "tasks", org: task.orgID, id: id) else {
                return .error(.notFound("failed to find task: unauthorized"))
            }
            return .json(200, Rendering.task(task, labels: state.labels(ofResource: id)), layout: .compact)
        }
    }

    static func delete(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return .error(.invalid("failed to decode request: \(error.message)")) }
        return ctx.transaction { state in
            guard let task = state.tasks[id] else { return .error(.notFound("failed to delete task: task not found")) }
            guard request.caller!.may("write", "tasks", org: task.orgID, id: id) else {
                return .error(.internalError("failed to delete task: unauthorized"))
            }
            state.tasks[id] = nil
            // §8: in-flight/queued runs go; completed history and label mappings stay.
            state.runs.removeAll { $0.taskID == id && !$0.isCompleted }
            return .empty(204)
        }
    }
}
