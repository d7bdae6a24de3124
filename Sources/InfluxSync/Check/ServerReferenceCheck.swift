/// The checks of task scripts against the server (pure): every literal bucket a declared task
/// reads or writes must exist in the org, and every literal `secrets.get` key must be one of
/// the org's secret keys — InfluxDB 2.7 accepts such a task on create and fails it at every
/// run (§22, §23). One finding per task and missing name (the first place it is named).
public enum ServerReferenceCheck {
    /// The findings for `tasks` against `facts`, in task order then script order.
    /// - Parameters:
    ///   - strict: findings are errors (`--strict`); otherwise warnings.
    ///   - org: the org's name for the messages.
    public static func findings(tasks: [DesiredTask], facts: ServerFacts, org: String, strict: Bool) -> [ScriptFinding] {
        let severity: ScriptFinding.Severity = strict ? .error : .warning
        let bucketList = (facts.bucketNames ?? []).sorted()
        let secretList = (facts.secretKeys ?? []).sorted()
        var findings: [ScriptFinding] = []
        for task in tasks {
            var seen: Set<ScriptReference.Kind.RawValue> = []
            for reference in task.references where seen.insert("\(reference.kind.rawValue)\u{0}\(reference.name)").inserted {
                switch reference.kind {
                case .bucket:
                    guard let names = facts.bucketNames, !names.contains(reference.name) else { continue }
                    findings.append(
                        ScriptFinding(
                            severity: severity, code: .missingBucket, task: task.key, location: reference.location,
                            message: "bucket \"\(reference.name)\" (\(reference.function)) does not exist in org \"\(org)\": every run of the task would fail",
                            suggestion: EditDistance.suggestion(for: reference.name, among: bucketList)))
                case .bucketID:
                    guard let ids = facts.bucketIDs, !ids.contains(reference.name) else { continue }
                    findings.append(
                        ScriptFinding(
                            severity: severity, code: .missingBucket, task: task.key, location: reference.location,
                            message: "no bucket with ID \"\(reference.name)\" (\(reference.function)) in org \"\(org)\": every run of the task would fail"))
                case .secret:
                    guard let keys = facts.secretKeys, !keys.contains(reference.name) else { continue }
                    findings.append(
                        ScriptFinding(
                            severity: severity, code: .missingSecret, task: task.key, location: reference.location,
                            message: "secret key \"\(reference.name)\" (\(reference.function)) is not set in org \"\(org)\": every run of the task would fail",
                            suggestion: EditDistance.suggestion(for: reference.name, among: secretList)))
                }
            }
        }
        return findings
    }

    /// True when some task names a bucket or secret, so the server's lists are worth reading.
    public static func needsFacts(_ tasks: [DesiredTask]) -> Bool { tasks.contains { !$0.references.isEmpty } }

    /// The bucket names the tasks use (for `ServerFactsFetcher`'s lookups).
    public static func bucketNames(_ tasks: [DesiredTask]) -> Set<String> {
        var names = Set<String>()
        // By index: a task is a large value, not worth a copy per task for its references.
        for index in tasks.indices {
            for reference in tasks[index].references where reference.kind == .bucket { names.insert(reference.name) }
        }
        return names
    }
}
