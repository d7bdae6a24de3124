/// Runs and logs of tasks (influxdb-api.md §12–§13), and the deprecated members/owners routes.
enum RunRoutes {
    static func register(_ r: inout Router, _ ctx: APIContext) {
        r.add("GET", "/api/v2/tasks/:id/runs") { list($0, ctx) }
        r.add("POST", "/api/v2/tasks/:id/runs") { force($0, ctx) }
        r.add("GET", "/api/v2/tasks/:id/runs/:runID") { get($0, ctx) }
        r.add("DELETE", "/api/v2/tasks/:id/runs/:runID") { cancel($0, ctx) }
        r.add("POST", "/api/v2/tasks/:id/runs/:runID/retry") { retry($0, ctx) }
        r.add("GET", "/api/v2/tasks/:id/logs") { LogRoutes.taskLogs($0, ctx) }
        r.add("GET", "/api/v2/tasks/:id/runs/:runID/logs") { LogRoutes.runLogs($0, ctx) }
        for role in ["members", "owners"] {
            r.add("GET", "/api/v2/tasks/:id/\(role)") { MemberRoutes.list($0, ctx, role: role) }
            r.add("POST", "/api/v2/tasks/:id/\(role)") { MemberRoutes.add($0, ctx, role: role) }
            r.add("DELETE", "/api/v2/tasks/:id/\(role)/:userID") { MemberRoutes.remove($0, ctx, role: role) }
        }
    }

    /// The runs of a task in the order the run listing returns them (§12.3).
    static func listing(
        _ runs: [StoredRun], limit: Int, after: String? = nil,
        afterTime: Timestamp? = nil, beforeTime: Timestamp? = nil, now: Timestamp
    ) -> [StoredRun] {
        let inBounds = runs.filter { run in
            if let afterTime, run.scheduledFor <= afterTime { return false }
            if let beforeTime { if run.scheduledFor >= beforeTime { return false } } else if run.scheduledFor > now { return false }
            return true
        }
        let queued = inBounds.filter { !$0.isCompleted && $0.status == "scheduled" && $0.requestedAt != nil }
            .sorted { ($0.requestedAt!, $0.id) < ($1.requestedAt!, $1.id) }
        let inFlight = inBounds.filter { !$0.isCompleted && !($0.status == "scheduled" && $0.requestedAt != nil) }
            .sorted { $0.id < $1.id }
        let completed = inBounds.filter { $0.isCompleted && (after == nil || $0.id > after!) }
            .sorted { ($0.scheduledFor, $0.id) > ($1.scheduledFor, $1.id) }
        let head = Array((queued + inFlight).prefix(limit))
        return head + completed.prefix(max(0, limit - head.count))
    }

    private static func taskID(_ request: RouteRequest) -> Result<String, APIError> {
        request.id("id").mapError { .invalid("failed to decode request: \($0.message)") }
    }

    static func list(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let prefix = "failed to decode request"
        let id: String
        do { id = try taskID(request).get() } catch { return .error(error) }
        let q = request.query
        var after: String?, afterTime: Timestamp?, beforeTime: Timestamp?, limit = 100
        do {
            if !q["after"].isEmpty { after = try Identifier.parse(q["after"]) }
        } catch { return .error(.invalid("\(prefix): \(error.message)")) }
        do {
            if !q["afterTime"].isEmpty { afterTime = try Timestamp.parseRFC3339(q["afterTime"]) }
            if !q["beforeTime"].isEmpty { beforeTime = try Timestamp.parseRFC3339(q["beforeTime"]) }
        } catch { return .error(.invalid("\(prefix): \(error.message)")) }
        if let afterTime, let beforeTime, beforeTime <= afterTime {
            return .error(.invalid("\(prefix): beforeTime must be later than afterTime"))
        }
        if !q["limit"].isEmpty {
            guard let l = Int(q["limit"]) else {
                return .error(.invalid("\(prefix): strconv.Atoi: parsing \(goQuote(q["limit"])): invalid syntax"))
            }
            guard (1...500).contains(l) else {
                return .error(.invalid("\(prefix): run limit is out of bounds, must be between 1 and 500"))
            }
            limit = l
        }
        return ctx.read { state in
            guard state.tasks[id] != nil else { return .error(.notFound("failed to find runs: task not found")) }
            let runs = listing(
                state.runs(ofTask: id), limit: limit, after: after, afterTime: afterTime,
                beforeTime: beforeTime, now: .now())
            return .json(
                200,
                [
                    "links": .object(["self": .string("/api/v2/tasks/\(id)/runs"), "task": .string("/api/v2/tasks/\(id)")]),
                    "runs": .array(runs.map(Rendering.run)),
                ])
        }
    }

    static func force(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let prefix = "failed to decode request"
        let id: String
        do { id = try taskID(request).get() } catch { return .error(error) }
        var scheduledFor: Timestamp?
        if let length = request.declaredLength, length > 0, length < 1000 {
            do {
                let f = try BodyFields.decode(request.body, structName: "", goType: "struct { ScheduledFor string \"json:\\\"scheduledFor\\\"\" }")
                if let text = try f.string("scheduledFor"), !text.isEmpty {
                    scheduledFor = try Timestamp.parseRFC3339(text)
                }
            } catch let e as JSONParser.Failure {
                return .error(.invalid("\(prefix): \(e.message)"))
            } catch let e as TimestampParseError {
                return .error(.invalid("\(prefix): \(e.message)"))
            } catch {
                return .error(.invalid("\(prefix): \(goMessage(error))"))
            }
        }
        let reply: (Reply, String?) = ctx.transactionWithResult { state in
            guard let task = state.tasks[id] else { return (.error(.notFound("failed to force run: task not found")), nil) }
            guard task.status == "active" else { return (.error(.invalid("failed to force run: inactive task")), nil) }
            let now = Timestamp.now()
            let when = (scheduledFor ?? now).truncatedToSecond
            // No "run already queued" 422 here: InfluxDB hands a manual run to the executor
            // (dequeues it) before answering, so a second manual run right after the first, with
            // the same second as `scheduledFor`, is another 201 (§12.4).
            let run = StoredRun(
                id: state.ids.nextSnowflake(now: now), taskID: id, status: "scheduled",
                scheduledFor: when, requestedAt: now)
            state.runs[run.id] = run
            return (.json(201, Rendering.run(run), layout: .compact), run.id)
        }
        if let runID = reply.1 { ctx.simulator.execute(runID: runID) }
        return reply.0
    }

    static func get(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        lookup(request, ctx, prefix: "failed to find run") { run, _ in .json(200, Rendering.run(run), layout: .compact) }
    }

    /// Resolves task and run IDs, answering the 400/404s with `prefix`.
    private static func lookup(
        _ request: RouteRequest, _ ctx: APIContext, prefix: String,
        _ body: (StoredRun, StoredTask) -> Reply
    ) -> Reply {
        let id: String, runID: String
        do {
            id = try taskID(request).get()
            runID = try request.id("runID").mapError { APIError.invalid("failed to decode request: \($0.message)") }.get()
        } catch { return .error(error) }
        return ctx.read { state in
            guard let task = state.tasks[id] else { return .error(.notFound("\(prefix): task not found")) }
            guard let run = state.runs[runID], run.taskID == id else { return .error(.notFound("\(prefix): run not found")) }
            return body(run, task)
        }
    }

    static func retry(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let prefix = "failed to retry run"
        let id: String, runID: String
        do {
            id = try taskID(request).get()
            runID = try request.id("runID").mapError { APIError.invalid("failed to decode request: \($0.message)") }.get()
        } catch { return .error(error) }
        let reply: (Reply, String?) = ctx.transactionWithResult { state in
            guard let task = state.tasks[id] else { return (.error(.notFound("\(prefix): task not found")), nil) }
            guard task.status == "active" else { return (.error(.invalid("\(prefix): inactive task")), nil) }
            guard let old = state.runs[runID], old.taskID == id else { return (.error(.notFound("\(prefix): run not found")), nil) }
            if !old.isCompleted && !state.runs.values.contains(where: { $0.taskID == id && $0.requestedAt != nil }) {
                return (.error(.internalError("\(prefix): unexpected error retrieving task bucket: key not found")), nil)
            }
            // Queued manual runs are dequeued at once (see `force`), so there is never a queued
            // run to conflict with: retrying a queued or running run answers 200 with a copy
            // under a new ID (§12.6).
            let now = Timestamp.now()
            let run = StoredRun(
                id: state.ids.nextSnowflake(now: now), taskID: id, status: "scheduled",
                scheduledFor: old.scheduledFor, requestedAt: old.isCompleted ? now : nil)
            state.runs[run.id] = run
            return (.json(200, Rendering.run(run), layout: .compact), run.id)
        }
        if let newID = reply.1 { ctx.simulator.execute(runID: newID) }
        return reply.0
    }

    static func cancel(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let prefix = "failed to cancel run"
        let id: String, runID: String
        do {
            id = try taskID(request).get()
            runID = try request.id("runID").mapError { APIError.invalid("failed to decode request: \($0.message)") }.get()
        } catch { return .error(error) }
        if ctx.flavor == .cloud {
            // §15.1: Cloud answers 405 to every cancel. [UNVERIFIED: the message; only the status is documented.]
            return .error(APIError(.methodNotAllowed, "canceling a task run is not supported"))
        }
        return ctx.transaction { state in
            guard state.tasks[id] != nil else { return .error(.notFound("\(prefix): task not found")) }
            guard var run = state.runs[runID], run.taskID == id, !run.isCompleted else {
                return .error(.notFound("\(prefix): run not found"))
            }
            let now = Timestamp.now()
            run.status = "canceled"
            run.finishedAt = now
            run.log.append(StoredLogLine(time: now, message: "Completed(canceled)"))
            state.runs[runID] = run
            if var task = state.tasks[id] {
                task.lastRunStatus = "canceled"
                task.lastRunError = nil
                state.tasks[id] = task
            }
            return .empty(200)
        }
    }
}

extension APIContext {
    /// Like `transaction`, with an extra result for work after the lock is released.
    func transactionWithResult<T: Sendable>(_ body: (inout SandboxState) -> (Reply, T?)) -> (Reply, T?) {
        do {
            return try store.write(persistWhen: { $0.0.status < 400 }) { state in body(&state) }
        } catch {
            return (.error(.internalError("sandbox could not save its state: \(error)")), nil)
        }
    }
}
