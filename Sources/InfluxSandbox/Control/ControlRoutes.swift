/// The control API under `/sandbox/…` (no authentication, not in the request log). Tests use
/// it instead of reaching into the server's memory. All bodies and answers are JSON.
///
/// | route | body | answer |
/// |---|---|---|
/// | `GET /sandbox/requests` | | `{"requests":[{"method","path","query","status","receivedMs","answeredMs"}]}` (times in ms of the system's monotonic clock) |
/// | `DELETE /sandbox/requests` | | 204, log cleared |
/// | `POST /sandbox/reset` | | 204: state back to the seed, log and faults cleared, the rate limit back to the one started with |
/// | `GET /sandbox/faults` | | `{"faults":[…]}` |
/// | `POST /sandbox/faults` | `{"method","path","skip","count","latencyMs","status","message","retryAfter","drop","truncate","dropAnswer","trickleMs","redirect","html"}` | 201 the fault with its `id` |
/// | `DELETE /sandbox/faults[/{id}]` | | 204 |
/// | `GET /sandbox/rate-limit` | | `{"requestsPerSecond": N or null, "burst": N or null}` |
/// | `PUT /sandbox/rate-limit` | `{"requestsPerSecond": N}` (> 0) | 204: every token may send N requests per second (a full bucket each); past it 429 with `Retry-After` (`SandboxRateLimit`) |
/// | `DELETE /sandbox/rate-limit` | | 204: no limit |
/// | `POST /sandbox/orgs` | `{"name","description"?}` | 201 org object |
/// | `POST /sandbox/users` | `{"name","status"?}` | 201 `{"id","name","status"}` |
/// | `POST /sandbox/tokens` | `{"token","userID"? or "userName"?,"orgID"?,"status"?}` | 201 token object |
/// | `POST /sandbox/buckets` | `{"name","org"? or "orgID"?,"retentionSeconds"?}` | 201 bucket object (no name rules) |
/// | `PATCH /sandbox/secrets` | `{"org"? or "orgID"?,"secrets":{key: value}}` | 204: secrets set |
/// | `PUT /sandbox/tasks/{id}/failure` | `{"message"}` | 204: the task's runs fail with it |
/// | `DELETE /sandbox/tasks/{id}/failure` | | 204: its runs succeed again |
/// | `PUT /sandbox/tasks/{id}/hold` | | 204: its new runs stay `scheduled` (to test cancel) |
/// | `DELETE /sandbox/tasks/{id}/hold` | | 204: held runs proceed |
/// | `POST /sandbox/tasks/{id}/runs` | `{"status","scheduledFor","startedAt"?,"finishedAt"?,"requestedAt"?,"log"?:[message…]}` | 201 run object: a run recorded as given, never executed (a run stuck in `started` for 30 hours, a `scheduled` run that never started, a failed run with its log); a completed one updates the task's `latestCompleted`, `lastRunStatus` and `lastRunError` as a finished run does (§12.2) |
enum ControlRoutes {
    static func router(ctx: APIContext, log: RequestLog, faults: FaultInjector, rateLimiter: RateLimiter) -> Router {
        var r = Router()
        addLogRoutes(to: &r, ctx: ctx, log: log, faults: faults, rateLimiter: rateLimiter)
        addRateLimitRoutes(to: &r, rateLimiter: rateLimiter)
        addFaultRoutes(to: &r, faults: faults)
        addSeedRoutes(to: &r, ctx: ctx)
        addTaskRoutes(to: &r, ctx: ctx)
        return r
    }

    /// The request log and `POST /sandbox/reset`.
    private static func addLogRoutes(to r: inout Router, ctx: APIContext, log: RequestLog, faults: FaultInjector, rateLimiter: RateLimiter) {
        r.add("GET", "/sandbox/requests") { _ in
            .json(200, ["requests": .array(log.all.map(\.json))])
        }
        r.add("DELETE", "/sandbox/requests") { _ in
            log.clear(); return .empty(204)
        }
        r.add("POST", "/sandbox/reset") { _ in
            do { try ctx.store.reset() } catch { return .error(.internalError("\(error)")) }
            log.clear()
            faults.clear()
            rateLimiter.reset()
            return .empty(204)
        }
    }

    /// The rate limit: `GET`/`PUT`/`DELETE /sandbox/rate-limit`.
    private static func addRateLimitRoutes(to r: inout Router, rateLimiter: RateLimiter) {
        r.add("GET", "/sandbox/rate-limit") { _ in
            let limit = rateLimiter.limit
            return .json(
                200,
                [
                    "requestsPerSecond": limit.map { RateLimiter.json($0.requestsPerSecond) } ?? .null,
                    "burst": limit.map { RateLimiter.json($0.burst) } ?? .null,
                ])
        }
        r.add("PUT", "/sandbox/rate-limit") { request in
            fields(request) { f in
                guard case .number(let text)? = f.object["requestsPerSecond"], let rate = Double(text), rate > 0, rate.isFinite else {
                    return .error(.invalid("invalid control request: requestsPerSecond must be a number greater than 0"))
                }
                rateLimiter.set(SandboxRateLimit(requestsPerSecond: rate))
                return .empty(204)
            }
        }
        r.add("DELETE", "/sandbox/rate-limit") { _ in
            rateLimiter.set(nil); return .empty(204)
        }
    }

    /// The faults: `GET`/`POST`/`DELETE /sandbox/faults[/{id}]`.
    private static func addFaultRoutes(to r: inout Router, faults: FaultInjector) {
        r.add("GET", "/sandbox/faults") { _ in .json(200, ["faults": .array(faults.all.map(\.json))]) }
        r.add("POST", "/sandbox/faults") { request in
            fields(request) { f in
                let fault = Fault(
                    id: 0, method: try f.string("method") ?? "", path: try f.string("path") ?? "*",
                    skip: try f.int("skip") ?? 0, count: try f.int("count") ?? 1, latencyMs: try f.int("latencyMs") ?? 0,
                    status: try f.int("status"), message: try f.string("message"), retryAfter: try f.int("retryAfter"),
                    drop: f.object["drop"] == .bool(true), truncate: f.object["truncate"] == .bool(true),
                    dropAnswer: f.object["dropAnswer"] == .bool(true),
                    trickleMs: try f.int("trickleMs") ?? 0, redirect: try f.string("redirect"),
                    html: f.object["html"] == .bool(true)
                )
                return .json(201, faults.add(fault).json, layout: .compact)
            }
        }
        r.add("DELETE", "/sandbox/faults") { _ in
            faults.clear(); return .empty(204)
        }
        r.add("DELETE", "/sandbox/faults/:id") { request in
            guard let id = Int(request.param("id")), faults.remove(id: id) else { return .error(.notFound("fault not found")) }
            return .empty(204)
        }
    }

    /// Fixtures a test seeds directly: orgs, users, tokens, buckets, secrets.
    private static func addSeedRoutes(to r: inout Router, ctx: APIContext) {
        r.add("POST", "/sandbox/orgs") { request in
            fields(request) { f in
                guard let name = try f.string("name")?.trimmingWhitespace(), !name.isEmpty else { return .error(.invalid("name is required")) }
                let description = try f.string("description") ?? ""
                return ctx.transaction { state in
                    if state.org(named: name) != nil { return .error(.conflict("organization with name \(name) already exists")) }
                    let now = Timestamp.now()
                    var id = IDGenerator.randomOrgID()
                    while state.org(id: id) != nil { id = IDGenerator.randomOrgID() }
                    let org = StoredOrg(id: id, name: name, description: description, createdAt: now, updatedAt: now)
                    state.orgs.append(org)
                    Seed.ensureSystemBuckets(of: id, in: &state, now: now)
                    for token in state.tokens where token.token == ctx.store.seed.token {
                        state.members.append(MemberMapping(resourceID: id, userID: token.userID, role: "owner"))
                    }
                    return .json(201, Rendering.org(org), layout: .compact)
                }
            }
        }
        r.add("POST", "/sandbox/users") { request in
            fields(request) { f in
                guard let name = try f.string("name"), !name.isEmpty else { return .error(.invalid("name is required")) }
                let status = try f.string("status") ?? "active"
                return ctx.transaction { state in
                    if state.users.contains(where: { $0.name == name }) { return .error(.conflict("user with name \(name) already exists")) }
                    let user = StoredUser(id: state.ids.nextSnowflake(now: .now()), name: name, status: status)
                    state.users.append(user)
                    return .json(201, ["id": .string(user.id), "name": .string(user.name), "status": .string(user.status)])
                }
            }
        }
        r.add("POST", "/sandbox/tokens") { request in
            fields(request) { f in
                guard let token = try f.string("token"), !token.isEmpty else { return .error(.invalid("token is required")) }
                let userID = try f.string("userID"), userName = try f.string("userName")
                let orgID = try f.string("orgID"), status = try f.string("status") ?? "active"
                return ctx.transaction { state in
                    guard
                        let user = state.users.first(where: { $0.id == userID || ($0.name == userName && userName != nil) })
                            ?? (userID == nil && userName == nil ? state.users.first : nil)
                    else { return .error(.notFound("user not found")) }
                    if state.tokens.contains(where: { $0.token == token }) { return .error(.conflict("token already exists")) }
                    let now = Timestamp.now()
                    let stored = StoredToken(
                        token: token, userID: user.id, orgID: orgID, status: status,
                        id: state.ids.nextSnowflake(now: now), description: "",
                        authOrgID: orgID ?? state.org(named: ctx.store.seed.orgName)?.id ?? state.orgs.first?.id,
                        createdAt: now, updatedAt: now)
                    state.tokens.append(stored)
                    var o: JSONObject = ["token": .string(token), "userID": .string(user.id), "status": .string(status)]
                    o.append("orgID", ifPresent: orgID)
                    return .json(201, o)
                }
            }
        }
        r.add("POST", "/sandbox/buckets") { request in
            fields(request) { f in try seedBucket(f, ctx) }
        }
        r.add("PATCH", "/sandbox/secrets") { request in
            fields(request) { f in try seedSecrets(f, ctx) }
        }
    }

    /// Task run behaviour: failures, holds, recorded runs.
    private static func addTaskRoutes(to r: inout Router, ctx: APIContext) {
        r.add("PUT", "/sandbox/tasks/:id/failure") { request in
            fields(request) { f in
                let message = try f.string("message") ?? "simulated failure"
                let id = request.param("id")
                return ctx.transaction { state in
                    state.runFailures[id] = message
                    return .empty(204)
                }
            }
        }
        r.add("DELETE", "/sandbox/tasks/:id/failure") { request in
            ctx.transaction { state in
                state.runFailures[request.param("id")] = nil
                return .empty(204)
            }
        }
        r.add("PUT", "/sandbox/tasks/:id/hold") { request in
            ctx.transaction { state in
                state.heldTasks.insert(request.param("id"))
                return .empty(204)
            }
        }
        r.add("DELETE", "/sandbox/tasks/:id/hold") { request in
            let id = request.param("id")
            var pending: [String] = []
            let reply = ctx.transaction { state in
                state.heldTasks.remove(id)
                pending = state.runs.values.filter { $0.taskID == id && $0.status == "scheduled" }.map(\.id)
                return .empty(204)
            }
            for runID in pending { ctx.simulator.execute(runID: runID) }
            return reply
        }
        r.add("POST", "/sandbox/tasks/:id/runs") { request in
            fields(request) { f in try recordRun(request.param("id"), f, ctx) }
        }
    }

    /// The org a seeding request names by `orgID` or `org` (name), else the seeded org.
    private static func seedingOrg(orgID: String?, org: String?, _ state: SandboxState, _ ctx: APIContext) -> StoredOrg? {
        if let orgID { return state.org(id: orgID) }
        return state.org(named: org ?? ctx.store.seed.orgName)
    }

    /// `POST /sandbox/buckets {"name","org"? or "orgID"?,"retentionSeconds"?}`: adds a user bucket
    /// without permission checks or name rules (so tests can seed anything).
    private static func seedBucket(_ f: BodyFields, _ ctx: APIContext) throws -> Reply {
        guard let name = try f.string("name") else { return .error(.invalid("name is required")) }
        let retention = try f.int("retentionSeconds") ?? 0
        let orgID = try f.string("orgID"), orgName = try f.string("org")
        return ctx.transaction { state in
            guard let org = seedingOrg(orgID: orgID, org: orgName, state, ctx) else { return .error(.notFound("organization not found")) }
            if state.buckets.values.contains(where: { $0.orgID == org.id && $0.name == name }) {
                return .error(.conflict("bucket with name \(name) already exists"))
            }
            let now = Timestamp.now()
            let bucket = StoredBucket(
                id: Seed.newBucketID(state), orgID: org.id, name: name, everySeconds: retention,
                shardGroupSeconds: StoredBucket.normalizedShardGroup(retention: retention, requested: 0),
                createdAt: now, updatedAt: now)
            state.buckets[bucket.id] = bucket
            return .json(201, Rendering.bucket(bucket, labels: []), layout: .compact)
        }
    }

    /// `PATCH /sandbox/secrets {"org"? or "orgID"?,"secrets":{key: value}}`: sets secrets.
    private static func seedSecrets(_ f: BodyFields, _ ctx: APIContext) throws -> Reply {
        let values = try f.stringMap("secrets") ?? []
        let orgID = try f.string("orgID"), orgName = try f.string("org")
        return ctx.transaction { state in
            guard let org = seedingOrg(orgID: orgID, org: orgName, state, ctx) else { return .error(.notFound("organization not found")) }
            for (key, value) in values { state.secrets[org.id, default: [:]][key] = value }
            return .empty(204)
        }
    }

    /// Records a run exactly as the control request describes it.
    private static func recordRun(_ taskID: String, _ f: BodyFields, _ ctx: APIContext) throws -> Reply {
        let status = try f.string("status") ?? "success"
        guard ["scheduled", "started", "success", "failed", "canceled"].contains(status) else {
            return .error(.invalid("status must be scheduled, started, success, failed or canceled"))
        }
        func time(_ key: String) throws -> Timestamp? {
            guard let text = try f.string(key) else { return nil }
            return try Timestamp.parseRFC3339(text)
        }
        let scheduledFor = try time("scheduledFor") ?? Timestamp.now().truncatedToSecond
        let startedAt = try time("startedAt"), requestedAt = try time("requestedAt")
        var finishedAt = try time("finishedAt")
        if ["success", "failed", "canceled"].contains(status), finishedAt == nil { finishedAt = startedAt ?? scheduledFor }
        var messages: [String] = []
        if case .array(let items)? = f.object["log"] {
            for item in items {
                guard case .string(let text) = item else { return .error(.invalid("log must be an array of strings")) }
                messages.append(text)
            }
        }
        return ctx.transaction { state in
            guard var task = state.tasks[taskID] else { return .error(.notFound("task not found")) }
            let lineTime = finishedAt ?? startedAt ?? scheduledFor
            let run = StoredRun(
                id: state.ids.nextSnowflake(now: .now()), taskID: taskID, status: status,
                scheduledFor: scheduledFor, startedAt: startedAt, finishedAt: finishedAt, requestedAt: requestedAt,
                log: messages.map { StoredLogLine(time: lineTime, message: $0) })
            state.runs[run.id] = run
            if run.isCompleted {
                if scheduledFor.truncatedToSecond > task.latestCompleted { task.latestCompleted = scheduledFor.truncatedToSecond }
                task.lastRunStatus = status
                // §12.2: the second-to-last log message of a failed run.
                task.lastRunError = status == "failed" && messages.count >= 2 ? messages[messages.count - 2] : nil
                state.tasks[taskID] = task
            }
            return .json(201, Rendering.run(run), layout: .compact)
        }
    }

    /// Decodes the body as an object and runs `body`; decoding problems become 400s.
    private static func fields(_ request: RouteRequest, _ body: (BodyFields) throws -> Reply) -> Reply {
        do {
            let f = try BodyFields.decode(request.body.isEmpty ? Array("{}".utf8) : request.body, structName: "control", goType: "object")
            return try body(f)
        } catch let e as JSONParser.Failure {
            return .error(.invalid("invalid control request: \(e.message)"))
        } catch let e as BodyFields.Mismatch {
            return .error(.invalid("invalid control request: \(e.message)"))
        } catch let e as TimestampParseError {
            return .error(.invalid("invalid control request: \(e.message)"))
        } catch {
            return .error(.invalid("invalid control request: \(goMessage(error))"))
        }
    }
}
