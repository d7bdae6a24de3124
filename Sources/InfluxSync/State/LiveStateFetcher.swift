import InfluxAPI

/// Which org to work in: by name (`--org`) or ID (`--org-id`).
public enum OrgSelector: Hashable, Sendable {
    case name(String)
    case id(String)
}

/// Reads the live state of an org (design.md "fetch").
public enum LiveStateFetcher {
    /// Page size for `GET /api/v2/tasks` (the server's maximum, §5.1).
    public static let pageSize = 500
    /// Most tasks read from one org: a server (or proxy) that keeps answering with new pages
    /// would otherwise be read for ever, holding every page. Ten times the largest org the
    /// benchmarks plan (10,000 tasks).
    public static let maxTasks = 100_000

    /// Resolves the org, lists its labels, and lists every task with `orgID`, `limit=500` and an
    /// `after` cursor until a short page. Apply-lock labels (`ApplyLease.isLease`) are left
    /// out of `LiveState.labels` (they are in `LiveState.leases`): a lease is never a managed,
    /// unmanaged, pruned or drifted label (nor a task's label), and a lease taken by an apply
    /// never makes a saved plan look stale.
    /// - Throws: `InfluxAPIError` from the client, or one of its own when a page repeats a task
    ///   already read (a pagination cursor that does not advance).
    public static func fetch(client: any InfluxAPIClient, org: OrgSelector) async throws -> LiveState {
        try await fetch(client: client, org: resolve(org, client: client))
    }

    /// Looks the org up: `GET /api/v2/orgs?org=<name>` or `GET /api/v2/orgs/{id}` (§11).
    /// - Throws: `InfluxAPIError` from the client (404 when unknown).
    public static func resolve(_ org: OrgSelector, client: any InfluxAPIClient) async throws -> InfluxOrg {
        switch org {
        case .name(let name): try await client.findOrg(name: name)
        case .id(let id): try await client.findOrg(id: id)
        }
    }

    /// As `fetch(client:org:)` for an org already resolved (apply resolves it first to take
    /// the apply lock before reading anything else). The tasks are read as `tasks(client:orgID:)`
    /// reads them, and their scripts parsed on the way, for the planner.
    /// - Throws: `InfluxAPIError` from the client, or when a page repeats a task already read.
    /// The labels and the first task page are asked for together; when both fail, the labels'
    /// error is the one thrown (as when they were read first).
    public static func fetch(client: any InfluxAPIClient, org resolved: InfluxOrg) async throws -> LiveState {
        async let taskRead = readTasks(client: client, orgID: resolved.id, parseScripts: true)
        let all = try await client.listLabels(orgID: resolved.id)
        var live = LiveState(org: resolved, labels: all.filter { !ApplyLease.isLease($0) })
        live.leases = all.compactMap(ApplyLease.init(label:))
        (live.tasks, live.parsedScripts) = try await taskRead
        return live
    }

    /// Every task of the org, in ID order, without apply-lock labels.
    ///
    /// Pages are read one after the other, each with `after` = the ID of the last task of the
    /// page before (§5.3), until a short page. While a page is decoded the next one is already
    /// asked for with the cursor its `links.next` names (§5.4), which is that same ID on a
    /// server that follows §5.4; when the decoded page shows another ID, or a short page, the
    /// early answer is dropped and the right request sent, so the tasks read never depend on
    /// `links.next`.
    /// - Throws: `InfluxAPIError` from the client, or when a page repeats a task already read.
    public static func tasks(client: any InfluxAPIClient, orgID: String) async throws -> [InfluxTask] {
        try await readTasks(client: client, orgID: orgID, parseScripts: false).tasks
    }

    /// - Throws: also when the pages hold more than `maxTasks` tasks.
    static func readTasks(
        client: any InfluxAPIClient, orgID: String, parseScripts: Bool, maxTasks: Int = maxTasks
    ) async throws -> (tasks: [InfluxTask], scripts: ParsedScripts) {
        var tasks: [InfluxTask] = []
        var scripts = ParsedScripts()
        var after: String? = nil
        var seen = Set<String>()
        var page = try await client.listTaskPage(orgID: orgID, after: nil, limit: pageSize)
        while true {
            let current = page
            async let read = PageRead(current, parseScripts: parseScripts)
            var ahead: Result<InfluxTaskPage, any Error>? = nil
            if let cursor = current.nextAfter {
                do { ahead = .success(try await client.listTaskPage(orgID: orgID, after: cursor, limit: pageSize)) } catch { ahead = .failure(error) }
            }
            let done = try await read
            /// The page's answer refused: it was a 200 to the request for the page after `after`.
            func refused(_ message: String, hint: String? = nil) -> InfluxAPIError {
                InfluxAPIError(
                    method: "GET", path: "/api/v2/tasks?orgID=\(orgID)&after=\(after ?? "")&limit=\(pageSize)", status: 200, code: nil,
                    message: message, hint: hint)
            }
            // A cursor that does not move on (the page repeats tasks already read) would loop
            // for ever and plan against a wrong task list: end the read instead.
            // Within the page too: a task listed twice would look like an owned copy of itself,
            // and `--prune` would delete it as a duplicate.
            var onPage = Set<String>()
            for task in done.tasks {
                let what: String
                if task.orgID != orgID {
                    // Asked for one org's tasks, the answer holds another's: planning, pruning or
                    // a run command by name would act on it.
                    what = "the server's task list for org \(orgID) holds task \(task.id) of org \(DisplayText.escaped(task.orgID))"
                } else if seen.contains(task.id) {
                    what = "the server's task list did not advance: the page after \(after ?? "the start") repeats task \(task.id)"
                } else if !onPage.insert(task.id).inserted {
                    what = "the server's task list is not one task per entry: the page after \(after ?? "the start") lists task \(task.id) twice"
                } else {
                    continue
                }
                throw refused(what)
            }
            seen.formUnion(onPage)
            tasks += done.tasks
            if tasks.count > maxTasks {
                throw refused(
                    "the server listed more than \(grouped(maxTasks)) tasks; influxsync stops reading there",
                    hint: "a server or proxy that keeps answering with new pages would be read for ever; check that --host names InfluxDB itself")
            }
            scripts.merge(done.scripts)
            guard done.tasks.count == pageSize, let last = done.tasks.last else { break }
            after = last.id
            if let ahead, current.nextAfter == last.id {
                page = try ahead.get()
            } else {
                page = try await client.listTaskPage(orgID: orgID, after: last.id, limit: pageSize)
            }
        }
        return (tasks, scripts)
    }

    /// `100000` as `100,000`.
    private static func grouped(_ number: Int) -> String {
        var digits = Array(String(number))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }

    /// One page decoded: its tasks without apply-lock labels, and (when asked) their Flux
    /// scripts parsed.
    private struct PageRead: Sendable {
        var tasks: [InfluxTask]
        var scripts = ParsedScripts()

        init(_ page: InfluxTaskPage, parseScripts: Bool) throws {
            tasks = try page.tasks()
            if parseScripts { scripts.reserveCapacity(tasks.count) }
            // The decoder makes a copy of every label and org ID for every task; equal values
            // are made to share one copy (the page holds a few labels, each on many tasks).
            var labels: [String: InfluxLabel] = [:]
            var ids: [String: String] = [:]
            func shared(_ id: inout String) {
                if let known = ids[id] { id = known } else { ids[id] = id }
            }
            for index in tasks.indices {
                tasks[index].labels.removeAll(where: ApplyLease.isLease)
                for position in tasks[index].labels.indices {
                    let label = tasks[index].labels[position]
                    if let known = labels[label.id], known == label { tasks[index].labels[position] = known } else { labels[label.id] = label }
                }
                shared(&tasks[index].orgID)
                if tasks[index].ownerID != nil { shared(&tasks[index].ownerID!) }
                if parseScripts { scripts.parse(tasks[index].flux) }
            }
        }
    }
}
