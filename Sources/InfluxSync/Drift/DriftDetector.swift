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
        let plan = try Planner.plan(desired: desired, live: live, options: PlanOptions(ownerLabel: ownerLabel, prune: false))
        return report(plan: plan, live: live, runs: runs, checkedAt: checkedAt)
    }

    /// Turns a plan (computed without `--prune`) into a report:
    /// `create` → missing, `update` → changed, `adopt` → not owned, `would-prune`/`delete` →
    /// owned but undeclared (an owned duplicate task → duplicate), `unmanaged` → unmanaged;
    /// every live label whose name a lower-ID live label shares → duplicate; run health for
    /// every managed task.
    public static func report(plan: Plan, live: LiveState, runs: [String: [InfluxRun]], checkedAt: Date) -> DriftReport {
        var findings: [DriftFinding] = []
        let isOwner = { (name: String) in Self.sameLabelName(name, plan.ownerLabel) }
        for change in plan.changes {
            switch change.action {
            case .create:
                findings.append(DriftFinding(kind: .missing, resource: change.resource))
            case .update:
                findings.append(DriftFinding(kind: .changed, resource: change.resource, fields: change.fields, fluxDiff: change.fluxDiff,
                                             labelsMissing: change.labelsAdded, labelsExtra: change.labelsRemoved))
            case .adopt:
                findings.append(DriftFinding(kind: .notOwned, resource: change.resource, fields: change.fields, fluxDiff: change.fluxDiff,
                                             labelsMissing: change.labelsAdded.filter { !isOwner($0) }, labelsExtra: change.labelsRemoved))
            case .delete, .wouldPrune:
                if let kept = change.duplicateOf {
                    findings.append(DriftFinding(kind: .duplicate, resource: change.resource, duplicateOf: kept))
                } else {
                    findings.append(DriftFinding(kind: .ownedUndeclared, resource: change.resource))
                }
            }
        }
        findings += plan.unmanaged.map { DriftFinding(kind: .unmanaged, resource: $0) }
        // Live labels sharing a name (InfluxDB accepted them until late 2019): every one but
        // the lowest ID, whether or not a manifest declares the name.
        let groups = Dictionary(grouping: live.labels, by: { Ownership.labelIdentity($0.name) })
        for group in groups.values.map({ $0.sorted { $0.id < $1.id } }).sorted(by: { $0[0].id < $1[0].id }) where group.count > 1 {
            for label in group.dropFirst() {
                findings.append(DriftFinding(kind: .duplicate, resource: ResourceRef(kind: .label, name: label.name, id: label.id), duplicateOf: group[0].id))
            }
        }

        let managed = managedTasks(plan: plan, live: live)
        let refs = Dictionary(plan.changes.compactMap { c -> (String, ResourceRef)? in c.resource.kind == .task ? c.resource.id.map { ($0, c.resource) } : nil },
                              uniquingKeysWith: { a, _ in a })
        let health = managed.map { task in
            TaskRunHealth.evaluate(task: task, ref: refs[task.id] ?? ResourceRef(kind: .task, name: task.name, id: task.id),
                                   runs: runs[task.id], checkedAt: checkedAt)
        }
        return DriftReport(orgID: plan.orgID, ownerLabel: plan.ownerLabel, checkedAt: RFC3339.format(checkedAt),
                           findings: findings, runHealth: health)
    }

    /// The live tasks a manifest declares, ordered by ID: owned tasks that are not
    /// owned-but-undeclared, plus tasks the plan would adopt.
    public static func managedTasks(plan: Plan, live: LiveState) -> [InfluxTask] {
        let undeclared = Set(plan.changes.filter { [.delete, .wouldPrune].contains($0.action) && $0.resource.kind == .task }.compactMap(\.resource.id))
        // (Owned duplicates are delete/would-prune changes too, so they are left out here.)
        let adopted = Set(plan.changes.filter { $0.action == .adopt && $0.resource.kind == .task }.compactMap(\.resource.id))
        let unmanaged = Set(plan.unmanaged.compactMap(\.id))
        return live.tasks.filter { task in
            guard !undeclared.contains(task.id), !unmanaged.contains(task.id) else { return false }
            return adopted.contains(task.id) || task.labels.contains { sameLabelName($0.name, plan.ownerLabel) }
        }.sorted { $0.id < $1.id }
    }

    /// Label names compare as InfluxDB enforces uniqueness: trimmed, case-insensitive (§10.1).
    static func sameLabelName(_ a: String, _ b: String) -> Bool {
        a.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == b.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

/// Reads the runs `TaskRunHealth` needs: for each task whose object lacks `latestCompleted` or
/// `lastRunStatus`, one `GET /api/v2/tasks/{id}/runs?afterTime=<window start>&limit=100`
/// (§12.3). Tasks with complete objects cost no request.
public enum RunHistory {
    /// Runs listed per task ID.
    /// - Throws: `InfluxAPIError` from the client.
    public static func fetch(client: any InfluxAPIClient, tasks: [InfluxTask], checkedAt: Date) async throws -> [String: [InfluxRun]] {
        var out: [String: [InfluxRun]] = [:]
        for task in tasks where TaskRunHealth.needsRunHistory(task) {
            let after = RFC3339.format(TaskRunHealth.runWindowStart(for: task, checkedAt: checkedAt))
            out[task.id] = try await client.listRuns(taskID: task.id, afterTime: after, limit: 100)
        }
        return out
    }
}
