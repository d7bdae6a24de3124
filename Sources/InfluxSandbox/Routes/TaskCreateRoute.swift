/// POST /api/v2/tasks (influxdb-api.md §4).
enum TaskCreateRoute {
    static func handle(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let prefix = "failed to decode request"
        let fields: BodyFields
        var orgID: String?
        do {
            fields = try BodyFields.decode(request.body, structName: "TaskCreate", goType: "taskmodel.TaskCreate")
            if let raw = try fields.string("orgID") { orgID = try Identifier.parse(raw) }
        } catch {
            return .error(.invalid("\(prefix): \(goMessage(error))"))
        }
        let flux: String, orgName: String, status: String, description: String
        do {
            flux = try fields.string("flux") ?? ""
            orgName = try fields.string("org") ?? ""
            status = try fields.string("status") ?? ""
            description = try fields.string("description") ?? ""
        } catch { return .error(.invalid("\(prefix): \(goMessage(error))")) }
        var scriptTask: CloudScriptTask?
        if ctx.flavor == .cloud {
            switch CloudScriptTask.decodeCreate(fields, flux: flux) {
            case .failure(let error): return .error(error)
            case .success(let s): scriptTask = s
            }
        }
        if flux.isEmpty && scriptTask == nil { return .error(.invalid("\(prefix): missing flux")) }
        if orgID == nil && orgName.isEmpty { return .error(.invalid("\(prefix): missing orgID and org")) }
        if !status.isEmpty && status != "active" && status != "inactive" {
            return .error(.invalid("\(prefix): invalid task status: \(goQuote(status))"))
        }
        let caller = request.caller!
        return ctx.transaction { state in
            // §4.2 step 3: org resolution.
            let org: StoredOrg
            if let orgID, orgName.isEmpty {
                guard let found = state.org(id: orgID) else {
                    return .error(.notFound("could not identify organization: organization not found"))
                }
                org = found
            } else if orgID == nil {
                guard let found = state.org(named: orgName) else {
                    return .error(.notFound("could not identify organization: organization name \(goQuote(orgName.trimmingWhitespace())) not found"))
                }
                org = found
            } else {
                // Both given: the store resolves by name (§4.2).
                guard let found = state.org(named: orgName) else {
                    return .error(.notFound("organization name \(goQuote(orgName.trimmingWhitespace())) not found"))
                }
                org = found
            }
            guard caller.may("write", "tasks", org: orgID ?? org.id) else {
                return .error(.internalError("failed to create task: unauthorized"))
            }
            // §4.2 steps 5–6.
            let options: ExtractedTaskOptions
            if let scriptTask {
                options = ExtractedTaskOptions(
                    name: scriptTask.name, every: scriptTask.every, cron: scriptTask.cron,
                    offsetNanoseconds: scriptTask.offsetNanoseconds)
            } else {
                do { options = try TaskOptionsAdapter.extract(from: flux) } catch let failure as TaskScriptFailure {
                    return .error(failure.isInvalid ? .invalid(failure.text) : .internalError(failure.text))
                } catch { return .error(.internalError(goMessage(error))) }
            }
            let offset = options.offsetNanoseconds
            let now = Timestamp.now()
            let created = now.truncatedToSecond
            var task = StoredTask(
                id: state.ids.nextSnowflake(now: now), orgID: org.id, orgName: org.name, ownerID: caller.userID,
                name: options.name, description: description, status: status.isEmpty ? "active" : status,
                flux: flux, every: options.every, cron: options.cron, offsetNanoseconds: offset,
                latestCompleted: created, createdAt: created
            )
            task.scriptID = scriptTask?.scriptID
            task.scriptParameters = scriptTask?.parameters
            // InfluxDB 2.7 writes no user-resource mapping on task create: owners and members
            // start empty (the creator is only the task's `ownerID`).
            state.tasks[task.id] = task
            return .json(201, Rendering.task(task, labels: []), layout: .compact)
        }
    }
}
