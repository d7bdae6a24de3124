/// JSON shapes of the objects the API returns (influxdb-api.md §3, §9.1, §11, §12.1).
enum Rendering {
    /// A task (§3). `basic` gives the slim `type=basic` form: `flux` and `org` empty, no
    /// `createdAt`/`updatedAt`.
    static func task(_ t: StoredTask, labels: [StoredLabel], basic: Bool = false) -> JSONValue {
        let base = "/api/v2/tasks/\(t.id)"
        var o = JSONObject()
        o.append(
            "links",
            .object([
                "self": .string(base), "owners": .string(base + "/owners"), "members": .string(base + "/members"),
                "runs": .string(base + "/runs"), "logs": .string(base + "/logs"), "labels": .string(base + "/labels"),
            ]))
        o.append("labels", .array(labels.map(label)))
        o.append("id", .string(t.id))
        o.append("orgID", .string(t.orgID))
        o.append("org", .string(basic ? "" : t.orgName))
        o.append("ownerID", .string(t.ownerID))
        o.append("name", .string(t.name))
        if !t.description.isEmpty { o.append("description", .string(t.description)) }
        o.append("status", .string(t.status))
        o.append("flux", .string(basic ? "" : t.flux))
        o.append("scriptID", ifPresent: t.scriptID)
        if let text = t.scriptParameters, let value = try? JSONParser.parse(Array(text.utf8)) { o.append("scriptParameters", value) }
        if let every = t.every, !every.isEmpty { o.append("every", .string(every)) }
        if let cron = t.cron, !cron.isEmpty { o.append("cron", .string(cron)) }
        if t.offsetNanoseconds != 0 { o.append("offset", .string(GoDuration.offsetText(t.offsetNanoseconds))) }
        o.append("latestCompleted", .string(t.latestCompleted.rfc3339Seconds))
        o.append("lastRunStatus", ifPresent: t.lastRunStatus)
        o.append("lastRunError", ifPresent: t.lastRunError)
        if !basic {
            o.append("createdAt", .string(t.createdAt.rfc3339Seconds))
            o.append("updatedAt", ifPresent: t.updatedAt?.rfc3339Seconds)
        }
        return .object(o)
    }

    /// A label (§9.1); `properties` omitted when empty, keys sorted like a Go map.
    static func label(_ l: StoredLabel) -> JSONValue {
        var o: JSONObject = ["id": .string(l.id), "orgID": .string(l.orgID), "name": .string(l.name)]
        if !l.properties.isEmpty {
            o.append("properties", .object(JSONObject(l.properties.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        return .object(o)
    }

    /// `{"links": {"self": "/api/v2/labels/<id>"}, "label": {…}}` (§9.3, §10.1).
    static func labelResponse(_ l: StoredLabel) -> JSONObject {
        ["links": .object(["self": .string("/api/v2/labels/\(l.id)")]), "label": label(l)]
    }

    /// An org (§11).
    static func org(_ org: StoredOrg) -> JSONValue {
        let base = "/api/v2/orgs/\(org.id)"
        let name = QueryItems.escape(org.name)
        let links: JSONObject = [
            "self": .string(base), "members": .string(base + "/members"), "owners": .string(base + "/owners"),
            "labels": .string(base + "/labels"), "secrets": .string(base + "/secrets"),
            "buckets": .string("/api/v2/buckets?org=\(name)"), "tasks": .string("/api/v2/tasks?org=\(name)"),
            "dashboards": .string("/api/v2/dashboards?org=\(name)"), "logs": .string(base + "/logs"),
        ]
        return .object([
            "links": .object(links), "id": .string(org.id), "name": .string(org.name),
            "description": .string(org.description),
            "createdAt": .string(org.createdAt.rfc3339Nano), "updatedAt": .string(org.updatedAt.rfc3339Nano),
        ])
    }

    /// A run (§12.1).
    static func run(_ r: StoredRun) -> JSONValue {
        let base = "/api/v2/tasks/\(r.taskID)/runs/\(r.id)"
        var o: JSONObject = [
            "links": .object([
                "self": .string(base), "task": .string("/api/v2/tasks/\(r.taskID)"),
                "logs": .string(base + "/logs"), "retry": .string(base + "/retry"),
            ]),
            "id": .string(r.id), "taskID": .string(r.taskID), "status": .string(r.status),
            "scheduledFor": .string(r.scheduledFor.rfc3339Nano),
        ]
        o.append("startedAt", ifPresent: r.startedAt?.rfc3339Nano)
        o.append("finishedAt", ifPresent: r.finishedAt?.rfc3339Nano)
        o.append("requestedAt", ifPresent: r.requestedAt.map { r.isCompleted ? $0.truncatedToSecond.rfc3339Nano : $0.rfc3339Nano })
        if !r.log.isEmpty { o.append("log", .array(r.log.map { logEvent($0, runID: r.id) })) }
        return .object(o)
    }

    /// A log event (§13).
    static func logEvent(_ line: StoredLogLine, runID: String) -> JSONValue {
        .object(["runID": .string(runID), "time": .string(line.time.rfc3339Nano), "message": .string(line.message)])
    }

    /// A user as the members/owners endpoints show it.
    static func resourceUser(_ user: StoredUser, role: String) -> JSONValue {
        .object([
            "role": .string(role),
            "links": .object(["self": .string("/api/v2/users/\(user.id)")]),
            "id": .string(user.id), "name": .string(user.name), "status": .string(user.status),
        ])
    }
}
