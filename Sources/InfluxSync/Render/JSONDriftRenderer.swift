/// Renders a drift report as JSON (`drift --format json`), documented by
/// `schemas/drift.schema.json` (draft 2020-12).
///
/// Top level: `formatVersion` (1), `orgID`, `orgName`, `ownerLabel`, `checkedAt`,
/// `schedulerNote`, `summary` (`changed`, `missing`, `unmanaged`, `ownedUndeclared`,
/// `notOwned`, `duplicate`, `failing`, `missed`, `stuck`, `notStarted`, `unavailable`,
/// `managedTasks`), `findings` (each: `kind`, `resource`, `fields` [{`field`, `live`,
/// `manifests`}], `fluxDiff`, `labelsMissing`, `labelsExtra`, `duplicateOf`, and for a kept label `unmanagedTasks`) and `runHealth`
/// (each: `task`, `status`, `schedule`, `lastRunStatus`, `lastRunError`, `latestCompleted`,
/// `source`, `failing`, `missed`, `missedThreshold`, `stuck`, `notStarted`, `unavailable`,
/// `recentRuns` [{`id`, `status`, `scheduledFor`}], oldest first). Every key is always present; absent values are
/// `null`. Keys sorted, two-space indentation, trailing newline.
public enum JSONDriftRenderer {
    /// The report as a JSON document.
    public static func render(_ report: DriftReport) -> String {
        encodeJSON(Document(report: report))
    }

    struct Document: Encodable {
        let report: DriftReport
        enum Keys: String, CodingKey { case formatVersion, orgID, orgName, ownerLabel, checkedAt, schedulerNote, summary, findings, runHealth, scriptFindings }
        enum SummaryKeys: String, CodingKey {
            case changed, missing, unmanaged, ownedUndeclared, notOwned, duplicate, failing, missed, stuck, notStarted, unavailable, managedTasks
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(1, forKey: .formatVersion)
            try c.encode(report.orgID, forKey: .orgID)
            try c.encode(report.orgName, forKey: .orgName)
            try c.encode(report.schedulerNote, forKey: .schedulerNote)
            try c.encode(report.ownerLabel, forKey: .ownerLabel)
            try c.encode(report.checkedAt, forKey: .checkedAt)
            var s = c.nestedContainer(keyedBy: SummaryKeys.self, forKey: .summary)
            try s.encode(report.findingsOf(.changed).count, forKey: .changed)
            try s.encode(report.findingsOf(.missing).count, forKey: .missing)
            try s.encode(report.findingsOf(.unmanaged).count, forKey: .unmanaged)
            try s.encode(report.findingsOf(.ownedUndeclared).count, forKey: .ownedUndeclared)
            try s.encode(report.findingsOf(.notOwned).count, forKey: .notOwned)
            try s.encode(report.findingsOf(.duplicate).count, forKey: .duplicate)
            try s.encode(report.failing.count, forKey: .failing)
            try s.encode(report.missed.count, forKey: .missed)
            try s.encode(report.stuck.count, forKey: .stuck)
            try s.encode(report.notStarted.count, forKey: .notStarted)
            try s.encode(report.unavailable.count, forKey: .unavailable)
            try s.encode(report.runHealth.count, forKey: .managedTasks)
            try c.encode(report.findings.map(Finding.init), forKey: .findings)
            try c.encode(report.runHealth.map(Health.init), forKey: .runHealth)
            try c.encode((report.scriptFindings ?? []).map(JSONFinding.init), forKey: .scriptFindings)
        }
    }

    struct Finding: Encodable {
        let finding: DriftFinding
        init(_ finding: DriftFinding) { self.finding = finding }
        enum Keys: String, CodingKey { case kind, resource, fields, fluxDiff, labelsMissing, labelsExtra, duplicateOf, unmanagedTasks, policyRules }
        enum FieldKeys: String, CodingKey { case field, live, manifests }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(finding.kind.rawValue, forKey: .kind)
            try c.encode(JSONResource(finding.resource), forKey: .resource)
            var fields = c.nestedUnkeyedContainer(forKey: .fields)
            for f in finding.fields {
                var fc = fields.nestedContainer(keyedBy: FieldKeys.self)
                try fc.encode(f.field, forKey: .field)
                try fc.encode(f.old, forKey: .live)
                try fc.encode(f.new, forKey: .manifests)
            }
            try c.encode(finding.fluxDiff, forKey: .fluxDiff)
            try c.encode(finding.labelsMissing, forKey: .labelsMissing)
            try c.encode(finding.labelsExtra, forKey: .labelsExtra)
            try c.encode(finding.duplicateOf, forKey: .duplicateOf)
            try c.encodeIfPresent(finding.unmanagedTasks, forKey: .unmanagedTasks)
            try c.encodeIfPresent(finding.policyRules, forKey: .policyRules)
        }
    }

    struct Health: Encodable {
        let health: TaskRunHealth
        init(_ health: TaskRunHealth) { self.health = health }
        enum Keys: String, CodingKey {
            case task, status, schedule, lastRunStatus, lastRunError, latestCompleted, source, failing, missed, missedThreshold
            case stuck, notStarted, unavailable, recentRuns
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(JSONResource(health.task), forKey: .task)
            try c.encode(health.status, forKey: .status)
            try c.encode(health.schedule, forKey: .schedule)
            try c.encode(health.lastRunStatus, forKey: .lastRunStatus)
            try c.encode(health.lastRunError, forKey: .lastRunError)
            try c.encode(health.latestCompleted, forKey: .latestCompleted)
            try c.encode(health.source.rawValue, forKey: .source)
            try c.encode(health.failing, forKey: .failing)
            try c.encode(health.missed, forKey: .missed)
            try c.encode(health.missedThreshold, forKey: .missedThreshold)
            try c.encode(health.stuck, forKey: .stuck)
            try c.encode(health.notStarted, forKey: .notStarted)
            try c.encode(health.unavailable, forKey: .unavailable)
            try c.encode(health.recentRuns, forKey: .recentRuns)
        }
    }
}
