/// GET /api/v2/tasks (influxdb-api.md §5).
enum TaskListRoute {
    /// The decoded query of a list request (§5.1).
    struct Filter {
        var after: String?
        var orgID: String?
        var orgName: String?
        var user: String?
        var limit = 100
        var name: String?
        var status: String?
        var basic = false
        /// Cloud (§15.1): `sortBy=name`, `offset`, `scriptID`; `limit=-1` is `Int.max`.
        var sortByName = false
        var offset = 0
        var scriptID: String?
    }

    static func handle(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        ctx.read { state in
            switch decode(request.query, state, flavor: ctx.flavor) {
            case .failure(let error): return .error(error)
            case .success(let filter): return list(filter, caller: request.caller!, state)
            }
        }
    }

    private static func decode(_ q: QueryItems, _ state: SandboxState, flavor: SandboxFlavor) -> Result<Filter, APIError> {
        let prefix = "failed to decode request"
        var f = Filter()
        func id(_ name: String) -> Result<String?, APIError> {
            let raw = q[name]
            if raw.isEmpty { return .success(nil) }
            do { return .success(try Identifier.parse(raw)) } catch { return .failure(.invalid("\(prefix): \(error.message)")) }
        }
        do {
            f.after = try id("after").get()
            f.orgID = try id("orgID").get()
            let orgName = q["org"]
            if !orgName.isEmpty {
                guard let org = state.org(named: orgName) else {
                    return .failure(.invalid("\(prefix): organization name \(goQuote(orgName)) not found"))
                }
                f.orgID = org.id
                f.orgName = orgName
            }
            f.user = try id("user").get()
        } catch { return .failure(error) }
        let limit = q["limit"]
        if !limit.isEmpty {
            guard let value = Int(limit), limit.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }) else {
                return .failure(.invalid("\(prefix): strconv.Atoi: parsing \(goQuote(limit)): invalid syntax"))
            }
            if flavor == .cloud && value == -1 {
                f.limit = Int.max
            } else {
                guard (1...500).contains(value) else { return .failure(.invalid("\(prefix): limit must be between 1 and 500")) }
                f.limit = value
            }
        }
        let status = q["status"]
        if status == "active" || status == "inactive" { f.status = status }
        switch q["type"] {
        case "", "system": break
        case "basic": f.basic = true
        case let other: return .failure(.invalid("\(prefix): \(goQuote(other)) is not a valid task type"))
        }
        let name = q["name"]
        if !name.isEmpty { f.name = name }
        if flavor == .cloud {
            f.sortByName = q["sortBy"] == "name"
            if !q["offset"].isEmpty {
                guard let o = FindOptions.goAtoi(q["offset"]), o >= 0 else { return .failure(.invalid("\(prefix): offset is invalid")) }
                f.offset = o
            }
            if !q["scriptID"].isEmpty { f.scriptID = q["scriptID"] }
        }
        return .success(f)
    }

    private static func list(_ f: Filter, caller: Caller, _ state: SandboxState) -> Reply {
        // §5.2: which index is scanned.
        let ownerScan = f.user != nil || f.orgID == nil
        let owner = f.user ?? caller.userID
        let scanned = state.tasks.ids(org: ownerScan ? nil : f.orgID)
        let ids = f.sortByName ? scanned.sorted { (state.tasks[$0]!.name, $0) < (state.tasks[$1]!.name, $1) } : scanned
        // §5.3: seek to the first key ≥ after and always drop it.
        let start =
            f.after.map { after in
                min((f.sortByName ? ids.firstIndex { $0 >= after } ?? ids.count : TaskTable.lowerBound(after, in: ids)) + 1, ids.count)
            } ?? 0
        var page: [StoredTask] = []
        var skipped = 0
        for id in ids[start...] {
            guard page.count < f.limit else { break }
            guard let task = state.tasks[id] else { continue }
            if ownerScan && task.ownerID != owner { continue }
            if task.type != "system" { continue }
            if let name = f.name, task.name != name { continue }
            if let status = f.status, task.status != status { continue }
            if let scriptID = f.scriptID, task.scriptID != scriptID { continue }
            if skipped < f.offset { skipped += 1; continue }
            page.append(task)
        }
        let visible = page.filter { caller.may("read", "tasks", org: $0.orgID, id: $0.id) }
        var params: [(String, String)] = [("limit", f.limit == Int.max ? "-1" : String(f.limit))]
        if let after = f.after { params.append(("after", after)) }
        if let orgName = f.orgName { params.append(("org", orgName)) }
        if let orgID = f.orgID { params.append(("orgID", orgID)) }
        if let user = f.user { params.append(("user", user)) }
        var links: JSONObject = ["self": .string(link(params))]
        if visible.count == f.limit, let last = visible.last {
            let next = params.filter { $0.0 != "after" } + [("after", last.id)]
            links.append("next", .string(link(next)))
        }
        let tasks = visible.map { Rendering.task($0, labels: state.labels(ofResource: $0.id), basic: f.basic) }
        return .json(200, ["links": .object(links), "tasks": .array(tasks)])
    }

    /// `/api/v2/tasks?` + params sorted by key, URL-encoded (Go's `url.Values.Encode`).
    private static func link(_ params: [(String, String)]) -> String {
        "/api/v2/tasks?"
            + params.sorted { $0.0 < $1.0 }
            .map { "\(QueryItems.escape($0.0))=\(QueryItems.escape($0.1))" }.joined(separator: "&")
    }
}
