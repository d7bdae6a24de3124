/// PATCH /api/v2/tasks/{id} (influxdb-api.md §7).
enum TaskPatchRoute {
    static func handle(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return .error(.invalid("failed to decode request: \(error.message)")) }
        let update: TaskUpdate
        switch TaskUpdate.decode(request.body) {
        case .failure(let error): return .error(error)
        case .success(let u): update = u
        }
        let prefix = "failed to update task"
        return ctx.transaction { state in
            guard var task = state.tasks[id] else { return .error(.notFound("\(prefix): task not found")) }
            guard request.caller!.canAccess(org: task.orgID) else { return .error(.internalError("\(prefix): unauthorized")) }
            let now = Timestamp.now()
            var changed = false
            // §7.3 A: script and option fields.
            if update.flux != nil || !update.optionsAreZero {
                let edits = update.edits
                if update.flux == nil && edits.isEmpty {
                    // Only concurrency/retry: the server dereferences a missing script (§7.3 A4).
                    return .error(.internalError("a panic has occurred: /api/v2/tasks/\(id): runtime error: invalid memory address or nil pointer dereference"))
                }
                let base = (update.flux?.isEmpty == false) ? update.flux! : task.flux
                var script: String
                do { script = try TaskOptionsAdapter.apply(edits, to: base) } catch {
                    // Syntax errors, a missing record and editing failures are not platform errors: 500.
                    return .error(.internalError("\(prefix): \(goMessage(error))"))
                }
                if edits.isEmpty, let flux = update.flux { script = flux }
                let options: ExtractedTaskOptions
                do { options = try TaskOptionsAdapter.extract(from: script) } catch let failure as TaskScriptFailure {
                    let message = "\(prefix): \(failure.text)"
                    return .error(failure.isInvalid ? .invalid(message) : .internalError(message))
                } catch { return .error(.internalError("\(prefix): \(goMessage(error))")) }
                let offset = options.offsetNanoseconds
                task.flux = script
                task.name = options.name
                task.every = options.every
                task.cron = options.cron
                task.offsetNanoseconds = offset
                changed = true
            }
            // §7.3 B.
            if let description = update.description {
                task.description = description
                changed = true
            }
            // §7.3 C.
            if let status = update.status, status != task.status {
                if task.status == "inactive" && status == "active" { task.latestCompleted = now.truncatedToSecond }
                task.status = status
                changed = true
            }
            if changed { task.updatedAt = now.truncatedToSecond }
            state.tasks[id] = task
            return .json(200, Rendering.task(task, labels: state.labels(ofResource: id)), layout: .compact)
        }
    }
}
