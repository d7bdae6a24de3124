import Foundation
import InfluxAPI

/// Computes a `DriftReport` from the manifests and the live state. Pure: the differences come
/// from `Planner.plan` (the same identity, ownership and comparison rules as `plan`, with
/// `--prune` off), the run health from the live tasks and the runs read by `RunHistory`.
public enum DriftDetector {
    /// Plans `desired` against `live` and turns the plan into a report.
    /// - Throws: `PlanError` when the plan cannot be made (ambiguous or foreign-owned tasks).
    public static func detect(
        desired: DesiredState, live: LiveState, runs: [String: [InfluxRun]] = [:],
        ownerLabel: String = "influxsync", checkedAt: Date
    ) throws(PlanError) -> DriftReport {
        let plan = try Planner.plan(desired: desired, live: live, options: PlanOptions(ownerLabel: ownerLabel, prune: false, resolveDuplicateLabels: true))
        return report(plan: plan, live: live, runs: runs, checkedAt: checkedAt)
    }

    /// `report(plan:live:records:checkedAt:options:)` with bare run lists (no logs read).
    public static func report(plan: Plan, live: LiveState, runs: [String: [InfluxRun]], checkedAt: Date) -> DriftReport {
        report(plan: plan, live: live, records: runs.mapValues { TaskRunRecord(runs: $0) }, checkedAt: checkedAt)
    }

    /// Turns a plan (computed without `--prune`) into a report:
    /// `create` → missing, `update` or `convert` → changed, `adopt` → not owned, `would-prune`/`delete`/`kept` →
    /// owned but undeclared (an owned duplicate task → duplicate), `unmanaged` → unmanaged;
    /// every live label whose name a lower-ID live label shares → duplicate; run health for
    /// every managed task.
    /// - Parameters:
    ///   - records: what `RunHistory` read, per task ID.
    ///   - options: the stuck bound and whether a scheduler runs.
    ///   - includeIgnored: also report each of `plan.ignored` as an `ignored` finding
    ///     (`drift --include-ignored`), after the other findings of the plan.
    public static func report(
        plan: Plan, live: LiveState, records: [String: TaskRunRecord], checkedAt: Date,
        options: RunHealthOptions = RunHealthOptions(), includeIgnored: Bool = false
    ) -> DriftReport {
        var findings: [DriftFinding] = []
        let isOwner = { (name: String) in Self.sameLabelName(name, plan.ownerLabel) }
        for change in plan.changes {
            switch change.action {
            case .create:
                findings.append(DriftFinding(kind: .missing, resource: change.resource))
            case .update, .convert:
                findings.append(
                    DriftFinding(
                        kind: .changed, resource: change.resource, fields: change.fields, fluxDiff: change.fluxDiff,
                        labelsMissing: change.labelsAdded, labelsExtra: change.labelsRemoved))
            case .adopt:
                findings.append(
                    DriftFinding(
                        kind: .notOwned, resource: change.resource, fields: change.fields, fluxDiff: change.fluxDiff,
                        labelsMissing: change.labelsAdded.filter { !isOwner($0) }, labelsExtra: change.labelsRemoved))
            case .delete, .wouldPrune, .kept:
                if let kept = change.duplicateOf {
                    findings.append(DriftFinding(kind: .duplicate, resource: change.resource, duplicateOf: kept))
                } else {
                    findings.append(
                        DriftFinding(
                            kind: .ownedUndeclared, resource: change.resource,
                            unmanagedTasks: change.action == .kept ? change.unmanagedTasks : nil))
                }
            }
        }
        if includeIgnored {
            for entry in plan.ignored ?? [] {
                var finding = DriftFinding(
                    kind: .ignored, resource: entry.resource,
                    fields: entry.fields.map { FieldChange(field: $0.field, old: $0.live, new: $0.manifest) })
                var rules: [String] = []
                for rule in entry.fields.map(\.rule) where !rules.contains(rule) { rules.append(rule) }
                finding.policyRules = rules
                findings.append(finding)
            }
        }
        findings += plan.unmanaged.map { DriftFinding(kind: .unmanaged, resource: $0) }
        // Live labels sharing a name (InfluxDB accepted them until late 2019): every one but
        // the copy to keep (`LabelPlanner.preferred`: managed, else in use, else the lowest
        // ID), whether or not a manifest declares the name.
        let groups = Dictionary(grouping: live.labels, by: { Ownership.labelIdentity($0.name) })
        let inUse = Set(live.tasks.flatMap { $0.labels.map(\.id) })
        for group in groups.values.map({ $0.sorted { $0.id < $1.id } }).sorted(by: { $0[0].id < $1[0].id }) where group.count > 1 {
            let kept = LabelPlanner.preferred(group, inUse: inUse, ownerLabel: plan.ownerLabel)
            for label in group where label.id != kept.id {
                findings.append(DriftFinding(kind: .duplicate, resource: ResourceRef(kind: .label, name: label.name, id: label.id), duplicateOf: kept.id))
            }
        }

        let managed = managedTasks(plan: plan, live: live)
        let refs = Dictionary(
            plan.changes.compactMap { c -> (String, ResourceRef)? in c.resource.kind == .task ? c.resource.id.map { ($0, c.resource) } : nil },
            uniquingKeysWith: { a, _ in a })
        let health = managed.map { task in
            TaskRunHealth.evaluate(
                task: task, ref: refs[task.id] ?? ResourceRef(kind: .task, name: task.name, id: task.id),
                record: records[task.id], checkedAt: checkedAt, options: options)
        }
        var report = DriftReport(
            orgID: plan.orgID, ownerLabel: plan.ownerLabel, checkedAt: RFC3339.format(checkedAt),
            findings: findings, runHealth: health)
        report.orgName = live.org.name
        if !options.scheduleChecked { report.schedulerNote = RunHealthOptions.noSchedulerNote }
        if !plan.findings.isEmpty { report.scriptFindings = plan.findings }
        return report
    }

    /// The live tasks a manifest declares, ordered by ID: owned tasks that are not
    /// owned-but-undeclared, plus tasks the plan would adopt. Owned means carrying the org's
    /// owner label itself (by ID: the live label with the owner label's name and the
    /// `influxsync.role: owner-label` property), never merely a label of the same name.
    public static func managedTasks(plan: Plan, live: LiveState) -> [InfluxTask] {
        let undeclared = Set(plan.changes.filter { [.delete, .wouldPrune].contains($0.action) && $0.resource.kind == .task }.compactMap(\.resource.id))
        // (Owned duplicates are delete/would-prune changes too, so they are left out here.)
        let adopted = Set(plan.changes.filter { $0.action == .adopt && $0.resource.kind == .task }.compactMap(\.resource.id))
        let unmanaged = Set(plan.unmanaged.compactMap(\.id))
        let ownerID = ownerLabel(named: plan.ownerLabel, in: live)?.id
        return live.tasks.filter { task in
            guard !undeclared.contains(task.id), !unmanaged.contains(task.id) else { return false }
            return adopted.contains(task.id) || (ownerID != nil && task.labels.contains { $0.id == ownerID })
        }.sorted { $0.id < $1.id }
    }

    /// The org's owner label called `name`: a live label of this org with that name (InfluxDB's
    /// label identity rule) and the owner role property; nil when there is none.
    static func ownerLabel(named name: String, in live: LiveState) -> InfluxLabel? {
        live.labels.first { $0.orgID == live.org.id && Ownership.isOwnerLabel($0, named: name) }
    }

    /// Why the org's tasks cannot be told owned by `ownerLabel`, as `plan` refuses it: a live
    /// label of that name that is not an owner label (it lacks the role property). Nil when
    /// there is none.
    public static func ownerLabelProblem(ownerLabel: String, live: LiveState) -> String? {
        guard Self.ownerLabel(named: ownerLabel, in: live) == nil,
            let impostor = live.labels.first(where: { Ownership.labelIdentity($0.name) == Ownership.labelIdentity(ownerLabel) })
        else { return nil }
        return
            "the org has a label \(DisplayText.quoted(impostor.name)) (\(impostor.id)) that is not an influxsync owner label (it lacks the property \(Ownership.roleProperty)=\(Ownership.ownerLabelRole)); choose another --owner-label, or delete or rename that label"
    }

    /// Label names compare as InfluxDB enforces uniqueness: trimmed, case-insensitive (§10.1).
    static func sameLabelName(_ a: String, _ b: String) -> Bool {
        a.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == b.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

/// Reads what `TaskRunHealth` needs for every managed task, concurrently (at most
/// `maxConcurrentTasks` tasks at a time): one `GET /api/v2/tasks/{id}/runs?afterTime=<three
/// days back>&limit=<limit>` (§12.3: queued and running runs first, then the newest completed
/// ones, so one page of `limit` holds all that is needed), and when the newest completed run
/// failed, `GET /api/v2/tasks/{id}/runs/{runID}/logs` (§13) for its error. An error on one
/// task's reads marks that task unavailable and the others go on — but for a `429` the client
/// could not get past with its own retries: the server is throttling this token, and every
/// further read would wait out `Retry-After` as long, so the tasks not yet read are marked
/// unavailable without a request (a report of 300 tasks under a persistent 429 took minutes).
public enum RunHistory {
    /// How many tasks are read at once.
    public static let maxConcurrentTasks = 8
    /// The largest `limit` the run listing accepts (§12.3).
    public static let maxLimit = 500

    /// Records per task ID, one for every task given.
    /// - Parameters:
    ///   - limit: runs to list per task, clamped to 1…500.
    /// - Throws: only cancellation; API errors become `TaskRunRecord.unavailable`.
    public static func fetch(client: any InfluxRunsAPI, tasks: [InfluxTask], checkedAt: Date, limit: Int = 20) async throws -> [String: TaskRunRecord] {
        let after = RFC3339.format(TaskRunHealth.runWindowStart(checkedAt: checkedAt))
        let pageSize = min(max(limit, 1), maxLimit)
        var out: [String: TaskRunRecord] = [:]
        var throttled = false
        try await withThrowingTaskGroup(of: (String, TaskRunRecord, Bool).self) { group in
            var pending = tasks.makeIterator()
            func addNext() {
                guard let task = pending.next() else { return }
                if throttled {
                    out[task.id] = TaskRunRecord(unavailable: "runs not read: the server kept answering 429 (too many requests) to the run listings before it")
                    return addNext()
                }
                group.addTask {
                    let (record, throttled) = try await record(client: client, taskID: task.id, afterTime: after, limit: pageSize)
                    return (task.id, record, throttled)
                }
            }
            for _ in 0..<maxConcurrentTasks { addNext() }
            while let (id, record, wasThrottled) = try await group.next() {
                out[id] = record
                throttled = throttled || wasThrottled
                addNext()
            }
        }
        return out
    }

    /// Reads one task's runs and, when its newest run with a verdict (success or failed; a
    /// canceled run has none) failed, that run's log; true
    /// when a read was refused with `429` after the client's retries.
    static func record(client: any InfluxRunsAPI, taskID: String, afterTime: String, limit: Int) async throws -> (TaskRunRecord, Bool) {
        let runs: [InfluxRun]
        do {
            runs = try await client.listRuns(taskID: taskID, afterTime: afterTime, beforeTime: nil, limit: limit)
        } catch let error as InfluxAPIError {
            return (TaskRunRecord(unavailable: "runs could not be read: \(reason(error))"), error.status == 429)
        }
        let date = { (run: InfluxRun) in RFC3339.parse(run.scheduledFor) ?? .distantPast }
        // A canceled run carries no verdict (§12.2): the newest success or failure decides.
        let verdicts = runs.filter { ["success", "failed"].contains($0.status) }
        guard let newest = verdicts.max(by: { (date($0), $0.id) < (date($1), $1.id) }), newest.status == "failed" else {
            return (TaskRunRecord(runs: runs), false)
        }
        do {
            return (TaskRunRecord(runs: runs, failedRunLog: try await client.runLogs(taskID: taskID, runID: newest.id)), false)
        } catch let error as InfluxAPIError {
            return (TaskRunRecord(runs: runs, unavailable: "the log of run \(newest.id) could not be read: \(reason(error))"), error.status == 429)
        }
    }

    /// `404 failed to find runs: task not found`, or the transport failure's description.
    static func reason(_ error: InfluxAPIError) -> String {
        if let status = error.status { return "\(status) \(error.message)" }
        return error.message
    }
}
