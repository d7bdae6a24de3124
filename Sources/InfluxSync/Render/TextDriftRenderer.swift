/// Renders a drift report as plain text for a terminal or a CI log.
///
/// One block per finding (`~` changed, `!` missing, `?` unmanaged, `-` owned but undeclared,
/// `*` not owned, `#` ignored by policy, with `--include-ignored`) with field differences as `field: live X, manifests Y` and the Flux diff
/// indented; then `Run health:` with one line per managed task (`ok`, `FAILING`, `MISSED`,
/// `STUCK`, `NOT STARTED`, `UNAVAILABLE`) and its detail lines; then the summary line. The
/// header names the org by name and ID. No colour codes.
public enum TextDriftRenderer {
    /// The report as text, ending with a newline.
    public static func render(_ report: DriftReport) -> String {
        var out = "Drift report for org \(DisplayText.escaped(report.orgLabel)) (owner label \(DisplayText.quoted(report.ownerLabel))) at \(report.checkedAt)\n"
        if let note = report.schedulerNote { out += "Note: \(DisplayText.escaped(note)).\n" }
        if report.findings.isEmpty {
            out += "\nNo drift: the live org matches the manifests.\n"
        }
        for f in report.findings {
            out += "\n" + headline(f) + "\n"
            for field in f.fields where field.field != "query" || f.fluxDiff == nil {
                // A record property's value (`task.bucket`) is Flux text, shown as the plan shows it.
                let show = field.field.hasPrefix("task.") ? { (v: String?) in v.map(DisplayText.escaped) ?? "(none)" } : quote
                out += "    \(DisplayText.escaped(field.field)): live \(show(field.old)), manifests \(show(field.new))\n"
            }
            if !f.labelsMissing.isEmpty { out += "    labels in the manifests but not live: \(f.labelsMissing.map(DisplayText.quoted).joined(separator: ", "))\n" }
            if !f.labelsExtra.isEmpty { out += "    labels live but not in the manifests: \(f.labelsExtra.map(DisplayText.quoted).joined(separator: ", "))\n" }
            if let diff = f.fluxDiff {
                out += "    query (- live, + manifests):\n"
                for line in diff.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
                    out += "      \(DisplayText.escapedBlock(String(line)))\n"
                }
            }
        }
        if let scriptFindings = report.scriptFindings, !scriptFindings.isEmpty {
            out += "\nWhat the scripts name that the org does not have (their runs fail):\n"
            for f in scriptFindings {
                out += "  \(DisplayText.escaped(f.location.description)): \(DisplayText.escaped(f.message)) [\(f.code)] (task \(DisplayText.quoted(f.task)))\n"
            }
        }
        out += "\nRun health (\(report.runHealth.count) managed \(report.runHealth.count == 1 ? "task" : "tasks")):\n"
        if report.runHealth.isEmpty { out += "  (no managed task is live)\n" }
        for h in report.runHealth {
            out += "  " + healthLine(h) + "\n"
        }
        out += "\n" + report.summaryLine + "\n"
        return out
    }

    static func quote(_ value: String?) -> String {
        guard let value else { return "(none)" }
        return DisplayText.quoted(value)
    }

    static func name(_ r: ResourceRef) -> String {
        var s = "\(r.kind.rawValue) \(DisplayText.quoted(r.name))"
        if let id = r.id { s += " (\(id))" }
        return s
    }

    static func headline(_ f: DriftFinding) -> String {
        let r = f.resource
        let at = r.location.map { " [\(DisplayText.escaped($0.description))]" } ?? ""
        switch f.kind {
        case .changed: return "~ \(name(r)) differs from the manifests\(at) (changed outside git, or a manifest edit not applied yet):"
        case .missing: return "! \(name(r)) is missing: declared\(at) but not in the org (deleted outside git, or never applied)"
        case .unmanaged: return "? \(name(r)) is unmanaged: in the org, declared by no manifest, not owned"
        case .ownedUndeclared:
            if let tasks = f.unmanagedTasks, !tasks.isEmpty {
                let tasksCarry = tasks.count == 1 ? "1 task not managed by us carries" : "\(tasks.count) tasks not managed by us carry"
                return "- \(name(r)) is owned but declared by no manifest (apply --prune keeps it: \(tasksCarry) it)"
            }
            return "- \(name(r)) is owned but declared by no manifest (apply --prune would delete it)"
        case .notOwned: return "* \(name(r)) is declared\(at) but not owned: it lacks the owner label (apply would adopt it)"
        case .duplicate where r.kind == .label:
            return "= \(name(r)) is a duplicate: label \(f.duplicateOf ?? "?") has the same name (ignoring case and spaces); pin one with spec.id and delete the others"
        case .duplicate:
            return "= \(name(r)) is a duplicate of owned task \(f.duplicateOf ?? "?")\(at) (apply --prune deletes the copy)"
        case .ignored:
            let rules = (f.policyRules ?? []).map(DisplayText.escaped).joined(separator: ", ")
            return "# \(name(r)) differs\(at) in fields an ignore policy keeps live (\(rules)); apply leaves them:"
        }
    }

    static func healthLine(_ h: TaskRunHealth) -> String {
        var s = "\(stateWords(h)) \(name(h.task))"
        if let schedule = h.schedule { s += " \(DisplayText.escaped(schedule))" }
        s += ": last run \(DisplayText.escaped(h.lastRunStatus ?? "none"))"
        s += ", latest completed \(DisplayText.escaped(h.latestCompleted ?? "never"))"
        if h.missed, let threshold = h.missedThreshold { s += ", no completed run within \(threshold)" }
        if let error = h.lastRunError { s += "\n      error: \(DisplayText.escaped(error))" }
        if let stuck = h.stuck { s += "\n      stuck: \(DisplayText.escaped(stuck))" }
        if let notStarted = h.notStarted { s += "\n      not started: \(DisplayText.escaped(notStarted))" }
        if let reason = h.unavailable { s += "\n      health unavailable: \(DisplayText.escaped(reason))" }
        return s
    }

    /// `FAILING, STUCK`, or `ok` / `inactive` when nothing is wrong.
    static func stateWords(_ h: TaskRunHealth) -> String {
        var state: [String] = []
        if h.failing { state.append("FAILING") }
        if h.missed { state.append("MISSED") }
        if h.stuck != nil { state.append("STUCK") }
        if h.notStarted != nil { state.append("NOT STARTED") }
        if h.unavailable != nil { state.append("UNAVAILABLE") }
        if state.isEmpty { state.append(h.status == "inactive" ? "inactive" : "ok") }
        return state.joined(separator: ", ")
    }
}
