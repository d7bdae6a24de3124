/// PATCH /api/v2/tasks/{id} (influxdb-api.md §7).
enum TaskPatchRoute {
    static func handle(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return .error(.invalid("failed to decode request: \(error.message)")) }
        if ctx.flavor == .cloud, let reply = scriptTaskPatch(request, ctx, id: id) { return reply }
        let update: TaskUpdate
        switch TaskUpdate.decode(request.body) {
        case .failure(let error): return .error(error)
        case .success(let u): update = u
        }
        let prefix = "failed to update task"
        return ctx.transaction { state in
            guard var task = state.tasks[id] else { return .error(.notFound("\(prefix): task not found")) }
            guard request.caller!.may("write", "tasks", org: task.orgID, id: task.id) else { return .error(.internalError("\(prefix): unauthorized")) }
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

    /// Cloud (§15.1): a PATCH of a script task (or one that gives `scriptID`) sets `scriptID`,
    /// `scriptParameters`, `name`, `every`, `cron`, `offset`, `description` and `status` as
    /// JSON fields. nil when the task is a Flux task and the body names no script. A PATCH
    /// that would give a task both a script and Flux (`flux` for a script task, `scriptID` for
    /// a Flux task) is refused 400 `can not provide both scriptID and flux`.
    static func scriptTaskPatch(_ request: RouteRequest, _ ctx: APIContext, id: String) -> Reply? {
        let prefix = "failed to decode request"
        let f: BodyFields
        do { f = try BodyFields.decode(request.body, structName: "TaskUpdate", goType: "taskmodel.TaskUpdate") } catch { return nil }
        let bodyNamesScript = !(((try? f.string("scriptID")) ?? nil) ?? "").isEmpty
        let status: String?, description: String?
        do {
            status = try f.string("status")
            description = try f.string("description")
        } catch { return .error(.invalid("\(prefix): \(goMessage(error))")) }
        if let status, status != "active" && status != "inactive" {
            return .error(.invalid("\(prefix): invalid task status: \(goQuote(status))"))
        }
        let isScriptTask = ctx.store.read { state in state.tasks[id]?.scriptID != nil }
        // No documented request turns one kind of task into the other, and a request with both
        // `flux` and `scriptID` is refused (§15.1). The sandbox refuses, with that message, a
        // PATCH that would leave a task with both: `flux` for a script task, `scriptID` for a
        // Flux task [UNVERIFIED: Cloud's answer to these is not documented].
        let bodyFlux = ((try? f.string("flux")) ?? nil) ?? ""
        let isTask = ctx.store.read { state in state.tasks[id] != nil }
        if isTask && ((isScriptTask && !bodyFlux.isEmpty) || (!isScriptTask && bodyNamesScript)) {
            return .error(.invalid("\(prefix): can not provide both scriptID and flux"))
        }
        guard isScriptTask || bodyNamesScript else { return nil }
        let failed = "failed to update task"
        return ctx.transaction { state in
            guard var task = state.tasks[id] else { return .error(.notFound("\(failed): task not found")) }
            guard request.caller!.may("write", "tasks", org: task.orgID, id: task.id) else { return .error(.internalError("\(failed): unauthorized")) }
            var script = CloudScriptTask(
                scriptID: task.scriptID ?? "", parameters: task.scriptParameters, name: task.name,
                every: task.every, cron: task.cron, offsetNanoseconds: task.offsetNanoseconds)
            if let error = script.apply(f, requireName: true) { return .error(error) }
            let now = Timestamp.now()
            task.scriptID = script.scriptID
            task.scriptParameters = script.parameters
            task.name = script.name
            task.every = script.every
            task.cron = script.cron
            task.offsetNanoseconds = script.offsetNanoseconds
            task.flux = ""
            if let description { task.description = description }
            if let status, status != task.status {
                if task.status == "inactive" && status == "active" { task.latestCompleted = now.truncatedToSecond }
                task.status = status
            }
            task.updatedAt = now.truncatedToSecond
            state.tasks[id] = task
            return .json(200, Rendering.task(task, labels: state.labels(ofResource: id)), layout: .compact)
        }
    }
}
