/// A decoded and validated PATCH /api/v2/tasks/{id} body (influxdb-api.md §7.1–§7.2).
struct TaskUpdate: Equatable {
    var flux: String?
    var status: String?
    var description: String?
    var name: String?
    /// Non-zero `every` text.
    var every: String?
    var cron: String?
    /// nil: absent; `""`/zero → remove; else the text.
    var offset: String?
    var concurrency: Int?
    var retry: Int?

    /// True when no option field has a non-zero value (Go's `Options.IsZero`).
    var optionsAreZero: Bool {
        name == nil && every == nil && cron == nil && (offset == nil || GoDuration.isZero(offset!))
            && (concurrency ?? 0) == 0 && (retry ?? 0) == 0
    }

    /// The script edits requested (§7.3 A3).
    var edits: TaskScriptEdits {
        var e = TaskScriptEdits(name: name, every: every, cron: cron)
        if let offset { e.offset = GoDuration.isZero(offset) ? .remove : .set(offset) }
        return e
    }

    /// Decodes and validates a body; the message is the part after `failed to decode request: `.
    static func decode(_ body: [UInt8]) -> Result<TaskUpdate, APIError> {
        let prefix = "failed to decode request"
        do {
            let f = try BodyFields.decode(body, structName: "TaskUpdate", goType: "taskmodel.TaskUpdate")
            var u = TaskUpdate()
            u.flux = try f.string("flux")
            u.status = try f.string("status")
            u.description = try f.string("description")
            u.name = try f.string("name").flatMap { $0.isEmpty ? nil : $0 }
            u.cron = try f.string("cron").flatMap { $0.isEmpty ? nil : $0 }
            do {
                if let every = try f.string("every"), let text = try GoDuration.patchDuration(every), !GoDuration.isZero(text) {
                    u.every = text
                }
                if let offset = try f.string("offset") {
                    u.offset = try GoDuration.patchDuration(offset) ?? ""
                }
            } catch let failure as TaskScriptFailure {
                return .failure(.invalid("\(prefix): \(failure.text)"))
            }
            u.concurrency = try f.int("concurrency")
            u.retry = try f.int("retry")
            if let error = u.validate() { return .failure(.invalid("\(prefix): \(error)")) }
            return .success(u)
        } catch let failure as JSONParser.Failure {
            return .failure(.invalid("\(prefix): \(failure.message)"))
        } catch let mismatch as BodyFields.Mismatch {
            return .failure(.invalid("\(prefix): \(mismatch.message)"))
        } catch {
            return .failure(.invalid("\(prefix): \(goMessage(error))"))
        }
    }

    /// §7.2: only the first matching rule is checked.
    func validate() -> String? {
        if every != nil && cron != nil { return "cannot specify both every and cron" }
        if every != nil { return nil }
        if let offset, !GoDuration.isZero(offset) {
            do { _ = try GoDuration.parse(offset) } catch {
                return "offset: \(offset), \(error.text) is invalid, the largest unit supported is h"
            }
            return nil
        }
        if flux == nil && status == nil && optionsAreZero { return "cannot update task without content" }
        if let status, status != "active" && status != "inactive" { return "invalid task status: \(goQuote(status))" }
        return nil
    }
}
